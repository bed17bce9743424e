import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClipFile } from './clips';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { makeAccount, signInWithForm } from './seed';

// Alice picks clips in the 发视频 dialog: each shows as a muted preview with its length; a file
// the browser cannot decode falls back to the file icon, saying it can still be posted. The
// preview's object URL is let go when she picks another file or closes the dialog.

/** The preview's <video> once it shows a frame, with what a person and the page know of it. */
async function waitForPreview(page: Page, dialog: Locator) {
  const video = dialog.locator('video');
  await page.waitForFunction(
    (el) => el instanceof HTMLVideoElement && el.readyState >= 2 && el.videoWidth > 0,
    await video.elementHandle(),
  );
  return video.evaluate((el) => {
    const v = el as HTMLVideoElement;
    return { src: v.currentSrc, muted: v.muted, width: v.videoWidth, height: v.videoHeight };
  });
}

/**
 * Whether the page can still play an object URL: a fresh <video> reads it or fails (a revoked
 * one fails). The page's CSP lets media, not fetch, read blob: URLs.
 */
function canPlay(page: Page, url: string): Promise<boolean> {
  return page.evaluate(
    (u) =>
      new Promise<boolean>((resolve) => {
        const probe = document.createElement('video');
        probe.muted = true;
        probe.preload = 'metadata';
        probe.onloadedmetadata = () => resolve(true);
        probe.onerror = () => resolve(false);
        probe.src = u;
      }),
    url,
  );
}

describe('the post-video dialog', () => {
  let env: TestServer;
  let browser: Browser;
  let dir: string;
  const people: Person[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-e2e-preview-'));
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('previews the picked clip muted with its length, and shows the icon only when it cannot', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const upright = await makeClipFile(dir, { name: '日落.mp4', width: 180, height: 320, seconds: 3 });
    const wide = await makeClipFile(dir, { name: '云海.mp4', width: 320, height: 180, seconds: 65 });
    // Named and typed as a video, so the dialog takes it, but no browser can decode it.
    const broken = path.join(dir, '坏的.mp4');
    fs.writeFileSync(broken, Buffer.alloc(4096, 7));

    const a = await openBrowserFor(browser);
    people.push(a);
    const { page } = a;
    await signInWithForm(page, env.url, alice.me.username);
    await page.getByRole('button', { name: '视频', exact: true }).click();
    await page.getByRole('button', { name: '发视频' }).first().click();
    const dialog = page.getByRole('dialog', { name: '发视频' });
    const picker = dialog.getByLabel('选择视频');
    const preview = dialog.getByRole('figure', { name: '视频预览' });

    await picker.setInputFiles(upright);
    await dialog.getByText('日落.mp4').waitFor();
    const first = await waitForPreview(page, preview);
    expect(first).toMatchObject({ muted: true, width: 180, height: 320 });
    expect(first.src).toMatch(/^blob:/);
    expect(await canPlay(page, first.src)).toBe(true);
    await preview.getByText('0:03').waitFor();
    expect(await dialog.locator('.lucide-film').count()).toBe(0);

    // Another file: its own preview and length; the first one's URL is let go.
    await picker.setInputFiles(wide);
    await dialog.getByText('云海.mp4').waitFor();
    await preview.getByText('1:05').waitFor();
    const second = await waitForPreview(page, preview);
    expect(second).toMatchObject({ muted: true, width: 320, height: 180 });
    expect(await canPlay(page, first.src)).toBe(false);

    // A file the browser cannot play: the icon, and word that it can still be posted.
    await picker.setInputFiles(broken);
    await dialog.getByText('坏的.mp4').waitFor();
    await dialog.getByText('这个浏览器无法预览此视频，仍可发布').waitFor();
    await dialog.locator('.lucide-film').waitFor();
    expect(await dialog.locator('video').count()).toBe(0);
    expect(await canPlay(page, second.src)).toBe(false);
    expect(await dialog.getByRole('button', { name: '发布' }).isEnabled()).toBe(true);

    // Closed: the preview's URL goes with the dialog.
    await picker.setInputFiles(upright);
    const third = await waitForPreview(page, preview);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => canPlay(page, third.src)).toBe(false);
    expect(a.problems).toEqual([]);
  });
});
