import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callPair, launchCallBrowser, openChatAs, secondDevice, startCallServer } from './callHarness';
import type { Person, TestServer } from './harness';

/** Counts the offers a page sends over its sockets (each reconnection opens a new one). */
function countOffers(page: Page): { offers: number } {
  const count = { offers: 0 };
  page.on('websocket', (socket) => {
    socket.on('framesent', (frame) => {
      const text = String(frame.payload);
      if (text.includes('"op":"call.signal"') && text.includes('"type":"offer"')) count.offers++;
    });
  });
  return count;
}

// [#19] One-to-one calls in the browser, peer to peer with Chromium's fake camera and
// microphone: ringing on every device of the callee, the first answer taking the call, video
// flowing both ways, mute shown on the other side, and the lines calls leave in the chat.

/** Long enough for ICE over loopback and the first frames, in a busy test run. */
const MEDIA_TIMEOUT_MS = 20_000;

/** The other side's picture is playing: it has a size, and new frames keep arriving. */
async function expectRemoteVideoPlaying(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const video = document.querySelector<HTMLVideoElement>('video[data-call-video="remote"]');
      return video !== null && video.videoWidth > 0;
    },
    undefined,
    { timeout: MEDIA_TIMEOUT_MS },
  );
  const frames = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const video = document.querySelector<HTMLVideoElement>('video[data-call-video="remote"]');
        if (!video) return resolve(0);
        let count = 0;
        const counted = () => {
          count++;
          if (count >= 10) resolve(count);
          else video.requestVideoFrameCallback(counted);
        };
        video.requestVideoFrameCallback(counted);
        setTimeout(() => resolve(count), 8000);
      }),
  );
  expect(frames).toBeGreaterThanOrEqual(10);
}

const incoming = (page: Page) => page.getByRole('alertdialog', { name: '来电' });
const callScreen = (page: Page) => page.getByRole('dialog', { name: '通话' });

