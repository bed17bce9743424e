import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, createServer, type LiaoServer, loadConfig } from '@liao/server';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { findBinary } from '../../../scripts/prerequisites.mjs';

/**
 * The built app the server serves; `npm test` builds it first (`npm run build -w @liao/web`).
 * LIAO_E2E_WEB_DIST points elsewhere, so that two builds in progress don't share one folder.
 */
export const WEB_DIST = process.env.LIAO_E2E_WEB_DIST ?? path.resolve(import.meta.dirname, '../dist');

/** How long a person waits for something to appear before the test calls it missing. */
export const UI_TIMEOUT_MS = 10_000;

export interface TestServer {
  server: LiaoServer;
  url: string;
  stop(): Promise<void>;
}

/**
 * A real server on an ephemeral port with a fresh data folder, serving the built web app.
 * `configure` may change the configuration first (the screenshots raise rate limits).
 */
export async function startServer(configure?: (config: Config) => void): Promise<TestServer> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`No built web app in ${WEB_DIST}: run \`npm run build -w @liao/web\` first.`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-e2e-'));
  const config = loadConfig({
    LIAO_PORT: '0',
    LIAO_HOST: '127.0.0.1',
    LIAO_DATA_DIR: dataDir,
    LIAO_LOG_LEVEL: 'silent',
    LIAO_WEB_DIR: WEB_DIST,
  });
  configure?.(config);
  const server = await createServer(config);
  const { url } = await server.listen();
  return {
    server,
    url,
    async stop() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `args` are added to the standard flags (a fake camera for the phone that scans a QR code). */
export function launchBrowser(options: { args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    // Where npm test's prerequisite step found it (scripts/prerequisites.mjs).
    executablePath: process.env.LIAO_CHROMIUM ?? findBinary('chromium') ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
}

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
};

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Every error the page logged or threw (a CSP refusal shows up here too). */
  problems: string[];
}

/** One person at their own browser: a separate context, so separate cookies. */
export async function openBrowserFor(browser: Browser, options: BrowserContextOptions = {}): Promise<Person> {
  const context = await browser.newContext({ locale: 'zh-CN', ...DESKTOP, ...options });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every refused request (401 before sign-in, 404 for a search that
    // finds no one); those are answers the app handles, not faults.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return { context, page, problems };
}

/** A username no other test run has used (the data folder is fresh, but be safe). */
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
