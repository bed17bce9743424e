import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloseCodes } from '@liao/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { LiaoClient } from './client';
import { LiaoError } from './errors';
import { nodeSocketFactory } from './node';
import { MemoryStore } from './store/MemoryStore';
import { C1, makeConversation, makeMessage } from './testing';

const USER = '01890000-0000-7000-8000-000000000001';
const SESSION = '01890000-0000-7000-8000-000000000002';

/** A tiny server: /ws says hello to the token it knows; /api/me answers 401 for others. */
async function startServer(validToken: { current: string }) {
  const server = http.createServer((req, res) => {
    const ok = req.headers.authorization === `Bearer ${validToken.current}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        ok
          ? {
              id: USER,
              username: 'abc',
              displayName: 'A',
              signature: '',
              avatarUrl: null,
              discoverable: true,
              createdAt: 1,
            }
          : { error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } },
      ),
    );
  });
  const sockets: WebSocket[] = [];
  const wss = new WebSocketServer({
    server,
    verifyClient: (info, done) => {
      if (info.req.headers.authorization === `Bearer ${validToken.current}`) done(true);
      else done(false, 401);
    },
  });
  wss.on('connection', (ws) => {
    sockets.push(ws);
    ws.send(
      JSON.stringify({ type: 'hello', userId: USER, sessionId: SESSION, heartbeatMs: 25_000, serverTime: 1 }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('LiaoClient', () => {
  let stop: (() => Promise<void>) | undefined;
  let client: LiaoClient | undefined;
  afterEach(async () => {
    client?.disconnect();
    await stop?.();
  });

  function makeClient(url: string, token: { current: string }): LiaoClient {
    client = new LiaoClient({
      baseUrl: url,
      token: token.current,
      createSocket: nodeSocketFactory(() => token.current),
    });
    return client;
  }

  it('connect() resolves once the connection is open', async () => {
    const token = { current: 'good' };
    const server = await startServer(token);
    stop = server.close;
    const c = makeClient(server.url, token);
    await c.connect();
    expect(c.connectionState).toBe('open');
  });

  it("knows this device's session from the hello, and forgets it on disconnect", async () => {
    const token = { current: 'good' };
    const server = await startServer(token);
    stop = server.close;
    const c = makeClient(server.url, token);
    expect(c.sessionId).toBeNull();
    await c.connect();
    expect(c.sessionId).toBe(SESSION);
    c.disconnect();
    expect(c.sessionId).toBeNull();
  });

  it('after being signed out, connect() fails at once with UNAUTHENTICATED instead of hanging', async () => {
    const valid = { current: 'good' };
    const server = await startServer(valid);
    stop = server.close;
    const c = makeClient(server.url, { current: 'good' });
    await c.connect();
    const signedOut = c.waitForState('signedOut');
    valid.current = 'someone else';
    server.sockets[0]!.close(CloseCodes.SESSION_REVOKED, 'signed out');
    await signedOut;

    const started = Date.now();
    const error = await c.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LiaoError);
    expect((error as LiaoError).code).toBe('UNAUTHENTICATED');
    // Not the 10 s timeout of waitForState: it knows the answer as soon as the server says so.
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(c.waitForState('open', 60_000)).rejects.toBeInstanceOf(LiaoError);
  });

  it('after signing in again (a new token), connect() opens a new connection', async () => {
    const valid = { current: 'first' };
    const server = await startServer(valid);
    stop = server.close;
    const token = { current: 'first' };
    const c = makeClient(server.url, token);
    await c.connect();
    valid.current = 'second';
    server.sockets[0]!.close(CloseCodes.SESSION_REVOKED, 'signed out');
    await c.waitForState('signedOut');
    token.current = 'second';
    c.setToken('second');
    await c.connect();
    expect(c.connectionState).toBe('open');
    expect(server.sockets).toHaveLength(2);
  });

  it('[issue 15 #4] forgetLocalData() empties the store: conversations, messages, cursor, outbox and owner', async () => {
    const token = { current: 'good' };
    const server = await startServer(token);
    stop = server.close;
    const store = new MemoryStore();
    await store.open();
    await store.setOwner(USER);
    await store.setSyncCursor(42);
    await store.putConversations([{ conversation: makeConversation(C1, { lastSeq: 2 }), known: [[0, 2]] }]);
    await store.putMessages([makeMessage(C1, 1), makeMessage(C1, 2)]);
    const c = new LiaoClient({
      baseUrl: server.url,
      token: token.current,
      store,
      createSocket: nodeSocketFactory(() => token.current),
    });
    client = c;
    await c.connect();
    // Written while connected, so unsent (this server answers no request): it must go too.
    await c.sendText(C1, 'not sent yet');
    expect(c.getConversations()).toHaveLength(1);

    expect(await c.forgetLocalData()).toBe(true);
    expect(c.connectionState).toBe('idle');
    expect(c.getConversations()).toEqual([]);
    expect(c.getOutbox()).toEqual([]);
    expect(await store.listConversations()).toEqual([]);
    expect(await store.listMessages(C1)).toEqual([]);
    expect(await store.listOutbox()).toEqual([]);
    expect(await store.getOwner()).toBeNull();
    expect(await store.getSyncCursor()).toBeNull();
    // Nothing left the second time; and the client still works for whoever signs in next.
    expect(await c.forgetLocalData()).toBe(false);
    await c.connect();
    expect(c.connectionState).toBe('open');
  });
});
