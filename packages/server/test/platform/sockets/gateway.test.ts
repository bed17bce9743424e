import { LiaoClient } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import { HEARTBEAT_MS, MAX_FRAME_BYTES, type ServerEvent, type ServerFrame } from '@liao/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectClient, makeAccount, sessionCookie, signInAgain } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer, uniqueUsername } from '../../support/harness';
import { http } from '../../support/http';
import { openSocket, refusedUpgrade, type TestSocket } from '../../support/sockets';

const isError = (code: string) => (f: ServerFrame) => f.type === 'error' && f.code === code;

describeEachStore('gateway', (store) => {
  let t: TestServer;
  const cleanup: (() => void)[] = [];
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterEach(() => {
    for (const done of cleanup.splice(0)) done();
  });
  afterAll(() => t.destroy());

  async function socketFor(token: string, extra: Parameters<typeof openSocket>[1] = {}): Promise<TestSocket> {
    const socket = await openSocket(t.url, { token, ...extra });
    cleanup.push(() => socket.close());
    return socket;
  }

  /** An account signed in with a cookie (the browser case), and its cookie value. */
  async function cookieAccount(): Promise<{ cookie: string; id: string }> {
    const res = await http(t.url, 'POST', '/api/accounts', {
      body: {
        username: uniqueUsername(),
        password: 'correct horse',
        displayName: 'Web',
        transport: 'cookie',
      },
    });
    expect(res.status).toBe(201);
    return { cookie: sessionCookie(res)!, id: res.body.user.id };
  }

  describe('opening a connection', () => {
    it('without a token the upgrade is refused with 401', async () => {
      expect(await refusedUpgrade(t.url)).toBe(401);
    });

    it('with a bad token (garbage, well-formed but unknown, wrong scheme) the upgrade is refused with 401', async () => {
      expect(await refusedUpgrade(t.url, { token: 'garbage' })).toBe(401);
      expect(await refusedUpgrade(t.url, { token: 'A'.repeat(43) })).toBe(401);
      expect(await refusedUpgrade(t.url, { cookie: 'B'.repeat(43) })).toBe(401);
      const account = await makeAccount(t);
      expect(await refusedUpgrade(t.url, { headers: { authorization: `Basic ${account.token}` } })).toBe(401);
    });

    it('a cross-site Origin is refused with 403 even with a valid cookie or token', async () => {
      const { cookie } = await cookieAccount();
      const account = await makeAccount(t);
      for (const origin of [
        'https://evil.example',
        'null',
        `${t.url}.evil.example`,
        t.url.replace('http:', 'https:'),
      ]) {
        expect(await refusedUpgrade(t.url, { cookie, origin }), origin).toBe(403);
        expect(await refusedUpgrade(t.url, { token: account.token, origin }), origin).toBe(403);
      }
    });

    it('a same-origin Origin with the cookie is accepted', async () => {
      const { cookie, id } = await cookieAccount();
      const socket = await openSocket(t.url, { cookie, origin: t.url });
      cleanup.push(() => socket.close());
      const hello = await socket.next();
      expect(hello).toMatchObject({ type: 'hello', userId: id });
    });

    it('the SDK connects with a bearer token and a same-origin Origin', async () => {
      const account = await makeAccount(t);
      const client = new LiaoClient({
        baseUrl: t.url,
        token: account.token,
        createSocket: nodeSocketFactory(() => account.token, t.url),
      });
      cleanup.push(() => client.disconnect());
      await client.connect();
      expect(client.connectionState).toBe('open');
    });

    it('paths other than /ws are not upgraded', async () => {
      const account = await makeAccount(t);
      for (const path of ['/api/me', '/ws/', '/wsx', '/']) {
        expect(await refusedUpgrade(t.url, { token: account.token, path }), path).toBe(404);
      }
    });

    it('the first frame is hello, with the user, the device session, the heartbeat and the server time', async () => {
      const account = await makeAccount(t);
      const socket = await socketFor(account.token);
      const first = await socket.next();
      expect(first).toEqual({
        type: 'hello',
        userId: account.id,
        sessionId: account.sessionId,
        heartbeatMs: HEARTBEAT_MS,
        serverTime: expect.any(Number),
      });
    });
  });

  describe('frames', () => {
    let socket: TestSocket;
    beforeEach(async () => {
      const account = await makeAccount(t);
      socket = await socketFor(account.token);
      await socket.next((f) => f.type === 'hello');
    });

    it('answers a ping frame with a pong carrying the same id', async () => {
      socket.send({ type: 'ping', id: 'abc-123' });
      expect(await socket.next()).toEqual({ type: 'pong', id: 'abc-123', serverTime: expect.any(Number) });
    });

    it('a frame that is not JSON gets an error frame MALFORMED_JSON and the connection stays open', async () => {
      socket.send('{not json');
      const error = await socket.next();
      expect(error).toMatchObject({ type: 'error', code: 'MALFORMED_JSON', message: expect.any(String) });
      await socket.roundTrip();
    });

    it.each([
      ['a number', '42'],
      ['a string', '"ping"'],
      ['null', 'null'],
      ['an array', '[{"type":"ping","id":"1"}]'],
      ['an object without type', '{"id":"1"}'],
      ['an unknown type', '{"type":"subscribe","id":"1"}'],
      ['a ping with extra fields', '{"type":"ping","id":"1","admin":true}'],
      ['a ping with a __proto__ key', '{"type":"ping","id":"1","__proto__":{"polluted":true}}'],
      ['a ping with a wrong id type', '{"type":"ping","id":{"$gt":""}}'],
      ['a ping with an oversized id', JSON.stringify({ type: 'ping', id: 'x'.repeat(65) })],
      ['10,000 nested arrays', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
      ['10,000 nested objects', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
    ])(
      'valid JSON that is not a frame (%s) gets BAD_FRAME and the connection stays open',
      async (_, text) => {
        socket.send(text);
        const error = await socket.next();
        expect(error).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        await socket.roundTrip();
      },
    );

    it('an error frame names the frame it answers when the frame had a readable id', async () => {
      socket.send({ type: 'ping', id: 'mine', extra: 1 });
      expect(await socket.next()).toMatchObject({ type: 'error', code: 'BAD_FRAME', id: 'mine' });
    });

    it('a binary frame gets BAD_FRAME and the connection stays open', async () => {
      socket.send(Buffer.from(JSON.stringify({ type: 'ping', id: 'bin' })));
      expect(await socket.next()).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
      await socket.roundTrip();
    });
  });

  describe('abuse', () => {
    it('a frame over 64 KiB closes the connection with 1009', async () => {
      const account = await makeAccount(t);
      const socket = await socketFor(account.token);
      await socket.next((f) => f.type === 'hello');
      socket.send(JSON.stringify({ type: 'ping', id: 'x'.repeat(MAX_FRAME_BYTES) }));
      expect((await socket.closed).code).toBe(1009);
    });

    it('a frame of exactly 64 KiB is read (and refused for its content, not its size)', async () => {
      const account = await makeAccount(t);
      const socket = await socketFor(account.token);
      await socket.next((f) => f.type === 'hello');
      const filler = 'x'.repeat(MAX_FRAME_BYTES - JSON.stringify({ type: 'ping', id: '' }).length);
      socket.send(JSON.stringify({ type: 'ping', id: filler }));
      expect(await socket.next()).toMatchObject({ type: 'error', code: 'BAD_FRAME' });
      await socket.roundTrip();
    });

    it('a flood of frames gets RATE_LIMITED error frames, then the connection is closed with 1008; others are still served', async () => {
      const flooder = await makeAccount(t);
      const bystander = await makeAccount(t);
      const calm = await socketFor(bystander.token);
      await calm.next((f) => f.type === 'hello');
      const socket = await socketFor(flooder.token);
      await socket.next((f) => f.type === 'hello');

      // Sent at once, well past both thresholds even if the server's one-second window
      // happens to turn over in the middle of the burst.
      for (let i = 0; i < 2000; i++) socket.send({ type: 'ping', id: `f${i}` });
      await socket.next(isError('RATE_LIMITED'));
      expect((await socket.closed).code).toBe(1008);

      await calm.roundTrip();
      expect((await http(t.url, 'GET', '/api/me', { token: bystander.token })).status).toBe(200);
      // The flooder may come back (the session is not punished), with a fresh budget.
      const again = await socketFor(flooder.token);
      await again.next((f) => f.type === 'hello');
      await again.roundTrip();
    });
  });

  describe('events', () => {
    it('an event on the bus reaches every connection of the targeted user and no one else', async () => {
      const alice = await makeAccount(t);
      const aliceLaptop = await signInAgain(t, alice);
      const bob = await makeAccount(t);
      const a1 = await socketFor(alice.token);
      const a2 = await socketFor(aliceLaptop.token);
      const aSdk = await connectClient(t, alice.token);
      cleanup.push(() => aSdk.disconnect());
      const b = await socketFor(bob.token);
      for (const s of [a1, a2, b]) await s.next((f) => f.type === 'hello');

      const seenBySdk: ServerEvent[] = [];
      aSdk.on('event', (e) => seenBySdk.push(e));
      const sdkGotIt = aSdk.waitForEvent('friend.removed');
      const forAlice: ServerEvent = { type: 'friend.removed', userId: bob.id };
      await t.server.ctx.bus.publish({ kind: 'event', userIds: [alice.id], event: forAlice });
      // A marker for Bob: frames arrive in order, so if Bob's first event is the marker he
      // did not get Alice's.
      const marker: ServerEvent = { type: 'friend.removed', userId: alice.id };
      await t.server.ctx.bus.publish({ kind: 'event', userIds: [bob.id], event: marker });

      for (const s of [a1, a2]) {
        expect(await s.next((f) => f.type === 'event')).toEqual({ type: 'event', event: forAlice });
      }
      expect(await sdkGotIt).toEqual(forAlice);
      expect(await b.next((f) => f.type === 'event')).toEqual({ type: 'event', event: marker });

      // And Alice's connections got exactly one copy and not Bob's marker.
      await a1.roundTrip();
      await a2.roundTrip();
      expect([...a1.queued, ...a2.queued].filter((f) => f.type === 'event')).toEqual([]);
      expect(seenBySdk).toEqual([forAlice]);
    });

    it('an event for several users reaches each of them once', async () => {
      const users = [await makeAccount(t), await makeAccount(t), await makeAccount(t)];
      const sockets = await Promise.all(users.map((u) => socketFor(u.token)));
      for (const s of sockets) await s.next((f) => f.type === 'hello');
      const event: ServerEvent = { type: 'devices.changed' };
      await t.server.ctx.bus.publish({ kind: 'event', userIds: [users[0]!.id, users[2]!.id], event });
      await t.server.ctx.bus.publish({ kind: 'event', userIds: [users[1]!.id], event });
      for (const s of sockets) {
        expect(await s.next((f) => f.type === 'event')).toEqual({ type: 'event', event });
        await s.roundTrip();
        expect(s.queued.filter((f) => f.type === 'event')).toEqual([]);
      }
    });

    it('a closed connection is forgotten: the registry holds only live connections', async () => {
      const account = await makeAccount(t);
      const before = t.server.gateway.connections.ofUser(account.id)?.size ?? 0;
      const socket = await openSocket(t.url, { token: account.token });
      await socket.next((f) => f.type === 'hello');
      expect(t.server.gateway.connections.ofUser(account.id)?.size).toBe(before + 1);
      socket.close();
      await socket.closed;
      await expect.poll(() => t.server.gateway.connections.ofUser(account.id)?.size ?? 0).toBe(before);
    });
  });
});
