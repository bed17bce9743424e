import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { makeAccount, signInWithForm } from './seed';

// A server started without ffmpeg (npm start on a machine that lacks it): Alice opens 发视频
// and is told, in her language, that this server cannot take videos yet and why, with no file
// picker to try; the rest of the Videos page works.

describe('posting a video where the server has no ffmpeg', () => {
  let env: TestServer;
  let browser: Browser;
  let bin: string;
  const people: Person[] = [];

  beforeAll(async () => {
    // A PATH with node alone: ffmpeg and ffprobe are not on it.
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-e2e-no-ffmpeg-'));
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    [env, browser] = await Promise.all([
      startServer((config) => {
        config.videos.toolPath = bin;
      }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    for (const p of people) await p.context.close();
    await browser?.close();
    await env?.stop();
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it('says videos cannot be posted here and that the server needs ffmpeg, instead of a picker', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const a = await openBrowserFor(browser);
    people.push(a);
    const { page } = a;
    await signInWithForm(page, env.url, alice.me.username);
    await page.getByRole('button', { name: '视频', exact: true }).click();
    await page.getByRole('button', { name: '发视频' }).first().click();
    const dialog = page.getByRole('dialog', { name: '发视频' });
    await dialog.getByText('这台服务器暂时不能发布视频').waitFor();
    await dialog.getByText(/发布视频需要服务器安装 ffmpeg/).waitFor();
    expect(await dialog.getByLabel('选择视频').count()).toBe(0);
    await dialog.getByRole('button', { name: '关闭' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });
});
