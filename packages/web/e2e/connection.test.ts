import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, openBrowserFor, startServer, type TestServer, uniqueName } from './harness';
import { makeAccount, signInWithForm } from './seed';

/** The banner's promise: a lost link is on screen this soon (issue 15, item 6). */
const SHOWN_WITHIN_MS = 3000;
/**
 * A link that goes silent is only found by a ping left unanswered: the app pings after a few
 * quiet seconds and gives the pong 3 s; its check runs each second, and a machine busy with
 * other tests delays a timer by a second or so more.
 */
const AFTER_MISSED_PONG_MS = 3000 + 1000 + 1500;

// A person whose network goes is told at once, over the whole window, and the app is back by
// itself the moment the network is: whatever the way the link was lost.
describe('the connection banner', () => {
  let env: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  function bannerOf(page: Page) {
    return page.getByRole('status').filter({ hasText: '网络连接已断开，正在重连…' });
  }

  /**
   * Resolves once the page's socket got the server's hello: live as far as the page knows (the
   * server counts a socket a moment before its hello reaches the page). Call before it opens.
   */
  function helloReaches(page: Page): Promise<void> {
    return new Promise((resolve) => {
      page.on('websocket', (socket) => {
        socket.on('framereceived', (frame) => {
          if (String(frame.payload).includes('"hello"')) resolve();
        });
      });
    });
  }

  /** Whether the server holds a live socket of this account now. */
  function connectedCount(userId: string): number {
    return env.server.gateway.connections.ofUser(userId)?.size ?? 0;
  }

  it('the browser going offline shows the banner within 3 s across the window; back online, it reconnects at once', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const a = await openBrowserFor(browser);
    const live = helloReaches(a.page);
    await signInWithForm(a.page, env.url, alice.me.username);
    await live;

    await a.context.setOffline(true);
    const banner = bannerOf(a.page);
    await banner.waitFor({ timeout: SHOWN_WITHIN_MS });
    const box = await banner.boundingBox();
    expect(box?.x).toBe(0);
    expect(box?.width).toBe(DESKTOP.viewport?.width);

    // Long enough offline for the retries to back off by several seconds… (The server may not
    // hear of the old socket's end until its own heartbeat: the close frame had no network to
    // go by. So the page's hellos, not the server's count, tell when the app is back.)
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const back = helloReaches(a.page);
    // …and yet back at once when the browser says the network is back.
    await a.context.setOffline(false);
    await banner.waitFor({ state: 'hidden', timeout: SHOWN_WITHIN_MS });
    await Promise.race([
      back,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no hello within 3 s')), SHOWN_WITHIN_MS)),
    ]);
    await expect
      .poll(() => connectedCount(alice.me.id), { timeout: SHOWN_WITHIN_MS })
      .toBeGreaterThanOrEqual(1);
    expect(a.problems).toEqual([]);
    await a.context.close();
  });

  it('a link that goes silent (frames lost both ways) shows the banner within about 3 s of the unanswered ping', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const a = await openBrowserFor(browser);
    // The network between the page and the server: it can swallow every frame, as a dead
    // Wi-Fi or a sleeping NAT does, without either side seeing a close.
    let silent = false;
    let helloPassed = false;
    let firstLostPingAt: number | null = null;
    await a.page.routeWebSocket(/\/ws$/, (ws: WebSocketRoute) => {
      if (silent) return void ws.close({ code: 1006 });
      const server = ws.connectToServer();
      ws.onMessage((frame) => {
        if (!silent) return server.send(frame);
        if (firstLostPingAt === null && String(frame).includes('"ping"')) firstLostPingAt = Date.now();
      });
      server.onMessage((frame) => {
        if (silent) return;
        ws.send(frame);
        if (String(frame).includes('"hello"')) helloPassed = true;
      });
    });
    await signInWithForm(a.page, env.url, alice.me.username);
    // Live as far as the page knows: the server's hello went through (the server counts the
    // socket a moment before it says hello).
    await expect.poll(() => helloPassed).toBe(true);

    silent = true;
    const banner = bannerOf(a.page);
    // Generous: the bound that matters is the one from the lost ping, checked below.
    await banner.waitFor({ timeout: 30_000 });
    const shownAt = Date.now();
    expect(firstLostPingAt).not.toBeNull();
    expect(shownAt - (firstLostPingAt ?? 0)).toBeLessThanOrEqual(AFTER_MISSED_PONG_MS);

    silent = false;
    await banner.waitFor({ state: 'hidden', timeout: 15_000 });
    expect(a.problems).toEqual([]);
    await a.context.close();
  });

  it('the server cutting the socket shows the banner at once, and the app comes back by itself', async () => {
    const alice = await makeAccount(env.url, uniqueName('alice'), 'Alice 爱丽丝');
    const a = await openBrowserFor(browser);
    // While `down`, new sockets are refused, so that the banner stays long enough to be seen.
    let down = false;
    await a.page.routeWebSocket(/\/ws$/, (ws: WebSocketRoute) => {
      if (down) return void ws.close({ code: 1006 });
      ws.connectToServer();
    });
    const live = helloReaches(a.page);
    await signInWithForm(a.page, env.url, alice.me.username);
    await live;

    down = true;
    for (const conn of env.server.gateway.connections.ofUser(alice.me.id) ?? []) conn.ws.terminate();
    const banner = bannerOf(a.page);
    await banner.waitFor({ timeout: SHOWN_WITHIN_MS });

    down = false;
    await banner.waitFor({ state: 'hidden', timeout: 15_000 });
    await expect.poll(() => connectedCount(alice.me.id)).toBe(1);
    expect(a.problems).toEqual([]);
    await a.context.close();
  });
});
