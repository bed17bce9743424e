import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClipBytes } from './clips';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { befriend, connectedClient, makeAccount, signInWithForm } from './seed';

// Alice posts a video and shares it into her chat with Bob with a comment; Bob plays it in the
// chat and answers the card; Alice sees his answer quoting the card. Nothing sleeps.

describe('a video card in the chat', () => {
  let env: TestServer;
  let browser: Browser;
  const people: Person[] = [];

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('is played by the friend, who replies to it; the sender sees the reply quoting the card', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const aliceSdk = await connectedClient(env.url, alice);

    const ready = aliceSdk.waitForEvent('video.updated', (e) => e.video.state === 'ready', 60_000);
    const video = await alice.client.api.uploadVideo(
      await makeClipBytes({ width: 320, height: 180, seconds: 3 }),
      { caption: '海边日落' },
    );
    expect((await ready).video).toMatchObject({ id: video.id, state: 'ready' });
    const conversationId = await alice.client.api.openDirect(bob.me.id);
    await aliceSdk.sendVideo(conversationId, video.id, { comment: '你看这个' });

    const a = await openBrowserFor(browser);
    const b = await openBrowserFor(browser);
    people.push(a, b);
    await Promise.all([
      signInWithForm(a.page, env.url, alice.me.username),
      signInWithForm(b.page, env.url, bob.me.username),
    ]);

    // Bob's list says what came; the chat shows the card with its length, caption and comment.
    await b.page
      .getByRole('button', { name: /Alice 爱丽丝/ })
      .filter({ hasText: '[视频] 海边日落' })
      .click();
    const bChat = b.page.getByRole('region', { name: 'Alice 爱丽丝' });
    const card = bChat.locator('.msg--other .video-card');
    await card.getByText('你看这个').waitFor();
    await card.getByText('0:03').waitFor();
    await card.getByText('海边日落').waitFor();
    const poster = card.locator('.video-card__img');
    await b.page.waitForFunction(
      (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0,
      await poster.elementHandle(),
    );

    // A click plays it right there: the <video> reaches the playing state.
    await card.getByRole('button', { name: '视频：海边日落' }).click();
    const player = card.locator('video');
    await player.waitFor();
    await b.page.waitForFunction(
      (el) => el instanceof HTMLVideoElement && !el.paused && el.currentTime > 0 && el.readyState >= 3,
      await player.elementHandle(),
    );

    // Full window, with sound; Esc closes it.
    await card.getByRole('button', { name: '全屏' }).click();
    const overlay = b.page.getByRole('dialog', { name: '视频播放' });
    const big = overlay.locator('video');
    await b.page.waitForFunction(
      (el) => el instanceof HTMLVideoElement && !el.paused && !el.muted && el.currentTime > 0,
      await big.elementHandle(),
    );
    await b.page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });

    // Bob answers the card from its menu; the composer says whom he answers.
    await card.click({ button: 'right', position: { x: 10, y: 10 } });
    await b.page.getByRole('menuitem', { name: '回复' }).click();
    const bar = bChat.locator('.reply-bar');
    await bar.getByText('回复Alice 爱丽丝：').waitFor();
    await bar.getByText('[视频] 海边日落').waitFor();
    const box = bChat.getByRole('textbox', { name: '输入消息' });
    await expect
      .poll(() => b.page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('输入消息');
    await b.page.keyboard.type('太美了，在哪拍的？');
    await b.page.keyboard.press('Enter');
    await bar.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('');
    const bobsReply = bChat.locator('.msg--own', { hasText: '太美了，在哪拍的？' });
    await bobsReply.locator('.reply-quote', { hasText: '[视频] 海边日落' }).waitFor();

    // Alice sees the answer quoting her card; the quote leads back to the card.
    await a.page.getByRole('button', { name: /Bob 鲍勃/ }).click();
    const aChat = a.page.getByRole('region', { name: 'Bob 鲍勃' });
    const received = aChat.locator('.msg--other', { hasText: '太美了，在哪拍的？' });
    const quote = received.getByRole('button', { name: '引用你的消息: [视频] 海边日落' });
    await quote.waitFor();
    await quote.click();
    await aChat.locator('.msg--flash .video-card').waitFor();

    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
