import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Person, startServer, type TestServer, UI_TIMEOUT_MS } from './harness';
import { openChatPair } from './seed';

// [#8] "对方正在输入…" in a one-to-one chat: shown while the friend types, gone when the text
// empties or is sent, and said over the network a few times, not at each keystroke.

/** The typing frames a page sends, as they leave its socket. */
function countTypingFrames(page: Page): { started: number; stopped: number } {
  const count = { started: 0, stopped: 0 };
  page.on('websocket', (socket) => {
    socket.on('framesent', (frame) => {
      const text = String(frame.payload);
      if (!text.includes('"op":"typing"')) return;
      if (text.includes('"stopped":true')) count.stopped++;
      else count.started++;
    });
  });
  return count;
}

describe('the typing line', () => {
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

  it('[#8] shows while the friend types, comes down when the text empties or is sent, without a burst of frames', async () => {
    const pair = await openChatPair(browser, env.url);
    const { a, b } = pair;
    people.push(a, b);
    const aBox = a.page.getByRole('region', { name: 'Bob 鲍勃' }).getByRole('textbox', { name: '输入消息' });
    const typingLine = b.page.getByRole('region', { name: 'Alice 爱丽丝' }).getByText('对方正在输入…');
    // Sooner than the line's own timeout (TYPING_SHOWN_MS, 6 s): told, not timed out.
    const TOLD_MS = 4000;

    // A reload, so that the frames of the page's new socket are counted from its first.
    const frames = countTypingFrames(a.page);
    await a.page.reload();
    await aBox.waitFor();

    await aBox.pressSequentially('晚上一起吃饭吗', { delay: 40 });
    await typingLine.waitFor({ timeout: UI_TIMEOUT_MS });
    // Seven characters within well under the 3-s repeat: one frame, not seven.
    expect(frames.started).toBe(1);

    // Emptied: down at once, not after the line's own timeout.
    await aBox.fill('');
    await typingLine.waitFor({ state: 'hidden', timeout: TOLD_MS });
    expect(frames.stopped).toBe(1);

    // Typed again and sent: the message arrives, and the line is gone with it.
    await aBox.pressSequentially('好的', { delay: 40 });
    await typingLine.waitFor({ timeout: UI_TIMEOUT_MS });
    await aBox.press('Enter');
    await b.page.getByRole('region', { name: 'Alice 爱丽丝' }).getByText('好的', { exact: true }).waitFor();
    await typingLine.waitFor({ state: 'hidden', timeout: TOLD_MS });
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
