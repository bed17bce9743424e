import fs from 'node:fs';
import path from 'node:path';
import { LiaoClient, MemoryStore } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DESKTOP, launchBrowser, PHONE, startServer, type TestServer, UI_TIMEOUT_MS } from './harness';
import { CASTS, type Cast } from './scenes';
import { type Account, befriend, makeAccount, makeAvatarPng, signInElsewhere } from './seed';

// Pictures of every screen in both languages, both themes, desktop and phone, for people to
// look at (not compared automatically). Opt-in, because they take a while:
//   LIAO_SCREENSHOTS=1 npx vitest run --project e2e packages/web/e2e/screenshots.test.ts
// They land in packages/web/e2e/screenshots/ (ignored by git).

const OUT = path.resolve(import.meta.dirname, 'screenshots');
const LOCALES = ['zh-CN', 'en'] as const;
const THEMES = ['light', 'dark'] as const;
const DEVICES = { desktop: DESKTOP, phone: PHONE } as const;

type Locale = (typeof LOCALES)[number];

interface Scene {
  cast: Cast;
  me: Account;
  openId: string;
  chatId: string;
}

/** Says the cast's chat lines through SDK clients with a local store, in order. */
async function playChat(url: string, me: Account, friend: Account, lines: Cast['chat']): Promise<string> {
  const chatId = await me.client.api.openDirect(friend.me.id);
  const talkers = [me, friend].map(
    (a) =>
      new LiaoClient({
        baseUrl: url,
        token: a.token,
        store: new MemoryStore(),
        createSocket: nodeSocketFactory(() => a.token),
      }),
  );
  await Promise.all(talkers.map((c) => c.connect()));
  const [mine, theirs] = talkers as [LiaoClient, LiaoClient];
  for (const line of lines) {
    const client = line.mine ? mine : theirs;
    await client.sendText(chatId, line.text);
    await client.whenSent();
  }
  // I have read everything; the friend has read up to my last line (so it says 已读 / Read).
  await mine.whenSynced();
  const lastSeq = mine.getConversation(chatId)?.lastSeq ?? 0;
  await mine.request('read', { conversationId: chatId, seq: lastSeq });
  await theirs.request('read', { conversationId: chatId, seq: lastSeq });
  await Promise.all(talkers.map((c) => c.shutdown()));
  return chatId;
}

/** Builds one language's cast on the server through the SDK. */
async function buildScene(url: string, cast: Cast): Promise<Scene> {
  const png = (colours: Cast['me']['avatar']) => makeAvatarPng(...colours);
  const me = await makeAccount(url, cast.me.username, cast.me.name, {
    signature: cast.me.signature,
    avatar: png(cast.me.avatar),
    device: { name: 'Chrome · Windows', platform: 'web' },
  });
  await signInElsewhere(url, cast.me.username, { name: 'MacBook Pro', platform: 'desktop' });
  await signInElsewhere(url, cast.me.username, { name: 'iPhone 15', platform: 'phone' });
  let openId = '';
  let openFriend: Account | null = null;
  await Promise.all(
    cast.friends.map(async (f) => {
      const friend = await makeAccount(url, f.username, f.name, {
        ...(f.signature ? { signature: f.signature } : {}),
        ...(f.avatar ? { avatar: png(f.avatar) } : {}),
      });
      await befriend(friend, me);
      if (f.remark) await me.client.api.setRemark(friend.me.id, f.remark);
      if (f.username === cast.open) {
        openId = friend.me.id;
        openFriend = friend;
      }
    }),
  );
  const accepted = await makeAccount(url, cast.accepted.username, cast.accepted.name);
  await befriend(accepted, me, cast.accepted.greeting);
  const declined = await makeAccount(url, cast.declined.username, cast.declined.name);
  const { request } = await declined.client.api.sendFriendRequest(me.me.id, cast.declined.greeting);
  await me.client.api.declineFriendRequest(request.id);
  await me.client.api.block(declined.me.id);
  const outgoing = await makeAccount(url, cast.outgoing.username, cast.outgoing.name);
  await me.client.api.sendFriendRequest(outgoing.me.id, cast.outgoing.greeting);
  // The pending ones last, so they are the newest at the top.
  for (const r of cast.incoming) {
    const sender = await makeAccount(url, r.username, r.name);
    await sender.client.api.sendFriendRequest(me.me.id, r.greeting);
  }
  await makeAccount(url, cast.stranger.username, cast.stranger.name, {
    signature: cast.stranger.signature,
    avatar: png(cast.stranger.avatar),
  });
  if (!openFriend) throw new Error('the cast has no open friend');
  const chatId = await playChat(url, me, openFriend, cast.chat);
  return { cast, me, openId, chatId };
}

/** Waits until the page is still: fonts loaded, pictures decoded. */
async function settle(page: Page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
  });
}

