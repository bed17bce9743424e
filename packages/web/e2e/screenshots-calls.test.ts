import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchCallBrowser, startCallServer } from './callHarness';
import { openBrowserFor, type TestServer, uniqueName } from './harness';
import { befriend, connectedClient, makeAccount, makeAvatarPng } from './seed';
import { DEVICES, type Device, LOCALES, type Locale, STRINGS, shoot, shotOptions, THEMES } from './shots';

// Pictures of a one-to-one video call (issue 19): ringing, waiting, in the call, and made small
// over the chat; both languages, both themes, desktop and phone. Opt-in, as the others:
//   LIAO_SCREENSHOTS=1 npx vitest run --project e2e packages/web/e2e/screenshots-calls.test.ts

const CAST: Record<Locale, { caller: string; callee: string; said: [string, string] }> = {
  'zh-CN': { caller: '林晓', callee: '王芳', said: ['晚上视频聊聊？', '好呀，等我五分钟'] },
  en: {
    caller: 'Maya Lin',
    callee: 'Alice Chen',
    said: ['Video chat tonight?', 'Sure, give me five minutes'],
  },
};

async function remoteVideoPlays(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (document.querySelector<HTMLVideoElement>('video[data-call-video="remote"]')?.videoWidth ?? 0) > 0,
    undefined,
    { timeout: 20_000 },
  );
}

describe.skipIf(!process.env.LIAO_SCREENSHOTS)(
  'screenshots of calls (opt-in: set LIAO_SCREENSHOTS=1 to write them)',
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
            const s = STRINGS[locale];
            const cast = CAST[locale];
            const name = (screen: string) => `calls-${screen}-${device}-${locale}-${theme}`;
            const caller = await makeAccount(env.url, uniqueName('caller'), cast.caller, {
              avatar: makeAvatarPng([255, 176, 136], [236, 96, 120], [255, 240, 200]),
            });
            const callee = await makeAccount(env.url, uniqueName('callee'), cast.callee, {
              avatar: makeAvatarPng([120, 190, 255], [90, 110, 220], [255, 255, 255]),
            });
            await befriend(caller, callee);
            const chatId = await caller.client.api.openDirect(callee.me.id);
            const [callerSdk, calleeSdk] = await Promise.all([
              connectedClient(env.url, caller),
              connectedClient(env.url, callee),
            ]);
            await callerSdk.sendText(chatId, cast.said[0]);
            await calleeSdk.sendText(chatId, cast.said[1]);
            callerSdk.disconnect();
            calleeSdk.disconnect();

            const open = async (token: string) => {
              const person = await openBrowserFor(browser, shotOptions(locale, theme, device));
              await person.context.addCookies([{ name: SESSION_COOKIE, value: token, url: env.url }]);
              await person.page.goto(`${env.url}/chat/${chatId}`);
              await person.page.getByRole('region').getByText(cast.said[1]).last().waitFor();
              return person;
            };
            const a = await open(caller.token);
            const b = await open(callee.token);
            try {
              const startCall = async (media: 'voice' | 'video') => {
                if (device === 'desktop') {
                  await a.page
                    .getByRole('region', { name: cast.callee })
                    .getByRole('button', { name: s.calls[media] })
                    .click();
                  return;
                }
                await a.page.getByRole('button', { name: s.composer.more, exact: true }).click();
                await a.page.getByRole('menuitem', { name: s.calls[media] }).click();
              };
              if (device === 'phone') {
                await a.page.getByRole('button', { name: s.composer.more, exact: true }).click();
                await a.page.getByRole('menuitem', { name: s.calls.video }).waitFor();
                await shoot(a.page, name('menu'));
                await a.page.keyboard.press('Escape');
              }
              await startCall('video');
              const waiting = a.page.getByText(s.calls.waiting);
              await waiting.waitFor();
              const ringing = b.page.getByRole('alertdialog', { name: s.calls.incoming });
              await ringing.getByText(s.calls.invitedVideo).waitFor();
              await shoot(a.page, name('outgoing'));
              await shoot(b.page, name('incoming'));

              await ringing.getByRole('button', { name: s.calls.acceptVideo }).click();
              await Promise.all([remoteVideoPlays(a.page), remoteVideoPlays(b.page)]);
              // The other side muted: its mark shows in the picture.
              await b.page.getByRole('button', { name: s.calls.mute, exact: true }).click();
              await a.page.getByText(s.calls.theyMuted).waitFor();
              await a.page.getByText(/^00:0[2-9]$/).waitFor({ timeout: 15_000 });
              await shoot(a.page, name('video'));

              await a.page.getByRole('button', { name: s.calls.minimise }).click();
              await a.page.getByRole('button', { name: s.calls.restore }).waitFor();
              await remoteVideoPlays(a.page);
              await shoot(a.page, name('minimised'));
              await a.page.getByRole('button', { name: s.calls.hangUp }).click();
              await b.page.getByRole('dialog', { name: s.calls.screen }).waitFor({ state: 'hidden' });

              await startCall('voice');
              await ringing.getByRole('button', { name: s.calls.acceptVoice }).click();
              await a.page.getByText(/^00:0[2-9]$/).waitFor({ timeout: 15_000 });
              await shoot(a.page, name('voice'));
              await a.page.getByRole('button', { name: s.calls.hangUp }).click();
            } finally {
              await a.context.close();
              await b.context.close();
            }
          });
        }
      }
    }
  },
);
