import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClipBytes } from './clips';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  PHONE,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { type Account, befriend, connectedClient, makeAccount, signInWithForm } from './seed';

// Alice shares a portrait and a landscape clip with Bob, each with a comment longer than the
// poster is wide. Bob sees each card exactly as wide as its poster, in the poster's shape, on
// the desktop and on the phone; on the phone a tap opens the video over the whole screen, and
// back, Esc or the close button bring him back to the chat. Nothing sleeps.

const PORTRAIT = { caption: '竖屏：海边日落', width: 180, height: 320 };
const LANDSCAPE = { caption: '横屏：山顶云海', width: 320, height: 180 };
/** Wider than a portrait poster on one line: it used to stretch the card beside the poster. */
const COMMENT = '这是我们周末在青岛八大关附近拍的，风很大但是特别好看，下次一起去吧';

/** What a person sees of a card: its box, the poster's box and picture, and the message's room. */
async function measureCard(card: Locator) {
  const poster = card.locator('.video-card__img');
  await card
    .page()
    .waitForFunction(
      (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0,
      await poster.elementHandle(),
    );
  return card.evaluate((el) => {
    const box = (e: Element | null) => {
      const r = e?.getBoundingClientRect();
      return { left: r?.left ?? 0, right: r?.right ?? 0, width: r?.width ?? 0, height: r?.height ?? 0 };
    };
    const img = el.querySelector('.video-card__img');
    return {
      card: box(el),
      poster: box(img),
      natural: img instanceof HTMLImageElement ? img.naturalWidth / img.naturalHeight : 0,
      room: box(el.closest('.msg__body')),
      window: document.documentElement.clientWidth,
    };
  });
}

/** The card is its poster, edge to edge, in the poster's shape, inside the message and the window. */
function expectFitted(m: Awaited<ReturnType<typeof measureCard>>, shape: { width: number; height: number }) {
  expect(Math.abs(m.card.width - m.poster.width)).toBeLessThanOrEqual(1);
  expect(m.poster.width / m.poster.height).toBeCloseTo(shape.width / shape.height, 1);
  expect(m.natural).toBeCloseTo(shape.width / shape.height, 1);
  expect(m.card.left).toBeGreaterThanOrEqual(m.room.left - 0.5);
  expect(m.card.right).toBeLessThanOrEqual(m.room.right + 0.5);
  expect(m.card.right).toBeLessThanOrEqual(m.window);
}

async function openChat(page: Page, name: string): Promise<Locator> {
  await page
    .getByRole('button', { name: new RegExp(name) })
    .first()
    .click();
  const chat = page.getByRole('region', { name });
  await chat.locator('.msg--other .video-card').nth(1).waitFor();
  return chat;
}

describe('a video card fitted to its poster', () => {
  let env: TestServer;
  let browser: Browser;
  let alice: Account;
  let bob: Account;
  const people: Person[] = [];

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
    alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const sdk = await connectedClient(env.url, alice);
    const conversationId = await alice.client.api.openDirect(bob.me.id);
    for (const clip of [PORTRAIT, LANDSCAPE]) {
      const ready = sdk.waitForEvent(
        'video.updated',
        (e) => e.video.caption === clip.caption && e.video.state === 'ready',
        60_000,
      );
      const bytes = await makeClipBytes({ width: clip.width, height: clip.height, seconds: 3 });
      await alice.client.api.uploadVideo(bytes, { caption: clip.caption });
      const { video } = await ready;
      await sdk.sendVideo(conversationId, video.id, { comment: COMMENT });
    }
    await sdk.whenSent();
    await sdk.shutdown();
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('is exactly as wide as the poster, in its shape, on the desktop and the phone', async () => {
    const desk = await openBrowserFor(browser);
    const phone = await openBrowserFor(browser, PHONE);
    people.push(desk, phone);
    await signInWithForm(desk.page, env.url, bob.me.username);
    await signInWithForm(phone.page, `${env.url}/m`, bob.me.username);

    for (const person of [desk, phone]) {
      const chat = await openChat(person.page, 'Alice 爱丽丝');
      for (const clip of [PORTRAIT, LANDSCAPE]) {
        const card = chat.locator('.msg--other .video-card', { hasText: clip.caption });
        await card.getByText(COMMENT).waitFor();
        expectFitted(await measureCard(card), clip);
      }
    }
    expect(desk.problems).toEqual([]);
    expect(phone.problems).toEqual([]);
  });

  it('opens full screen on the phone at a tap; back, Esc and the close button return to the chat', async () => {
    const phone = await openBrowserFor(browser, PHONE);
    people.push(phone);
    await signInWithForm(phone.page, `${env.url}/m`, bob.me.username);
    const { page } = phone;
    const chat = await openChat(page, 'Alice 爱丽丝');
    const chatUrl = page.url();
    const card = chat.locator('.msg--other .video-card', { hasText: PORTRAIT.caption });
    const play = card.getByRole('button', { name: `视频：${PORTRAIT.caption}` });
    const player = page.getByRole('dialog', { name: '视频播放' });

    // A tap: the player covers the whole screen and plays; nothing plays inside the bubble.
    await play.tap();
    const video = player.locator('video');
    await page.waitForFunction(
      (el) => el instanceof HTMLVideoElement && !el.paused && el.currentTime > 0,
      await video.elementHandle(),
    );
    const viewport = page.viewportSize();
    const box = await player.boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: viewport?.width, height: viewport?.height });
    // Opaque: the chat's header and composer do not show through around the picture.
    expect(await player.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)');
    expect(await card.locator('video').count()).toBe(0);

    // The phone's back gesture closes the player, not the chat.
    await page.goBack();
    await player.waitFor({ state: 'detached' });
    expect(page.url()).toBe(chatUrl);
    await chat.waitFor();

    await play.tap();
    await player.waitFor();
    await page.keyboard.press('Escape');
    await player.waitFor({ state: 'detached' });
    expect(page.url()).toBe(chatUrl);

    // Closed by its button, it leaves nothing behind in the history: back leaves the chat.
    await play.tap();
    await player.getByRole('button', { name: '关闭' }).tap();
    await player.waitFor({ state: 'detached' });
    expect(page.url()).toBe(chatUrl);
    await page.goBack();
    await chat.waitFor({ state: 'detached' });
    await page
      .getByRole('button', { name: /Alice 爱丽丝/ })
      .first()
      .waitFor();
    expect(phone.problems).toEqual([]);
  });
});