async function shoot(page: Page, name: string) {
  await settle(page);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

describe.skipIf(!process.env.LIAO_SCREENSHOTS)(
  'screenshots (opt-in: set LIAO_SCREENSHOTS=1 to write them)',
  () => {
    let env: TestServer;
    let browser: Browser;
    const scenes = new Map<Locale, Scene>();

    beforeAll(async () => {
      fs.mkdirSync(OUT, { recursive: true });
      [env, browser] = await Promise.all([
        startServer((config) => {
          // One address makes every account here; the limits guard real servers, not this one.
          config.rateLimits.registrationsPerAddress = { limit: 1000, windowMs: 60_000 };
          config.rateLimits.searchesPerUser = { limit: 1000, windowMs: 60_000 };
        }),
        launchBrowser(),
      ]);
      for (const locale of LOCALES) scenes.set(locale, await buildScene(env.url, CASTS[locale]));
    });

    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    for (const locale of LOCALES) {
      for (const theme of THEMES) {
        for (const device of Object.keys(DEVICES) as (keyof typeof DEVICES)[]) {
          it(`${locale} ${theme} ${device}`, async () => {
            const scene = scenes.get(locale)!;
            const options: BrowserContextOptions = {
              ...DEVICES[device],
              locale,
              colorScheme: theme,
              reducedMotion: 'reduce',
            };
            const context = await browser.newContext(options);
            context.setDefaultTimeout(UI_TIMEOUT_MS);
            const page = await context.newPage();
            const name = (screen: string) => `${screen}-${device}-${locale}-${theme}`;
            const m = device === 'phone' ? '/m' : '';
            const { cast } = scene;

            await page.goto(`${env.url}/signin`);
            await page.locator('.auth__title').waitFor();
            await shoot(page, name('signin'));
            await page.goto(`${env.url}/signup`);
            await page.locator('.auth__title').waitFor();
            await shoot(page, name('signup'));
            // A taken username (the server's answer) and a short password (checked before sending).
            await page.locator('input[autocomplete=username]').fill(cast.me.username);
            await page.locator('input[autocomplete=nickname]').fill(cast.me.name);
            await page.locator('input[autocomplete=new-password]').fill('long enough 1');
            await page.locator('button[type=submit]').click();
            await page.locator('.field__error').waitFor();
            await page.locator('input[autocomplete=new-password]').fill('short');
            await page.locator('button[type=submit]').click();
            await page.locator('.field__error').nth(1).waitFor();
            await shoot(page, name('signup-errors'));

            await context.addCookies([{ name: SESSION_COOKIE, value: scene.me.token, url: env.url }]);
            const openName = cast.friends.find((f) => f.username === cast.open)!.name;

            await page.goto(`${env.url}${m}/`);
            await page.locator('.conv-row').first().waitFor();
            await shoot(page, name('messages'));
            await page.goto(`${env.url}${m}/chat/${scene.chatId}`);
            await page.locator('.msg__receipt').waitFor();
            await shoot(page, name('chat'));

            if (device === 'phone') {
              await page.goto(`${env.url}${m}/friends`);
              await page.getByRole('button', { name: openName, exact: true }).waitFor();
              await shoot(page, name('friends'));
            }
            await page.goto(`${env.url}${m}/friends/${scene.openId}`);
            await page.getByRole('heading', { name: openName }).first().waitFor();
            await shoot(page, name('contact'));

            await page.goto(`${env.url}${m}/friends/new`);
            await page.getByText(cast.incoming[0]!.greeting).waitFor();
            await shoot(page, name('requests'));

            await page.goto(`${env.url}${m}/friends/add`);
            await page.locator('.add-friend input').fill(cast.stranger.username);
            await page.locator('.add-friend__search button[type=submit]').click();
            await page.getByRole('article', { name: cast.stranger.name }).waitFor();
            await shoot(page, name('add-friend'));

            if (device === 'phone') {
              await page.goto(`${env.url}${m}/settings`);
              await page.locator('.me-card').waitFor();
              await shoot(page, name('me'));
            }
            await page.goto(`${env.url}${m}/settings/profile`);
            await page.getByText(`@${cast.me.username}`).first().waitFor();
            await shoot(page, name('settings'));

            await page.goto(`${env.url}${m}/settings/devices`);
            await page.locator('.device__current').waitFor();
            await shoot(page, name('devices'));

            await page.goto(`${env.url}${m}/settings/blocked`);
            await page.getByText(`@${cast.declined.username}`).waitFor();
            await shoot(page, name('blocked'));

            await page.goto(`${env.url}${m}/settings/general`);
            await page.locator('.segmented').first().waitFor();
            await shoot(page, name('general'));
            await context.close();
          });
        }
      }
    }
  },
);
