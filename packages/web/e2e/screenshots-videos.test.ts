import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchBrowser, startServer, type TestServer } from './harness';
import { CASTS, type Cast } from './scenes';
import { type Account, befriend, connectedClient, makeAccount, makeAvatarPng } from './seed';
import {
  DEVICES,
  fill,
  LOCALES,
  type Locale,
  STRINGS,
  shoot,
  shotOptions,
  signedInContext,
  THEMES,
} from './shots';

// Pictures of shared videos: the cards in a chat, the phone's full-screen player, and the
// post-video dialog with its preview (and without, for a file the browser cannot decode), in
// both languages, both themes, desktop and phone. Opt-in, as the other screenshots:
//   LIAO_SCREENSHOTS=1 npx vitest run --project e2e packages/web/e2e/screenshots-videos.test.ts
// They land in packages/web/e2e/screenshots/ (ignored by git).

const run = promisify(execFile);

/** A photo-like still (sky, sun, hills) of the given shape, drawn with sharp. */
function makePhoto(width: number, height: number, sky: string, ground: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="#f6e3c8"/>
    </linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#s)"/>
    <circle cx="${width * 0.68}" cy="${height * 0.3}" r="${Math.min(width, height) * 0.1}" fill="#fff3c4"/>
    <path d="M0 ${height * 0.62} Q${width * 0.3} ${height * 0.48} ${width * 0.55} ${height * 0.6} T${width} ${height * 0.56} L${width} ${height} L0 ${height}Z" fill="${ground}"/>
    <path d="M0 ${height * 0.78} Q${width * 0.4} ${height * 0.7} ${width * 0.7} ${height * 0.8} T${width} ${height * 0.76} L${width} ${height} L0 ${height}Z" fill="#00000033"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

/** A few seconds of that still with a tone, as a real phone clip would carry sound. */
async function makePhotoClip(
  file: string,
  shape: { width: number; height: number; sky: string; ground: string; seconds: number },
): Promise<string> {
  const still = `${file}.jpg`;
  fs.writeFileSync(still, await makePhoto(shape.width, shape.height, shape.sky, shape.ground));
  await run('ffmpeg', [
    ...['-v', 'error', '-y', '-loop', '1', '-framerate', '15', '-i', still],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${shape.seconds}`],
    ...['-t', String(shape.seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-shortest', file],
  ]);
  return file;
}

const UPRIGHT = { width: 540, height: 960, sky: '#e8845a', ground: '#8e3a22', seconds: 4 };
const WIDE = { width: 960, height: 540, sky: '#5aa0d8', ground: '#2f6f8e', seconds: 7 };

interface Scene {
  me: Account;
  chatId: string;
  /** The clip picked in the dialog, and one no browser decodes. */
  postFile: string;
  brokenFile: string;
}

/** Me and a friend: their upright clip and my landscape one shared into our chat, with comments. */
async function buildScene(url: string, cast: Cast, dir: string): Promise<Scene> {
  const me = await makeAccount(url, `${cast.me.username}v`, cast.me.name, {
    avatar: makeAvatarPng(...cast.me.avatar),
  });
  const open = cast.friends.find((f) => f.username === cast.open) ?? cast.friends[0];
  const friend = await makeAccount(url, `${open?.username ?? 'friend'}v`, open?.name ?? 'Friend', {
    ...(open?.avatar ? { avatar: makeAvatarPng(...open.avatar) } : {}),
  });
  await befriend(friend, me);
  const chatId = await me.client.api.openDirect(friend.me.id);
  const { videos } = cast;
  const shares = [
    { who: friend, shape: UPRIGHT, ...videos.theirs },
    { who: me, shape: WIDE, ...videos.mine },
  ];
  for (const [i, share] of shares.entries()) {
    const sdk = await connectedClient(url, share.who);
    const ready = sdk.waitForEvent(
      'video.updated',
      (e) => e.video.caption === share.caption && e.video.state === 'ready',
      120_000,
    );
    const clip = await makePhotoClip(path.join(dir, `${cast.me.username}-${i}.mp4`), share.shape);
    await share.who.client.api.uploadVideo(fs.readFileSync(clip), { caption: share.caption });
    const { video } = await ready;
    await sdk.sendVideo(chatId, video.id, { comment: share.comment });
    await sdk.whenSent();
    await sdk.whenSynced();
    await sdk.request('read', { conversationId: chatId, seq: sdk.getConversation(chatId)?.lastSeq ?? 0 });
    await sdk.shutdown();
  }
  const postFile = await makePhotoClip(path.join(dir, videos.post.fileName), {
    ...UPRIGHT,
    sky: '#f2b8c6',
    seconds: 15,
  });
  const brokenFile = path.join(dir, `${cast.me.username}-IMG_0420.mp4`);
  fs.writeFileSync(brokenFile, Buffer.alloc(64 * 1024, 7));
  return { me, chatId, postFile, brokenFile };
}

/** Waits until a <video> shows a frame. */
async function waitForFrame(page: Page, video: ReturnType<Page['locator']>) {
  await page.waitForFunction(
    (el) => el instanceof HTMLVideoElement && el.readyState >= 2 && el.videoWidth > 0,
    await video.elementHandle(),
  );
}

describe.skipIf(!process.env.LIAO_SCREENSHOTS)(
  'screenshots of shared videos (opt-in: LIAO_SCREENSHOTS=1)',
  () => {
    let env: TestServer;
    let browser: Browser;
    let dir: string;
    const scenes = new Map<Locale, Scene>();

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-e2e-video-shots-'));
      [env, browser] = await Promise.all([
        startServer((config) => {
          config.rateLimits.registrationsPerAddress = { limit: 1000, windowMs: 60_000 };
        }),
        launchBrowser(),
      ]);
      for (const locale of LOCALES) scenes.set(locale, await buildScene(env.url, CASTS[locale], dir));
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      await env?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const locale of LOCALES) {
      for (const theme of THEMES) {
        for (const device of Object.keys(DEVICES) as (keyof typeof DEVICES)[]) {
          it(`${locale} ${theme} ${device}`, { timeout: 120_000 }, async () => {
            const scene = scenes.get(locale)!;
            const { videos } = CASTS[locale];
            const t = STRINGS[locale];
            const context = await signedInContext(
              browser,
              env.url,
              scene.me.token,
              shotOptions(locale, theme, device),
            );
            const page = await context.newPage();
            const name = (screen: string) => `${screen}-${device}-${locale}-${theme}`;
            const m = device === 'phone' ? '/m' : '';

            // The cards, each as wide as its poster; the comment wraps under it.
            await page.goto(`${env.url}${m}/chat/${scene.chatId}`);
            const chat = page
              .getByRole('region')
              .and(page.locator(`[data-conversation-id="${scene.chatId}"]`));
            await chat.locator('.video-card__img').nth(1).waitFor();
            await chat.getByText(videos.mine.comment).waitFor();
            await shoot(page, name('video-cards'));

            // The phone: a tap opens it full screen.
            if (device === 'phone') {
              await chat
                .getByRole('button', { name: fill(t.videoChat.card, { caption: videos.theirs.caption }) })
                .tap();
              const player = page.getByRole('dialog', { name: t.videos.player });
              await waitForFrame(page, player.locator('video'));
              await shoot(page, name('video-fullscreen'));
              await page.goBack();
              await player.waitFor({ state: 'detached' });
            }

            // 发视频: the picked clip plays muted with its length; an undecodable one shows the icon.
            await page.goto(`${env.url}${m}/videos`);
            await page.getByRole('button', { name: t.videos.post }).first().click();
            const dialog = page.getByRole('dialog', { name: t.videos.post });
            const picker = dialog.getByLabel(t.videos.pick);
            await picker.setInputFiles(scene.postFile);
            await waitForFrame(page, dialog.locator('video'));
            await dialog.getByText('0:15').waitFor();
            await dialog.getByRole('textbox', { name: t.videos.caption }).fill(videos.post.caption);
            await shoot(page, name('post-video'));
            await picker.setInputFiles(scene.brokenFile);
            await dialog.getByText(t.videos.noPreview).waitFor();
            await shoot(page, name('post-video-no-preview'));
            await context.close();
          });
        }
      }
    }
  },
);
