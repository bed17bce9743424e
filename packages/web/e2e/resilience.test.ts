import type { Browser, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openBrowserFor, startServer, type TestServer, uniqueName } from './harness';
import { type Account, befriend, connectedClient, makeAccount, signInWithForm } from './seed';

/** The friend's own device: every message of the chat as the server stored it, counted by text. */
async function textsSeenBy(account: Account, url: string, conversationId: string): Promise<string[]> {
  const client = await connectedClient(url, account);
  try {
    await client.waitForState('open');
    await client.whenSynced();
    await client.fillGaps();
    const items = await client.getTimeline(conversationId, { limit: 500 });
    return items.flatMap((item) =>
      item.kind === 'message' && item.message.content.kind === 'text' ? [item.message.content.text] : [],
    );
  } finally {
    await client.shutdown();
  }
}

// The network fails people in the middle of things: a reload while a message is on its way, a
// train into a tunnel. What they typed arrives once, in order, without their doing anything.
describe('sending through reloads and lost connections', () => {
  let env: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  async function friendsInAChat() {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const bob = await makeAccount(env.url, uniqueName('bob'), 'Bob 鲍勃');
    await befriend(alice, bob);
    const conversationId = await alice.client.api.openDirect(bob.me.id);
    const a = await openBrowserFor(browser);
    return { alice, bob, conversationId, a };
  }

  it('a message whose acknowledgement was lost to a reload is delivered once', async () => {
    const { alice, bob, conversationId, a } = await friendsInAChat();
    // The server stores the send, but its answer never reaches the page: the page reloads
    // while, as far as it knows, the message is still on its way.
    let dropAcks = true;
    let stored: () => void = () => {};
    const sendStored = new Promise<void>((resolve) => {
      stored = resolve;
    });
    await a.page.routeWebSocket(/\/ws$/, (ws: WebSocketRoute) => {
      const server = ws.connectToServer();
      const sends = new Set<string>();
      ws.onMessage((frame) => {
        const parsed = JSON.parse(String(frame)) as { id?: string; op?: string };
        if (parsed.op === 'message.send' && parsed.id) sends.add(parsed.id);
        server.send(frame);
      });
      server.onMessage((frame) => {
        const parsed = JSON.parse(String(frame)) as { type?: string; id?: string };
        if (dropAcks && parsed.type === 'res' && parsed.id && sends.has(parsed.id)) {
          stored();
          return;
        }
        ws.send(frame);
      });
    });
    await signInWithForm(a.page, env.url, alice.me.username);
    await a.page.goto(`${env.url}/chat/${conversationId}`);
    const chat = a.page.getByRole('region', { name: 'Bob 鲍勃' });
    const box = chat.getByRole('textbox', { name: '输入消息' });
    await box.fill('刷新也只到一次');
    await box.press('Enter');
    await sendStored;

    dropAcks = false;
    await a.page.reload();
    await chat.locator('.msg--own .msg__bubble', { hasText: '刷新也只到一次' }).waitFor();
    // Once the echo has become the stored message, the page shows it sent (no spinner, no retry).
    await expect
      .poll(
        async () =>
          (await textsSeenBy(bob, env.url, conversationId)).filter((t) => t === '刷新也只到一次').length,
      )
      .toBe(1);
    await expect.poll(() => chat.locator('.msg--own', { hasText: '刷新也只到一次' }).count()).toBe(1);
    expect(a.problems).toEqual([]);
  });

  it('messages written offline are sent in order when the connection comes back, and missed ones arrive', async () => {
    const { alice, bob, conversationId, a } = await friendsInAChat();
    let online = true;
    const sockets: WebSocketRoute[] = [];
    await a.page.routeWebSocket(/\/ws$/, (ws: WebSocketRoute) => {
      if (!online) {
        void ws.close({ code: 1006 });
        return;
      }
      sockets.push(ws);
      ws.connectToServer();
    });
    await signInWithForm(a.page, env.url, alice.me.username);
    await a.page.goto(`${env.url}/chat/${conversationId}`);
    const chat = a.page.getByRole('region', { name: 'Bob 鲍勃' });
    await chat.getByText('你们已成为好友，现在可以开始聊天了').waitFor();

    // The connection drops and stays down.
    online = false;
    await a.context.setOffline(true);
    for (const ws of sockets.splice(0)) await ws.close({ code: 1006 });
    await a.page.getByText('网络连接已断开，正在重连…').waitFor();

    const box = chat.getByRole('textbox', { name: '输入消息' });
    for (const text of ['隧道里的第一条', '隧道里的第二条']) {
      await box.fill(text);
      await box.press('Enter');
    }
    await chat
      .locator('.msg--own', { hasText: '隧道里的第二条' })
      .getByRole('status', { name: '发送中' })
      .waitFor();
    // Meanwhile Bob writes.
    const bobClient = await connectedClient(env.url, bob);
    await bobClient.waitForState('open');
    await bobClient.sendText(conversationId, '你在哪儿？');
    await bobClient.whenSent();
    await bobClient.shutdown();

    // Back online: the two lines go out in order, Bob's arrives, the banner goes away.
    online = true;
    await a.context.setOffline(false);
    await chat.locator('.msg--other .msg__bubble', { hasText: '你在哪儿？' }).waitFor({ timeout: 20_000 });
    await a.page.getByText('网络连接已断开，正在重连…').waitFor({ state: 'hidden' });
    await expect
      .poll(async () =>
        (await textsSeenBy(bob, env.url, conversationId)).filter((t) => t.startsWith('隧道里')),
      )
      .toEqual(['隧道里的第一条', '隧道里的第二条']);
    expect(a.problems).toEqual([]);
  });
});
