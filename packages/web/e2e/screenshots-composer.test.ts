import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchBrowser, startServer, type TestServer } from './harness';
import { CASTS, type Cast } from './scenes';
import { type Account, befriend, connectedClient, makeAccount, makeAvatarPng } from './seed';
import { DEVICES, LOCALES, type Locale, STRINGS, shoot, shotOptions, signedInContext, THEMES } from './shots';

// Pictures of the typing line, the composer near and past its limit, the image send dialog and a chat opened
// with unread messages below, in both languages, both themes, desktop and phone. Opt-in, as
// the other screenshots:
//   LIAO_SCREENSHOTS=1 npx vitest run --project e2e packages/web/e2e/screenshots-composer.test.ts
// They land in packages/web/e2e/screenshots/ (ignored by git).

/** A long paragraph to fill the composer with, in the cast's language. */
const PROSE = {
  'zh-CN': '周末去香山的路线我整理好了：早上八点在地铁站 A 口集合，先坐公交到东门，再沿着步道慢慢往上走。',
  en: 'Here is the plan for Saturday: meet at exit A at eight, take the bus to the east gate, then walk up slowly. ',
} as const;

/** Photo-like pictures (sky, sea, dusk) of different shapes, drawn with sharp. */
function makePhoto(width: number, height: number, sky: string, ground: string, sun: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="#f6e3c8"/>
    </linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#s)"/>
    <circle cx="${width * 0.7}" cy="${height * 0.3}" r="${Math.min(width, height) * 0.09}" fill="${sun}"/>
    <path d="M0 ${height * 0.65} Q${width * 0.3} ${height * 0.5} ${width * 0.55} ${height * 0.62} T${width} ${height * 0.58} L${width} ${height} L0 ${height}Z" fill="${ground}"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

interface Scene {
  me: Account;
  chatId: string;
  unreadId: string;
  writer: Account;
  /** The other side of the chat at chatId. */
  friend: Account;
}

/** Me, a friend with the cast's chat, and a second friend who wrote more than fits while I was away. */
async function buildScene(url: string, cast: Cast): Promise<Scene> {
  const me = await makeAccount(url, `${cast.me.username}c`, cast.me.name, {
    avatar: makeAvatarPng(...cast.me.avatar),
  });
  const open = cast.friends.find((f) => f.username === cast.open) ?? cast.friends[0];
  const friend = await makeAccount(url, `${open?.username ?? 'friend'}c`, open?.name ?? 'Friend', {
    ...(open?.avatar ? { avatar: makeAvatarPng(...open.avatar) } : {}),
  });
  const unreadFriend = cast.friends.find((f) => f.username === cast.unread.username);
  const writer = await makeAccount(url, `${cast.unread.username}c`, unreadFriend?.name ?? 'Writer');
  await befriend(friend, me);
  await befriend(writer, me);

  const chatId = await me.client.api.openDirect(friend.me.id);
  const [mine, theirs] = await Promise.all([connectedClient(url, me), connectedClient(url, friend)]);
  for (const line of cast.chat) {
    const client = line.mine ? mine : theirs;
    await client.sendText(chatId, line.text);
    await client.whenSent();
  }
  await mine.whenSynced();
  const lastSeq = mine.getConversation(chatId)?.lastSeq ?? 0;
  await mine.request('read', { conversationId: chatId, seq: lastSeq });
  await theirs.request('read', { conversationId: chatId, seq: lastSeq });

  // Read before: the first lines; unread: more than a screen holds.
  const unreadId = await me.client.api.openDirect(writer.me.id);
  const talker = await connectedClient(url, writer);
  for (const text of cast.unread.read.slice(0, 4)) await talker.sendText(unreadId, text);
  await talker.whenSent();
  await mine.whenSynced();
  await mine.request('read', { conversationId: unreadId, seq: mine.getConversation(unreadId)?.lastSeq ?? 0 });
  await Promise.all([mine.shutdown(), theirs.shutdown(), talker.shutdown()]);
  return { me, chatId, unreadId, writer, friend };
}

/**
 * More than a screen of unread lines after everything earlier is read, written again before
 * each run (a run may close before its own read mark is sent).
 */
async function writeUnread(url: string, scene: Scene, cast: Cast): Promise<void> {
  const mine = await connectedClient(url, scene.me);
  await mine.whenSynced();
  await mine.request('read', {
    conversationId: scene.unreadId,
    seq: mine.getConversation(scene.unreadId)?.lastSeq ?? 0,
  });
  await mine.shutdown();
  const talker = await connectedClient(url, scene.writer);
  for (const text of [...cast.unread.read.slice(4), ...cast.unread.unread, ...cast.unread.read.slice(0, 8)])
    await talker.sendText(scene.unreadId, text);
  await talker.whenSent();
  await talker.shutdown();
}

/** A paste of `text` as the browser reports it, then the text in the box (the page cannot paste itself). */
async function pasteText(page: Page, text: string) {
  const box = page.locator('.composer__input');
  await box.evaluate((el, pasted) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', pasted);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);
  await box.fill(text);
}

/** Image files pasted into the composer, as Ctrl+V of pictures does. */
async function pasteImages(page: Page, files: { name: string; data: Buffer }[]) {
  await page.locator('.composer__input').evaluate(
    (el, list) => {
      const clipboardData = new DataTransfer();
      for (const { name, base64 } of list) {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        clipboardData.items.add(new File([bytes], name, { type: 'image/jpeg' }));
      }
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    },
    files.map((f) => ({ name: f.name, base64: f.data.toString('base64') })),
  );
}

describe.skipIf(!process.env.LIAO_SCREENSHOTS)(
  'screenshots of the composer (opt-in: LIAO_SCREENSHOTS=1)',
  () => {
    let env: TestServer;
    let browser: Browser;
    const scenes = new Map<Locale, Scene>();
    let photos: Buffer[] = [];

    beforeAll(async () => {
      [env, browser] = await Promise.all([
        startServer((config) => {
          config.rateLimits.registrationsPerAddress = { limit: 1000, windowMs: 60_000 };
        }),
        launchBrowser(),
      ]);
      for (const locale of LOCALES) scenes.set(locale, await buildScene(env.url, CASTS[locale]));
      photos = await Promise.all([
        makePhoto(960, 640, '#7fb6e8', '#c2512f', '#fff3c4'),
        makePhoto(640, 960, '#5aa0d8', '#2f6f8e', '#ffffff'),
        makePhoto(800, 800, '#e89a7f', '#5b3a6b', '#ffe08a'),
      ]);
    });

    afterAll(async () => {
      await browser?.close();
      await env?.stop();
    });

    for (const locale of LOCALES) {
      for (const theme of THEMES) {
        for (const device of Object.keys(DEVICES) as (keyof typeof DEVICES)[]) {
          it(`${locale} ${theme} ${device}`, { timeout: 120_000 }, async () => {
            const scene = scenes.get(locale)!;
            const t = STRINGS[locale];
            const options = shotOptions(locale, theme, device);
            const context = await signedInContext(browser, env.url, scene.me.token, options);
            const page = await context.newPage();
            const name = (screen: string) => `${screen}-${device}-${locale}-${theme}`;
            const m = device === 'phone' ? '/m' : '';

            await page.goto(`${env.url}${m}/chat/${scene.chatId}`);
            await page.locator('.msg__receipt').waitFor();
            // The friend typing: the line under the chat's name.
            const typist = await connectedClient(env.url, scene.friend);
            await typist.request('typing', { conversationId: scene.chatId });
            await page.getByText(t.chat.typing, { exact: true }).waitFor();
            await shoot(page, name('typing'));
            await typist.shutdown();
            const box = page.locator('.composer__input');
            const prose = PROSE[locale];
            const near = prose.repeat(Math.ceil(4980 / [...prose].length)).slice(0, 4980);
            await box.fill(near);
            await page.locator('.composer__count').waitFor();
            await shoot(page, name('composer-count'));
            await box.fill(`${near}${prose.slice(0, 40)}`);
            await page.locator('.composer__notice').waitFor();
            await shoot(page, name('composer-over'));
            await box.fill('');
            await pasteText(page, prose.repeat(Math.ceil(20_000 / [...prose].length)).slice(0, 20_000));
            await page.locator('.composer__notice').waitFor();
            await shoot(page, name('composer-pasted'));
            await box.fill('');

            const dialog = page.getByRole('dialog');
            await pasteImages(page, [{ name: 'IMG_2041.jpg', data: photos[0]! }]);
            await dialog.locator('img').waitFor();
            await shoot(page, name('image-send-one'));
            await pasteImages(page, [
              { name: 'IMG_2042.jpg', data: photos[1]! },
              { name: 'IMG_2043.jpg', data: photos[2]! },
            ]);
            await dialog.locator('img').nth(2).waitFor();
            await dialog.getByRole('textbox').fill(locale === 'en' ? 'The view from the top' : '山顶的风景');
            await shoot(page, name('image-send'));
            await page.keyboard.press('Escape');
            await dialog.waitFor({ state: 'detached' });

            // Opened at the unread line, with more below than fits: the button counts them. A
            // fresh browser, so that the chat opens from the server and not from the list
            // this page cached before those lines came.
            await context.close();
            await writeUnread(env.url, scene, CASTS[locale]);
            const fresh = await signedInContext(browser, env.url, scene.me.token, options);
            const reader = await fresh.newPage();
            await reader.goto(`${env.url}${m}/chat/${scene.unreadId}`);
            await reader.getByText(t.chat.unreadMarker, { exact: true }).waitFor();
            await reader.locator('.new-msgs--count').waitFor();
            await shoot(reader, name('unread-below'));
            await fresh.close();
          });
        }
      }
    }
  },
);
