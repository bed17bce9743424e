import { SESSION_COOKIE } from '@liao/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openBrowserFor,
  type Person,
  startServer,
  type TestServer,
  uniqueName,
} from './harness';
import { befriend, connectedClient, makeAccount, makeAvatarPng } from './seed';

// A long chat read in the browser: the pane opens at the "new messages" line, scrolls up page
// by page to the first message without the rows in sight moving, and counts what arrives
// while the reader is up there. Everything waits for what a person would see; nothing sleeps.

const SENT = 300;
/** Of Bob's messages, Alice has read this many before she opens the chat. */
const READ = 260;

/** Drags the scrollbar to the top, as a reader would, and waits until the rows there are drawn. */
function scrollToTop(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const scroller = document.querySelector('.msg-list__scroller');
    if (scroller) scroller.scrollTop = 0;
    for (let frame = 0; frame < 2; frame++) await new Promise(requestAnimationFrame);
  });
}

/** The first message row wholly in sight: its key and its distance from the list's top edge. */
function firstVisibleRow(page: Page): Promise<{ key: string; top: number } | null> {
  return page.evaluate(() => {
    const scroller = document.querySelector('.msg-list__scroller');
    if (!scroller) return null;
    const edge = scroller.getBoundingClientRect().top;
    const rows = [...document.querySelectorAll<HTMLElement>('.msg-list__row')]
      .map((row) => ({ key: row.dataset.key ?? '', top: row.getBoundingClientRect().top - edge }))
      .filter((row) => row.top >= 0)
      .sort((a, b) => a.top - b.top);
    return rows[0] ?? null;
  });
}

/** Where a row now is, relative to the list's top edge (null: not drawn). */
function rowTop(page: Page, key: string): Promise<number | null> {
  return page.evaluate((k) => {
    const scroller = document.querySelector('.msg-list__scroller');
    const row = [...document.querySelectorAll<HTMLElement>('.msg-list__row')].find(
      (r) => r.dataset.key === k,
    );
    if (!scroller || !row) return null;
    return row.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  }, key);
}

/** The newest "消息 N" the reader sees: at least 20 px of its row above the list's bottom edge. */
function newestInSight(page: Page): Promise<number> {
  return page.evaluate(() => {
    const scroller = document.querySelector('.msg-list__scroller');
    if (!scroller) return 0;
    const bottom = scroller.getBoundingClientRect().bottom;
    const numbers = [...document.querySelectorAll<HTMLElement>('.msg-list__row')]
      .filter((row) => {
        const box = row.getBoundingClientRect();
        return box.top + Math.min(box.height, 20) <= bottom;
      })
      .map((row) => /^消息 (\d+)$/.exec(row.querySelector('.msg__bubble')?.textContent ?? '')?.[1])
      .filter((n) => n !== undefined)
      .map(Number);
    return Math.max(...numbers);
  });
}

/** The lowest "消息 N" drawn in the page (rows far from sight are not in the page). */
function oldestDrawn(page: Page): Promise<number> {
  return page.evaluate(() => {
    const numbers = [...document.querySelectorAll('.msg__bubble')]
      .map((b) => /^消息 (\d+)$/.exec(b.textContent ?? '')?.[1])
      .filter((n) => n !== undefined)
      .map(Number);
    return Math.min(...numbers);
  });
}

