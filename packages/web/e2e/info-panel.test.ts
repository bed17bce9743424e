import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Person, startServer, type TestServer } from './harness';
import { openChatPair } from './seed';

// [#16] On the desktop the chat info panel pushes the chat aside: one's own messages (on the
// right) and the send button stay in view beside it. Only a window too narrow for both is
// covered at its right edge.

async function boxOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { left: box.x, right: box.x + box.width };
}

describe('the chat info panel', () => {
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

  it('[#16] sits beside the messages on a wide window, and over their edge only on a narrow one', async () => {
    const { a, b } = await openChatPair(browser, env.url);
    people.push(a, b);
    const chat = a.page.getByRole('region', { name: 'Bob 鲍勃' });
    await chat.getByRole('textbox', { name: '输入消息' }).fill('周六早上八点，地铁站 A 口见');
    await chat.getByRole('textbox', { name: '输入消息' }).press('Enter');
    const mine = chat.getByText('周六早上八点，地铁站 A 口见', { exact: true });
    await mine.waitFor();

    await chat.getByRole('button', { name: '聊天信息' }).click();
    const panel = a.page.getByRole('complementary', { name: '聊天信息' });
    await panel.waitFor();
    const edge = (await boxOf(panel)).left;
    // The layout settles after the panel appears: wait for the send button to move aside.
    const send = chat.getByRole('button', { name: '发送', exact: true });
    await expect.poll(async () => (await boxOf(send)).right).toBeLessThanOrEqual(edge);
    expect((await boxOf(mine)).right).toBeLessThanOrEqual(edge);
    expect((await boxOf(chat.getByRole('button', { name: '聊天信息' }))).right).toBeLessThanOrEqual(edge);

    // A narrow window keeps the messages their width, and the panel lies over their edge.
    await a.page.setViewportSize({ width: 1000, height: 800 });
    const narrowEdge = (await boxOf(panel)).left;
    await expect.poll(async () => (await boxOf(send)).right).toBeGreaterThan(narrowEdge);

    // Closed, the chat takes the whole width again.
    await a.page.setViewportSize({ width: 1280, height: 800 });
    await panel.getByRole('button', { name: '关闭' }).click();
    await panel.waitFor({ state: 'detached' });
    await expect.poll(async () => (await boxOf(send)).right).toBeGreaterThan(edge);
    expect(a.problems).toEqual([]);
  });
});
