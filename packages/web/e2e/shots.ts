import fs from 'node:fs';
import path from 'node:path';
import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { en } from '../src/app/i18n/en';
import { zhCN } from '../src/app/i18n/zhCN';
import { DESKTOP, PHONE, UI_TIMEOUT_MS } from './harness';

// What every opt-in screenshot suite shares (LIAO_SCREENSHOTS=1): where the pictures go, the
// matrix they are taken in, and how a picture is taken once the page is still.

/** packages/web/e2e/screenshots/ (ignored by git). */
export const SHOTS_DIR = path.resolve(import.meta.dirname, 'screenshots');
export const LOCALES = ['zh-CN', 'en'] as const;
export const THEMES = ['light', 'dark'] as const;
export const DEVICES = { desktop: DESKTOP, phone: PHONE } as const;
export type Locale = (typeof LOCALES)[number];
export type Theme = (typeof THEMES)[number];
export type Device = keyof typeof DEVICES;
/** The app's own strings, so that one script finds the same buttons in either language. */
export const STRINGS = { 'zh-CN': zhCN, en } as const;

/** Fills a string's {{placeholders}} as i18next would. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));
}

/** The browser settings of one cell of the matrix; motion off, so pictures do not catch a transition. */
export function shotOptions(locale: Locale, theme: Theme, device: Device): BrowserContextOptions {
  return { ...DEVICES[device], locale, colorScheme: theme, reducedMotion: 'reduce' };
}

/** A browser context signed in as the holder of `token` (its session cookie set). */
export async function signedInContext(
  browser: Browser,
  url: string,
  token: string,
  options: BrowserContextOptions,
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url }]);
  return context;
}

/** Waits until the page is still: fonts loaded, pictures decoded. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
  });
}

/** Takes `<name>.png` into SHOTS_DIR once the page is still. */
export async function shoot(page: Page, name: string): Promise<void> {
  await settle(page);
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
}
