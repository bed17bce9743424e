import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchCallBrowser, openChatAs, startCallServer } from './callHarness';
import { type Person, type TestServer, uniqueName } from './harness';
import { befriend, makeAccount, makeAvatarPng } from './seed';
import {
  DEVICES,
  type Device,
  fill,
  LOCALES,
  type Locale,
  STRINGS,
  shoot,
  shotOptions,
  signedInContext,
  THEMES,
} from './shots';

// Pictures of a group call (issue 19): the bar under a group chat's header while a call runs,
// and the grid once joined; both languages, both themes, desktop and phone. Opt-in:
//   LIAO_SCREENSHOTS=1 npx vitest run --project e2e packages/web/e2e/screenshots-group-calls.test.ts

const CAST: Record<Locale, { group: string; names: [string, string, string] }> = {
  'zh-CN': { group: '周末爬山', names: ['林晓', '王芳', '陈磊'] },
  en: { group: 'Weekend hike', names: ['Maya Lin', 'Alice Chen', 'Leo Park'] },
};

async function playing(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll<HTMLVideoElement>('[data-call-tile] video')].filter(
        (v) => v.videoWidth > 0,
      ).length >= n,
    count,
    { timeout: 25_000 },
  );
}

describe.skipIf(!process.env.LIAO_SCREENSHOTS)(
  'screenshots of group calls (opt-in: set LIAO_SCREENSHOTS=1 to write them)',
  () => {
    let env: TestServer;
    let browser: Browser;

    beforeAll(async () => {
      [env, browser] = await Promise.all([startCallServer(), launchCallBrowser()]);
    });

    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    for (const locale of LOCALES) {
      for (const theme of THEMES) {
        for (const device of Object.keys(DEVICES) as Device[]) {
          it(`${locale} ${theme} ${device}`, { timeout: 120_000 }, async () => {
            const s = STRINGS[locale].calls;
            const cast = CAST[locale];
            const name = (screen: string) => `group-calls-${screen}-${device}-${locale}-${theme}`;
            const colours: [number, number, number][] = [
              [255, 176, 136],
              [120, 190, 255],
              [150, 220, 160],
            ];
            const [me, first, second] = await Promise.all(
              cast.names.map((display, i) =>
                makeAccount(env.url, uniqueName('member'), display, {
                  avatar: makeAvatarPng(colours[i] ?? [200, 200, 200], [90, 110, 220], [255, 255, 255]),
                }),
              ),
            );
            if (!me || !first || !second) throw new Error('accounts missing');
            await Promise.all([befriend(me, first), befriend(me, second)]);
            const group = await me.client.api.createGroup({
              memberIds: [first.me.id, second.me.id],
              name: cast.group,
            });
            const others: Person[] = [];
            for (const account of [first, second])
              others.push(await openChatAs(browser, env.url, account.token, group.id));
            const [caller, callee] = others.map((p) => p.page) as [Page, Page];

            // The viewer in this cell's language, theme and size.
            const ctx = await signedInContext(browser, env.url, me.token, shotOptions(locale, theme, device));
            const page = await ctx.newPage();
            await page.goto(`${env.url}/chat/${group.id}`);

            await caller
              .getByRole('region', { name: cast.group })
              .getByRole('button', { name: '视频通话' })
              .click();
            await callee
              .getByRole('alertdialog', { name: '来电' })
              .getByRole('button', { name: '视频接听' })
              .click();
            await page.getByRole('alertdialog').getByRole('button', { name: s.decline }).click();
            const bar = page
              .getByRole('status')
              .filter({ hasText: `${s.barInCall} · ${fill(s.barCount, { count: 2 })}` });
            await bar.waitFor();
            await shoot(page, name('bar'));

            await bar.getByRole('button', { name: s.join }).click();
            await page.getByRole('button', { name: s.cameraOn }).click();
            await playing(page, 3);
            await shoot(page, name('grid'));

            await ctx.close();
            for (const person of others) await person.context.close();
          });
        }
      }
    }
  },
);
