import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  PHONE,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { makeAccount, makeAvatarPng, signInWithForm } from './seed';

// Signing in on the desktop with the phone, as a person does it: the desktop shows a QR code,
// the phone's camera (Chromium's fake camera, fed a video of that very code) reads it, the
// phone says what is asking and confirms, the desktop is in. Nothing here knows the code but
// the pixels on the desktop's screen.

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-qr-e2e-'));

/** Whether an avatar is the person's photo, drawn: an image that loaded (not the letter on a colour). */
async function showsPhoto(where: Locator): Promise<boolean> {
  const img = where.locator('img.avatar');
  if ((await img.count()) === 0) return false;
  return img.evaluate((el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0);
}

/** The desktop's code as the screen shows it: a screenshot of the code's element. */
async function screenshotCode(page: Page, name: string): Promise<string> {
  const file = path.join(workDir, `${name}.png`);
  // The drawn code itself, not the busy placeholder that stands in its place until the first
  // ticket arrives (the placeholder is replaced, and a screenshot of it would fail).
  const code = page.locator('img').and(page.getByRole('img', { name: '登录二维码' }));
  await code.waitFor();
  await code.screenshot({ path: file });
  return file;
}

/**
 * A camera's view of the code: the screenshot enlarged (smoothly, as a lens would; nearest-
 * neighbour makes modules of uneven width that jsqr misreads) on a white 640×480 frame, as .y4m.
 */
function cameraFeedOf(png: string): string {
  const y4m = png.replace(/\.png$/, '.y4m');
  execFileSync('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    '-loop',
    '1',
    '-i',
    png,
    '-vf',
    'scale=360:-2,pad=640:480:(ow-iw)/2:(oh-ih)/2:white',
    '-t',
    '1',
    '-r',
    '10',
    '-pix_fmt',
    'yuv420p',
    y4m,
  ]);
  return y4m;
}

function fakeCamera(y4m: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
  ];
}