describe('one-to-one calls', () => {
  let env: TestServer;
  let browser: Browser;
  const people: Person[] = [];

  beforeAll(async () => {
    [env, browser] = await Promise.all([startCallServer(), launchCallBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('[#19] rings both of the callee’s devices, the second answers, video flows both ways, mute shows, hang-up leaves the line', async () => {
    const { alice, bob, chatId } = await callPair(env.url);
    const bobSecond = await secondDevice(bob);
    const a = await openChatAs(browser, env.url, alice.token, chatId);
    const b1 = await openChatAs(browser, env.url, bob.token, chatId);
    const b2 = await openChatAs(browser, env.url, bobSecond, chatId);
    people.push(a, b1, b2);

    await a.page.getByRole('region', { name: 'Bob 鲍勃' }).getByRole('button', { name: '视频通话' }).click();
    await callScreen(a.page).getByText('等待对方接受邀请…').waitFor();
    for (const device of [b1, b2]) {
      await incoming(device.page).getByText('邀请你视频通话').waitFor();
      await incoming(device.page).getByText('Alice 爱丽丝').waitFor();
    }

    await incoming(b2.page).getByRole('button', { name: '视频接听' }).click();
    // The first device stops ringing: the call was taken on the other.
    await incoming(b1.page).waitFor({ state: 'hidden' });
    await callScreen(b1.page).waitFor({ state: 'hidden' });

    await expectRemoteVideoPlaying(a.page);
    await expectRemoteVideoPlaying(b2.page);
    await callScreen(a.page)
      .getByText(/^00:\d\d$/)
      .waitFor({ timeout: MEDIA_TIMEOUT_MS });

    // Muted on one side, marked on the other.
    await callScreen(a.page).getByRole('button', { name: '静音' }).click();
    await callScreen(b2.page).getByText('对方已静音').waitFor();
    await callScreen(a.page).getByRole('button', { name: '取消静音' }).click();
    await callScreen(b2.page).getByText('对方已静音').waitFor({ state: 'hidden' });

    await callScreen(a.page).getByRole('button', { name: '挂断' }).click();
    await callScreen(a.page).waitFor({ state: 'hidden' });
    await callScreen(b2.page).waitFor({ state: 'hidden' });
    for (const device of [a, b2, b1]) {
      await device.page.getByText(/^通话时长 00:0\d$/).waitFor();
    }
    for (const device of [a, b1, b2]) expect(device.problems).toEqual([]);
  });

  it('[#19] a declined call leaves “对方已拒绝” for the caller and “已拒绝” for the callee', async () => {
    const { alice, bob, chatId } = await callPair(env.url);
    const a = await openChatAs(browser, env.url, alice.token, chatId);
    const b = await openChatAs(browser, env.url, bob.token, chatId);
    people.push(a, b);

    await a.page.getByRole('region', { name: 'Bob 鲍勃' }).getByRole('button', { name: '语音通话' }).click();
    await incoming(b.page).getByText('邀请你语音通话').waitFor();
    await incoming(b.page).getByRole('button', { name: '拒绝' }).click();

    await callScreen(a.page).waitFor({ state: 'hidden' });
    await a.page.getByText('对方已拒绝', { exact: true }).waitFor();
    await b.page.getByText('已拒绝', { exact: true }).waitFor();
    await incoming(b.page).waitFor({ state: 'hidden' });
    for (const device of [a, b]) expect(device.problems).toEqual([]);
  });

  it('[#19] a voice call from the + menu keeps running, minimised, while the caller moves around; restored, it is still on', async () => {
    const { alice, bob, chatId } = await callPair(env.url);
    const a = await openChatAs(browser, env.url, alice.token, chatId);
    const b = await openChatAs(browser, env.url, bob.token, chatId);
    people.push(a, b);

    await a.page.getByRole('button', { name: '更多', exact: true }).click();
    await a.page.getByRole('menuitem', { name: '语音通话' }).click();
    await incoming(b.page).getByRole('button', { name: '语音接听' }).click();
    await callScreen(a.page)
      .getByText(/^00:\d\d$/)
      .waitFor({ timeout: MEDIA_TIMEOUT_MS });
    await a.page.locator('[data-call-state="connected"]').waitFor();

    await callScreen(a.page).getByRole('button', { name: '缩小通话窗口' }).click();
    await callScreen(a.page).waitFor({ state: 'hidden' });
    // Off to the contacts and back: the small window stays, and the call with it.
    await a.page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '通讯录' }).click();
    const mini = a.page.getByRole('button', { name: '返回通话' });
    await mini.waitFor();
    await a.page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '消息' }).click();
    await mini.click();
    await a.page.locator('[data-call-state="connected"]').waitFor();
    // Their voice is playing: the call's audio element holds a live track.
    const liveAudio = await a.page.evaluate(() => {
      const audio = document.querySelector('audio');
      const stream = audio?.srcObject;
      return stream instanceof MediaStream && stream.getAudioTracks().some((t) => t.readyState === 'live');
    });
    expect(liveAudio).toBe(true);

    await callScreen(b.page).getByRole('button', { name: '挂断' }).click();
    await callScreen(a.page).waitFor({ state: 'hidden' });
    // The caller is on the chat list now: the line shows as the chat's last message.
    await a.page.getByText(/^\[语音通话\] 通话时长 00:\d\d$/).waitFor();
    await b.page.getByText(/^通话时长 00:\d\d$/).waitFor();
    for (const device of [a, b]) expect(device.problems).toEqual([]);
  });

  it('[#19] after the caller’s socket is cut, the call resumes with an ICE restart and the video keeps playing', async () => {
    const { alice, bob, chatId } = await callPair(env.url);
    const a = await openChatAs(browser, env.url, alice.token, chatId);
    const b = await openChatAs(browser, env.url, bob.token, chatId);
    people.push(a, b);
    const sent = countOffers(a.page);
    // The page's socket opened before the listener: reload so that every socket is counted.
    await a.page.reload();
    await a.page.getByRole('textbox', { name: '输入消息' }).waitFor();

    await a.page.getByRole('region', { name: 'Bob 鲍勃' }).getByRole('button', { name: '视频通话' }).click();
    await incoming(b.page).getByRole('button', { name: '视频接听' }).click();
    await expectRemoteVideoPlaying(a.page);
    await expectRemoteVideoPlaying(b.page);
    const before = sent.offers;

    for (const conn of env.server.gateway.connections.ofUser(alice.me.id) ?? []) conn.ws.terminate();
    // A new offer (the ICE restart) goes out once the socket is back, and the call is still on.
    await expect.poll(() => sent.offers, { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(before);
    await a.page.locator('[data-call-state="connected"]').waitFor({ timeout: MEDIA_TIMEOUT_MS });
    await expectRemoteVideoPlaying(a.page);
    await expectRemoteVideoPlaying(b.page);

    await callScreen(a.page).getByRole('button', { name: '挂断' }).click();
    await b.page.getByText(/^通话时长 00:\d\d$/).waitFor();
  });
});