describe('a long chat in the browser', () => {
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

  it('opens at the unread line, scrolls up to the first message without jumps, and counts new ones', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const chatId = await alice.client.api.openDirect(bob.me.id);

    // Bob sends 300 messages through the SDK; Alice (on another device) has read 260 of them.
    const bobClient = await connectedClient(env.url, bob);
    for (let i = 1; i <= SENT; i++) await bobClient.sendText(chatId, `消息 ${i}`);
    await bobClient.whenSent();
    const aliceClient = await connectedClient(env.url, alice);
    await aliceClient.whenSynced();
    const lastSeq = aliceClient.getConversation(chatId)?.lastSeq ?? 0;
    expect(lastSeq).toBe(SENT + 1);
    // Seq 1 is the "you are now friends" line, so message N has seq N + 1.
    await aliceClient.request('read', { conversationId: chatId, seq: READ + 1 });
    await aliceClient.shutdown();

    const a = await openBrowserFor(browser);
    people.push(a);
    await a.context.addCookies([{ name: SESSION_COOKIE, value: alice.token, url: env.url }]);
    await a.page.goto(`${env.url}/chat/${chatId}`);
    const chat = a.page.getByRole('region', { name: 'Bob 鲍勃' });

    // The pane opens at the line above the first unread message, not at the bottom.
    const marker = chat.getByText('以下为新消息');
    await marker.waitFor();
    await chat.locator('.msg__bubble', { hasText: /^消息 261$/ }).waitFor();
    const scroller = chat.locator('.msg-list__scroller');
    const box = await scroller.boundingBox();
    const markerBox = await marker.boundingBox();
    expect(box && markerBox && markerBox.y - box.y).toBeLessThan(120);
    await expect.poll(() => chat.getByText(`消息 ${SENT}`, { exact: true }).isVisible()).toBe(false);

    // [#17] The button down counts the unread messages still below, fewer as they come into sight.
    const countBelow = async () => SENT - (await newestInSight(a.page));
    const below = chat.getByRole('button', { name: /^\d+ 条新消息$/ });
    await expect
      .poll(async () => (await below.getAttribute('aria-label')) === `${await countBelow()} 条新消息`)
      .toBe(true);
    const first = Number((await below.getAttribute('aria-label'))?.split(' ')[0]);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(SENT - READ);
    await scroller.evaluate((el) => el.scrollBy({ top: el.clientHeight / 2 }));
    await expect
      .poll(async () => Number((await below.getAttribute('aria-label'))?.split(' ')[0]))
      .toBeLessThan(first);
    await expect
      .poll(async () => (await below.getAttribute('aria-label')) === `${await countBelow()} 条新消息`)
      .toBe(true);
    // At the bottom everything was seen: no count, and no button.
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await below.waitFor({ state: 'detached' });
    await chat.getByRole('button', { name: '回到最新消息' }).waitFor({ state: 'detached' });

    // Up to the first message, a page at a time: the row in sight stays where it was.
    let oldest = await oldestDrawn(a.page);
    let pages = 0;
    while (oldest > 1) {
      await scrollToTop(a.page);
      const anchor = await firstVisibleRow(a.page);
      expect(anchor).not.toBeNull();
      await expect.poll(() => oldestDrawn(a.page)).toBeLessThan(oldest);
      const key = anchor?.key ?? '';
      await expect.poll(() => rowTop(a.page, key)).toBeCloseTo(anchor?.top ?? 0, 0);
      oldest = await oldestDrawn(a.page);
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    await scrollToTop(a.page);
    await chat.getByText('你们已成为好友，现在可以开始聊天了').waitFor();
    await chat.getByText('没有更早的消息了').waitFor();

    // Up in the history, a new message does not move the view: a button counts it.
    const anchor = await firstVisibleRow(a.page);
    const bobAgain = await connectedClient(env.url, bob);
    await bobAgain.sendText(chatId, '新的一条');
    await bobAgain.whenSent();
    const jump = chat.getByRole('button', { name: '1 条新消息' });
    await jump.waitFor();
    expect(await rowTop(a.page, anchor?.key ?? '')).toBeCloseTo(anchor?.top ?? 0, 0);

    // The button takes the reader to the newest message and goes.
    await jump.click();
    await chat.locator('.msg__bubble', { hasText: '新的一条' }).waitFor();
    await expect.poll(() => chat.locator('.msg__bubble', { hasText: '新的一条' }).isVisible()).toBe(true);
    await jump.waitFor({ state: 'detached' });
    await bobAgain.shutdown();
    await bobClient.shutdown();
    expect(a.problems).toEqual([]);
  });

  it('shows pictures in boxes of their shape before they load, and opens them in the viewer', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const chatId = await alice.client.api.openDirect(bob.me.id);
    const bobClient = await connectedClient(env.url, bob);
    // A big picture (fitted into 240 px) and a tiny one (shown at the 60 px minimum).
    for (const size of [600, 30]) {
      const png = makeAvatarPng([96, 178, 230], [40, 90, 170], [240, 250, 255], size);
      const uploaded = await bobClient.api.uploadImage(chatId, new Uint8Array(png), 'image/png');
      await bobClient.sendImage(chatId, uploaded);
    }
    await bobClient.sendText(chatId, '两张照片');
    await bobClient.whenSent();
    await bobClient.shutdown();

    const a = await openBrowserFor(browser);
    people.push(a);
    await a.context.addCookies([{ name: SESSION_COOKIE, value: alice.token, url: env.url }]);
    await a.page.goto(`${env.url}/chat/${chatId}`);
    const chat = a.page.getByRole('region', { name: 'Bob 鲍勃' });
    const pictures = chat.getByRole('button', { name: '查看图片' });
    await chat.getByText('两张照片').waitFor();
    expect(await pictures.count()).toBe(2);
    const sizes = await pictures.evaluateAll((els) =>
      els.map((el) => `${el.getBoundingClientRect().width}x${el.getBoundingClientRect().height}`),
    );
    expect(sizes).toEqual(['240x240', '60x60']);
    await expect.poll(() => chat.locator('.img-bubble--loaded').count(), { timeout: 10_000 }).toBe(2);

    // The viewer: fitted at first, steps with the arrow keys, zooms, saves, closes with Esc.
    await pictures.first().click();
    const viewer = a.page.getByRole('dialog', { name: '图片查看器' });
    await viewer.getByText('第 1 张，共 2 张').waitFor();
    const save = viewer.getByRole('link', { name: '保存图片' });
    expect(await save.getAttribute('download')).not.toBeNull();
    expect(await save.getAttribute('href')).toMatch(/^\/api\/media\/images\/[0-9a-f-]+$/);
    await viewer.getByText('100%').waitFor();
    await viewer.getByRole('button', { name: '放大' }).click();
    await viewer.getByText('125%').waitFor();
    await a.page.keyboard.press('ArrowRight');
    await viewer.getByText('第 2 张，共 2 张').waitFor();
    await viewer.getByText('100%').waitFor();
    expect(await viewer.getByRole('button', { name: '下一张' }).count()).toBe(0);
    await a.page.keyboard.press('ArrowLeft');
    await viewer.getByText('第 1 张，共 2 张').waitFor();
    await a.page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(await pictures.first().evaluate((el) => el === document.activeElement)).toBe(true);
    expect(a.problems).toEqual([]);
  });
});
