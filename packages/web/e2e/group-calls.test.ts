import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchCallBrowser, openChatAs, startCallServer } from './callHarness';
import type { Person, TestServer } from './harness';
import { befriend, makeAccount } from './seed';

// [#19] A group call of four through the server's SFU: A starts it, B and C answer the ring,
// D joins late from the bar under the header (by voice, then turns the camera on); each sees
// the other three playing; one leaves and the rest drop to two; the last hang-up leaves the line.

/** ICE to the SFU over loopback and the first frames, with four pages on two cores. */
const MEDIA_TIMEOUT_MS = 25_000;

/**
 * Four pages decode three videos each: the fake camera's 320×240 keeps that light. Test-only,
 * before the app runs: every camera the page asks for is asked at that size.
 */
function smallCamera(): void {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) => {
    if (constraints?.video) {
      const video = typeof constraints.video === 'object' ? constraints.video : {};
      constraints = { ...constraints, video: { ...video, width: 320, height: 240, frameRate: 15 } };
    }
    return original(constraints);
  };
}

const incoming = (page: Page) => page.getByRole('alertdialog', { name: '来电' });
const callScreen = (page: Page) => page.getByRole('dialog', { name: '通话' });

/** Remote tiles with a picture that has a size and keeps getting frames: how many. */
function playingRemoteTiles(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const videos = [
      ...document.querySelectorAll<HTMLVideoElement>('[data-call-tile]:not([data-call-tile="me"]) video'),
    ];
    const counts = await Promise.all(
      videos.map(
        (video) =>
          new Promise<number>((resolve) => {
            if (video.videoWidth === 0) return resolve(0);
            let frames = 0;
            const counted = () => {
              frames++;
              if (frames >= 5) resolve(frames);
              else video.requestVideoFrameCallback(counted);
            };
            video.requestVideoFrameCallback(counted);
            setTimeout(() => resolve(frames), 3000);
          }),
      ),
    );
    return counts.filter((n) => n >= 5).length;
  });
}

/** What each tile of a page shows, for a failure's message. */
function describeTiles(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-call-tile]')]
      .map((tile) => {
        const video = tile.querySelector('video');
        return `${tile.dataset.callTile}:${tile.getAttribute('aria-label')}:${video ? video.videoWidth : 'no-video'}`;
      })
      .join(' '),
  );
}

async function expectPlaying(page: Page, remote: number): Promise<void> {
  await expect
    .poll(() => playingRemoteTiles(page), { timeout: MEDIA_TIMEOUT_MS, interval: 300 })
    .toBe(remote)
    .catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await describeTiles(page)}`);
    });
  await expect.poll(() => page.locator('[data-call-tile]:not([data-call-tile="me"])').count()).toBe(remote);
}

// Skipped unless LIAO_E2E_GROUP_CALLS=1: not steady yet. It passes most runs (~15 s), but about
// one run in seven one remote picture on the last joiner's page never starts (its <video> has
// the track, videoWidth stays 0) — a keyframe that never reaches that receiver, suspected in
// the SFU's forwarding (asking again when the receiver's link comes up did not cure it).
describe.skipIf(!process.env.LIAO_E2E_GROUP_CALLS)('group calls', () => {
  let env: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startCallServer(), launchCallBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('[#19] four through the SFU: two answer the ring, one joins late from the bar, all see the other three; one leaves; the last hang-up leaves the line', async () => {
    const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    const [a, b, c, d] = await Promise.all(
      ['ann', 'ben', 'cat', 'dan'].map((name) =>
        makeAccount(env.url, `${name}${suffix}`, name.toUpperCase()),
      ),
    );
    if (!a || !b || !c || !d) throw new Error('accounts missing');
    await Promise.all([befriend(a, b), befriend(a, c), befriend(a, d)]);
    const group = await a.client.api.createGroup({ memberIds: [b.me.id, c.me.id, d.me.id], name: '四人组' });
    const people: Person[] = [];
    for (const account of [a, b, c, d]) {
      const person = await openChatAs(browser, env.url, account.token, group.id);
      await person.context.addInitScript(smallCamera);
      await person.page.reload();
      await person.page.getByRole('textbox', { name: '输入消息' }).waitFor();
      people.push(person);
    }
    const [pa, pb, pc, pd] = people.map((p) => p.page) as [Page, Page, Page, Page];

    await pa.getByRole('region', { name: '四人组' }).getByRole('button', { name: '视频通话' }).click();
    for (const page of [pb, pc, pd]) await incoming(page).waitFor();
    await incoming(pb).getByRole('button', { name: '视频接听' }).click();
    await incoming(pc).getByRole('button', { name: '视频接听' }).click();
    // D lets the ring go and joins later from the bar.
    await incoming(pd).getByRole('button', { name: '拒绝' }).click();
    const bar = pd.getByRole('status').filter({ hasText: '通话中 · 3人' });
    await bar.waitFor();
    await bar.getByRole('button', { name: '加入' }).click();
    await callScreen(pd).waitFor();
    // Joined by voice: the camera goes on in the call.
    await callScreen(pd).getByRole('button', { name: '打开摄像头' }).click();

    await Promise.all([pa, pb, pc, pd].map((page) => expectPlaying(page, 3)));

    await callScreen(pc).getByRole('button', { name: '挂断' }).click();
    await callScreen(pc).waitFor({ state: 'hidden' });
    await Promise.all([pa, pb, pd].map((page) => expectPlaying(page, 2)));

    for (const page of [pa, pb, pd]) await callScreen(page).getByRole('button', { name: '挂断' }).click();
    for (const page of [pa, pb, pc, pd]) await page.getByText(/^群通话已结束，时长 /).waitFor();
    for (const person of people) expect(person.problems).toEqual([]);
  }, 60_000);
});