describe('QR sign-in in the browser', () => {
  let env: TestServer;
  let browser: Browser;
  const browsers: Browser[] = [];
  const people: Person[] = [];

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
    browsers.push(browser);
  });

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await env?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("the phone's camera reads the desktop's code, the phone confirms, the desktop is in with her photo; signed out from the phone, it drops and says so", async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝', {
      avatar: makeAvatarPng([250, 180, 120], [200, 90, 140], [255, 240, 200]),
    });
    const desktop = await openBrowserFor(browser);
    people.push(desktop);
    await desktop.page.goto(env.url);
    await desktop.page.getByRole('heading', { name: '登录聊' }).waitFor();
    await desktop.page.getByText('请使用聊手机版扫码登录').waitFor();
    const feed = cameraFeedOf(await screenshotCode(desktop.page, 'first'));

    // The phone: its own browser, whose camera sees the desktop's screen.
    const phoneBrowser = await launchBrowser({ args: fakeCamera(feed) });
    browsers.push(phoneBrowser);
    const phone = await openBrowserFor(phoneBrowser, { ...PHONE, permissions: ['camera'] });
    people.push(phone);
    await signInWithForm(phone.page, env.url, alice.me.username);
    await phone.page.getByRole('button', { name: '我', exact: true }).click();
    await phone.page.getByRole('button', { name: '扫一扫' }).click();

    // The camera finds the code on its own; the phone shows what is asking.
    await phone.page.getByRole('heading', { name: '登录聊电脑版' }).waitFor();
    expect(new URL(phone.page.url()).pathname).toMatch(/^\/m\/qr\/[A-Za-z0-9_-]{43}$/);
    const details = phone.page.getByRole('definition');
    await expect
      .poll(() => details.allInnerTexts())
      .toEqual(['Chrome · Linux', '服务器所在的电脑', '127.0.0.1', expect.stringMatching(/\d\d:\d\d$/)]);
    await phone.page.getByText('不要确认别人发给你的二维码').waitFor();

    // Meanwhile the desktop shows who scanned it: her name and her photo, though it has no
    // session yet to ask for photos with (issue 15, item 10).
    await desktop.page.getByText('Alice 爱丽丝').waitFor();
    await desktop.page.getByText('请在手机上确认登录').waitFor();
    await expect.poll(() => showsPhoto(desktop.page.locator('.qr-panel'))).toBe(true);

    await phone.page.getByRole('button', { name: '登录', exact: true }).click();
    await phone.page.getByRole('heading', { name: '已登录' }).waitFor();

    // The desktop lands on its Messages page as Alice.
    await desktop.page.getByRole('navigation', { name: '主导航' }).waitFor();
    await desktop.page.getByText('还没有聊天').waitFor();
    expect(await desktop.page.getByRole('button', { name: '我的资料' }).getAttribute('title')).toBe(
      'Alice 爱丽丝',
    );
    // Her photo, not her initial: the page asked for it before it had a session (while showing
    // who scanned), and must ask again now that it has one (issue 15, item 10).
    await expect.poll(() => showsPhoto(desktop.page.getByRole('button', { name: '我的资料' }))).toBe(true);

    // The phone lists the new desktop and signs it out; the desktop drops to the sign-in page.
    await phone.page.getByRole('button', { name: '完成' }).click();
    await phone.page.getByRole('button', { name: '我', exact: true }).click();
    await phone.page.getByRole('button', { name: '登录设备' }).click();
    const desktopRow = phone.page.getByRole('listitem').filter({ hasText: 'Chrome · Linux' });
    await desktopRow.getByRole('button', { name: '退出', exact: true }).click();
    await phone.page.getByRole('dialog').getByRole('button', { name: '退出', exact: true }).click();
    await desktopRow.waitFor({ state: 'detached' });

    // Told what happened, not a bare "session expired" (issue 15, item 5).
    await desktop.page.getByRole('heading', { name: '登录聊' }).waitFor();
    await desktop.page.getByText('你已在手机上退出登录').waitFor();
    await desktop.page.getByRole('img', { name: '登录二维码' }).waitFor();

    for (const person of people) expect(person.problems).toEqual([]);
  });

  it('a photo of the code works too; cancelling on the phone tells the desktop, which offers a new code', async () => {
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    const desktop = await openBrowserFor(browser, { locale: 'en-US' });
    const phone = await openBrowserFor(browser, PHONE);
    people.push(desktop, phone);
    await desktop.page.goto(env.url);
    await desktop.page.getByRole('heading', { name: 'Sign in to Liao' }).waitFor();
    const desktopCode = desktop.page.getByRole('img', { name: 'Sign-in QR code' });
    await desktopCode.waitFor();
    const photo = path.join(workDir, 'photo.png');
    await desktop.page.screenshot({ path: photo });
    const firstCode = await desktopCode.getAttribute('src');

    await signInWithForm(phone.page, env.url, bob.me.username);
    await phone.page.getByRole('button', { name: '更多操作' }).click();
    await phone.page.getByRole('menuitem', { name: '扫一扫' }).click();
    // No camera in this browser: the phone says so, and the photo is the way.
    await phone.page.getByRole('alert').filter({ hasText: '从相册选择二维码图片' }).waitFor();
    await phone.page.locator('input[type=file]').setInputFiles(photo);
    await phone.page.getByRole('heading', { name: '登录聊电脑版' }).waitFor();

    await desktop.page.getByText('Bob 鲍勃').waitFor();
    await desktop.page.getByText('Confirm on your phone').waitFor();
    await phone.page.getByRole('button', { name: '取消登录' }).click();
    await phone.page.getByRole('heading', { name: '已取消登录' }).waitFor();

    await desktop.page.getByText('You cancelled this sign-in').waitFor();
    await desktop.page.getByRole('button', { name: 'Scan again' }).click();
    await desktopCode.waitFor();
    expect(await desktopCode.getAttribute('src')).not.toBe(firstCode);

    // The cancelled code is dead: scanning it again is refused in words.
    await phone.page.getByRole('button', { name: '完成' }).click();
    await phone.page.getByRole('button', { name: '更多操作' }).click();
    await phone.page.getByRole('menuitem', { name: '扫一扫' }).click();
    await phone.page.locator('input[type=file]').setInputFiles(photo);
    await phone.page.getByRole('heading', { name: '无法登录' }).waitFor();

    // And the password is still there for someone without the phone at hand.
    await desktop.page.getByRole('button', { name: 'Sign in with password' }).click();
    await desktop.page.getByLabel('Username').waitFor();
    await desktop.page.getByRole('button', { name: 'Sign in with QR code' }).click();
    await desktopCode.waitFor();

    for (const person of people) expect(person.problems).toEqual([]);
  });

  it('a code whose link dropped shows as dead, and a click brings a fresh one', async () => {
    const desktop = await openBrowserFor(browser);
    people.push(desktop);
    // The network between this desktop and the server, which the test can cut.
    let linkUp = true;
    const links: { close(): Promise<void> }[] = [];
    await desktop.page.routeWebSocket(/\/ws\/qr$/, (socket) => {
      if (!linkUp) return void socket.close();
      socket.connectToServer();
      links.push(socket);
    });
    await desktop.page.goto(env.url);
    const code = desktop.page.getByRole('img', { name: '登录二维码' });
    await code.waitFor();
    const before = await code.getAttribute('src');

    linkUp = false;
    await Promise.all(links.map((link) => link.close()));
    const dead = desktop.page.getByRole('button', { name: /二维码已失效\s*点击刷新/ });
    await dead.waitFor();

    // The link is back. A person who sees the overlay clicks it; the app also retries by itself
    // (with backoff), and on a busy machine that retry may win the race with the click and take
    // the overlay away first. Either way a fresh code must replace the dead one.
    linkUp = true;
    const refreshed = code.and(desktop.page.locator(':not(.qr-panel__code--dead)'));
    await Promise.race([dead.click().catch(() => {}), refreshed.waitFor()]);
    await dead.waitFor({ state: 'detached' });
    await refreshed.waitFor();
    await expect.poll(() => code.getAttribute('src')).not.toBe(before);
    expect(desktop.problems).toEqual([]);
  });
});
