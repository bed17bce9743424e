import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClipFile } from './clips';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  PHONE,
  startServer,
  type TestServer,
  UI_TIMEOUT_MS,
  uniqueName,
} from './harness';
import { befriend, makeAccount, signInWithForm } from './seed';

const run = promisify(execFile);

/** A 2-second clip of noise, which does not compress: several MB, so it uploads in several chunks. */
async function makeBigClip(dir: string): Promise<string> {
  const file = path.join(dir, 'noise.mp4');
  await run('ffmpeg', [
    ...['-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'nullsrc=size=360x640:rate=15:duration=2,geq=lum=random(1)*255:cb=128:cr=128'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p'],
    file,
  ]);
  return file;
}

/** Waits until the player's <video> has a frame to show (and so has read the stream). */
async function waitForPlayable(page: Page): Promise<void> {
  const video = page.getByRole('dialog', { name: '视频播放' }).locator('video');
  await page.waitForFunction(
    (el) => el instanceof HTMLVideoElement && el.readyState >= 2 && !el.muted,
    await video.elementHandle(),
  );
}

// Alice posts a video from the desktop through the 发视频 dialog, sees it processed and plays it
// from My videos; Bob, her friend, finds it in his feed on the phone and in her profile's grid.

describe('posting videos, the grid and the feed', () => {
  let env: TestServer;
  let browser: Browser;
  let dir: string;
  const people: Person[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-e2e-videos-'));
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads through the UI, shows it processed and playing, and puts it in a friend’s feed', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const clip = await makeClipFile(dir, { name: '日落.mp4' });
    const notVideo = path.join(dir, 'notes.txt');
    fs.writeFileSync(notVideo, 'not a video');

    const a = await openBrowserFor(browser);
    people.push(a);
    await signInWithForm(a.page, env.url, alice.me.username);
    await a.page.getByRole('button', { name: '视频', exact: true }).click();
    await a.page.getByText('朋友还没有发视频').waitFor();

    // 发视频: a file that is not a video is refused before anything is sent.
    await a.page.getByRole('button', { name: '发视频' }).first().click();
    const dialog = a.page.getByRole('dialog', { name: '发视频' });
    const picker = dialog.getByLabel('选择视频');
    await picker.setInputFiles(notVideo);
    await a.page.getByText('只能发 MP4、MOV 或 WebM 视频').waitFor();
    expect(await dialog.getByRole('button', { name: '发布' }).isDisabled()).toBe(true);

    await picker.setInputFiles(clip);
    await dialog.getByText('日落.mp4').waitFor();
    await dialog.getByRole('textbox', { name: '描述' }).fill('海边日落 🌅');
    await dialog.getByRole('radio', { name: '仅好友' }).click();
    await dialog.getByRole('button', { name: '发布' }).click();
    // Uploaded, checked and transcoded by the server; the dialog follows it to the end.
    await dialog.getByText('发布成功，朋友现在可以看到了').waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: '完成' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // My videos: the tile has its length and the friends-only mark; a click plays it with sound.
    await a.page.getByRole('button', { name: '我的视频' }).click();
    const mine = a.page.getByRole('list', { name: '我的视频' });
    const tile = mine.locator('.video-tile', { hasText: '海边日落 🌅' });
    await tile.getByText('0:02').waitFor();
    await tile.getByText('仅好友可见').waitFor({ state: 'attached' });
    await tile.getByRole('button', { name: '播放：海边日落 🌅' }).click();
    await waitForPlayable(a.page);
    await a.page.keyboard.press('Escape');
    await a.page.getByRole('dialog', { name: '视频播放' }).waitFor({ state: 'detached' });

    // Bob, on his phone: the feed has it with Alice's name; share opens the forward dialog.
    const b = await openBrowserFor(browser, PHONE);
    people.push(b);
    await signInWithForm(b.page, `${env.url}/m`, bob.me.username);
    await b.page.getByRole('button', { name: '视频', exact: true }).click();
    const feed = b.page.getByRole('list', { name: '朋友的视频' });
    const theirs = feed.locator('.video-tile', { hasText: '海边日落 🌅' });
    await theirs.getByText('Alice 爱丽丝').waitFor();
    await theirs.getByRole('button', { name: '分享这个视频' }).click();
    const share = b.page.getByRole('dialog', { name: '发送给' });
    await share.waitFor();
    await b.page.keyboard.press('Escape');
    await share.waitFor({ state: 'hidden' });
    await theirs.getByRole('button', { name: '播放：海边日落 🌅' }).click();
    await waitForPlayable(b.page);
    await b.page.getByRole('button', { name: '关闭' }).click();

    // And in Alice's profile, under her card.
    await b.page.goto(`${env.url}/m/friends/${alice.me.id}`);
    await b.page
      .getByRole('list', { name: '视频' })
      .getByRole('button', { name: '播放：海边日落 🌅' })
      .waitFor();

    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  it('after a reload, the same file picked again resumes where the server has it instead of starting over', async () => {
    const carol = await makeAccount(env.url, uniqueName('carol'), 'Carol 卡罗尔');
    const clip = await makeBigClip(dir);
    expect(fs.statSync(clip).size).toBeGreaterThan(4 * 1024 * 1024);
    const c = await openBrowserFor(browser);
    people.push(c);
    await signInWithForm(c.page, env.url, carol.me.username);

    // The first chunk goes through; the next hangs, as on a dropped connection, and she reloads.
    let stage: 'first' | 'stalled' | 'after' = 'first';
    const held: Route[] = [];
    const after: { method: string; offset: string | null }[] = [];
    await c.page.route('**/api/videos/uploads**', async (route) => {
      const request = route.request();
      if (stage === 'after') {
        after.push({ method: request.method(), offset: request.headers()['upload-offset'] ?? null });
        await route.continue();
      } else if (request.method() === 'PATCH' && stage === 'stalled') {
        held.push(route);
      } else {
        if (request.method() === 'PATCH') stage = 'stalled';
        await route.continue();
      }
    });
    await c.page.goto(`${env.url}/videos/mine`);
    await c.page.getByRole('button', { name: '发视频' }).first().click();
    const dialog = c.page.getByRole('dialog', { name: '发视频' });
    await dialog.getByLabel('选择视频').setInputFiles(clip);
    await dialog.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => held.length, { timeout: UI_TIMEOUT_MS }).toBe(1);
    await dialog.getByRole('progressbar').waitFor();

    stage = 'after';
    await c.page.reload();
    for (const route of held) await route.abort().catch(() => undefined);
    await c.page.getByRole('button', { name: '发视频' }).first().click();
    await dialog.getByLabel('选择视频').setInputFiles(clip);
    await dialog.getByRole('button', { name: '发布' }).click();
    await dialog.getByText('发布成功，朋友现在可以看到了').waitFor({ timeout: 60_000 });

    // No new upload was made: it asked where the server was, then sent only the rest.
    expect(after.map((r) => r.method)).not.toContain('POST');
    expect(after[0]?.method).toBe('HEAD');
    const patches = after.filter((r) => r.method === 'PATCH');
    expect(Number(patches[0]?.offset)).toBeGreaterThan(0);
    expect(c.problems).toEqual([]);
  });
});
