import type { LiaoClient } from '@liao/client';
import { CloseCodes, type Device } from '@liao/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connectClient,
  expectError,
  makeAccount,
  readMe,
  signInAgain,
  type TestAccount,
} from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { makeImage } from '../../support/images';
import { openSocket, refusedUpgrade, type TestSocket } from '../../support/sockets';

/** Waits for the socket to close and says how long it took. */
async function closeWithin(socket: TestSocket, ms: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms);
  });
  try {
    return (await Promise.race([socket.closed, timeout])).code;
  } finally {
    clearTimeout(timer);
  }
}

describeEachStore('sessions and devices', (store) => {
  let t: TestServer;
  const cleanup: (() => void)[] = [];
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterEach(() => {
    for (const done of cleanup.splice(0)) done();
  });
  afterAll(() => t.destroy());

  async function devicesOf(token: string): Promise<Device[]> {
    const res = await http(t.url, 'GET', '/api/sessions', { token });
    expect(res.status).toBe(200);
    return res.body.devices;
  }

  async function socketFor(token: string): Promise<TestSocket> {
    const socket = await openSocket(t.url, { token });
    cleanup.push(() => socket.close());
    await socket.next((f) => f.type === 'hello');
    return socket;
  }

  async function clientFor(token: string): Promise<LiaoClient> {
    const client = await connectClient(t, token);
    cleanup.push(() => client.disconnect());
    return client;
  }

  /** Proves a token no longer works anywhere: HTTP reads, writes and the gateway. */
  async function expectSignedOut(token: string): Promise<void> {
    expectError(await http(t.url, 'GET', '/api/me', { token }), 401, 'UNAUTHENTICATED');
    expectError(await http(t.url, 'GET', '/api/sessions', { token }), 401, 'UNAUTHENTICATED');
    expectError(
      await http(t.url, 'PATCH', '/api/me', { token, body: { signature: 'still here?' } }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(
      await http(t.url, 'POST', '/api/sessions/sign-out-others', { token }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(await http(t.url, 'DELETE', '/api/sessions/current', { token }), 401, 'UNAUTHENTICATED');
    expectError(
      await http(t.url, 'POST', '/api/me/password', {
        token,
        body: { currentPassword: 'whatever', newPassword: 'long enough' },
      }),
      401,
      'UNAUTHENTICATED',
    );
    expectError(
      await http(t.url, 'PUT', '/api/me/avatar', {
        token,
        rawBody: await makeImage('png', 8, 8),
        headers: { 'content-type': 'image/png' },
      }),
      401,
      'UNAUTHENTICATED',
    );
    expect(await refusedUpgrade(t.url, { token })).toBe(401);
  }

  describe('device list', () => {
    it('lists every device with name, platform, createdAt, lastActiveAt, and flags the current one', async () => {
      const account = await makeAccount(t);
      const phone = await signInAgain(t, account, { name: 'My phone', platform: 'phone' });
      const devices = await devicesOf(phone.token);
      expect(devices).toHaveLength(2);
      const byId = new Map(devices.map((d) => [d.id, d]));
      expect(byId.get(phone.sessionId)).toMatchObject({ name: 'My phone', platform: 'phone', current: true });
      expect(byId.get(account.sessionId)?.current).toBe(false);
      for (const d of devices) {
        expect(d.createdAt).toBeGreaterThan(0);
        expect(d.lastActiveAt).toBeGreaterThanOrEqual(d.createdAt);
        expect(typeof d.name).toBe('string');
        expect(['desktop', 'phone', 'web', 'bot']).toContain(d.platform);
      }
      expect(devices.filter((d) => d.current)).toHaveLength(1);
    });

    it('names a device from its User-Agent when it does not name itself', async () => {
      const account = await makeAccount(t);
      const res = await http(t.url, 'POST', '/api/sessions', {
        body: { username: account.username, password: account.password, transport: 'bearer' },
        headers: {
          'user-agent':
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
        },
      });
      expect(res.body.device).toMatchObject({ name: 'Chrome · Windows', platform: 'web' });
    });

    it('lastActiveAt moves forward when a device is used after a while', async () => {
      const account = await makeAccount(t);
      const [before] = await devicesOf(account.token);
      t.clock.advance(5 * 60_000);
      await readMe(t, account.token);
      const [after] = await devicesOf(account.token);
      expect(after!.lastActiveAt).toBeGreaterThanOrEqual(before!.lastActiveAt + 5 * 60_000);
      expect(after!.createdAt).toBe(before!.createdAt);
    });

    it('the device list is the user’s own: other users’ devices never appear', async () => {
      const a = await makeAccount(t);
      const b = await makeAccount(t);
      const ids = (await devicesOf(a.token)).map((d) => d.id);
      expect(ids).toEqual([a.sessionId]);
      expect(ids).not.toContain(b.sessionId);
    });
  });

  describe('signing out', () => {
    it('signs one device out: its token stops working everywhere and its socket closes with 4001 within a second; the other device stays connected', async () => {
      const account = await makeAccount(t);
      const laptop = await signInAgain(t, account);
      const laptopSocket = await socketFor(laptop.token);
      const phone = await clientFor(account.token);

      const res = await http(t.url, 'DELETE', `/api/sessions/${laptop.sessionId}`, { token: account.token });
      expect(res.status).toBe(204);
      expect(await closeWithin(laptopSocket, 1000)).toBe(CloseCodes.SESSION_REVOKED);

      await expectSignedOut(laptop.token);
      expect(phone.connectionState).toBe('open');
      expect((await devicesOf(account.token)).map((d) => d.id)).toEqual([account.sessionId]);
      // Still live: an event for the user reaches the remaining device.
      const event = phone.waitForEvent('me.updated');
      await http(t.url, 'PATCH', '/api/me', { token: account.token, body: { signature: 'still here' } });
      expect((await event).user.signature).toBe('still here');
    });

    it('a signed-out device that ignores the close handshake is cut off anyway, in about a second', async () => {
      const account = await makeAccount(t);
      const laptop = await signInAgain(t, account);
      const zombie = await socketFor(laptop.token);
      cleanup.push(() => zombie.ws.terminate());
      // Never answer the server's close frame (a client that hopes to stay connected).
      zombie.ws.close = () => {};
      const started = Date.now();
      await http(t.url, 'DELETE', `/api/sessions/${laptop.sessionId}`, { token: account.token });
      await closeWithin(zombie, 3000);
      expect(Date.now() - started).toBeLessThan(3000);
      await expect.poll(() => t.server.gateway.connections.ofSession(laptop.sessionId)?.size ?? 0).toBe(0);
    });

    it('tells the user’s other devices that the device list changed', async () => {
      const account = await makeAccount(t);
      const laptop = await signInAgain(t, account);
      const phone = await clientFor(account.token);
      const changed = phone.waitForEvent('devices.changed');
      await http(t.url, 'DELETE', `/api/sessions/${laptop.sessionId}`, { token: account.token });
      await changed;
    });

    it('signs out every other device and keeps the current one', async () => {
      const account = await makeAccount(t);
      const others = [await signInAgain(t, account), await signInAgain(t, account)];
      const sockets = await Promise.all(others.map((o) => socketFor(o.token)));
      const mine = await socketFor(account.token);

      const res = await http(t.url, 'POST', '/api/sessions/sign-out-others', { token: account.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ signedOutDevices: 2 });
      for (const socket of sockets) expect(await closeWithin(socket, 1000)).toBe(CloseCodes.SESSION_REVOKED);
      for (const other of others) await expectSignedOut(other.token);
      await mine.roundTrip();
      const devices = await devicesOf(account.token);
      expect(devices.map((d) => [d.id, d.current])).toEqual([[account.sessionId, true]]);

      const again = await http(t.url, 'POST', '/api/sessions/sign-out-others', { token: account.token });
      expect(again.body).toEqual({ signedOutDevices: 0 });
    });

    it('signs out the current device: 204, the cookie is cleared, the token is dead and its socket closes', async () => {
      const account = await makeAccount(t);
      const other = await signInAgain(t, account);
      const socket = await socketFor(account.token);
      const res = await http(t.url, 'DELETE', '/api/sessions/current', { token: account.token });
      expect(res.status).toBe(204);
      const cleared = res.headers.getSetCookie().find((c) => c.startsWith('liao_session='));
      expect(cleared).toMatch(/^liao_session=;/);
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
      // The browser's cache of chat pictures and avatars goes with the session.
      expect(res.headers.get('clear-site-data')).toBe('"cache"');
      expect(await closeWithin(socket, 1000)).toBe(CloseCodes.SESSION_REVOKED);
      await expectSignedOut(account.token);
      expect((await devicesOf(other.token)).map((d) => d.id)).toEqual([other.sessionId]);
    });

    it('forget-browser tells any caller’s browser to drop its cache, and changes nothing on the server', async () => {
      const account = await makeAccount(t);
      // No session: a page signed out from the phone has none left when it asks.
      const res = await http(t.url, 'POST', '/api/sessions/forget-browser');
      expect(res.status).toBe(204);
      expect(res.headers.get('clear-site-data')).toBe('"cache"');
      // With one, it is not signed out by it.
      await http(t.url, 'POST', '/api/sessions/forget-browser', { token: account.token });
      expect((await devicesOf(account.token)).length).toBe(1);
    });

    it("another user's session id is 404 SESSION_NOT_FOUND and nothing changes", async () => {
      const mallory = await makeAccount(t);
      const victim = await makeAccount(t);
      const victimSocket = await socketFor(victim.token);
      const res = await http(t.url, 'DELETE', `/api/sessions/${victim.sessionId}`, { token: mallory.token });
      expectError(res, 404, 'SESSION_NOT_FOUND');
      expect((await readMe(t, victim.token)).id).toBe(victim.id);
      expect((await devicesOf(victim.token)).map((d) => d.id)).toEqual([victim.sessionId]);
      expect((await devicesOf(mallory.token)).map((d) => d.id)).toEqual([mallory.sessionId]);
      await victimSocket.roundTrip();
    });

    it('an unknown session id is 404 SESSION_NOT_FOUND; an ill-formed one is 400 VALIDATION_FAILED', async () => {
      const account = await makeAccount(t);
      const unknown = '01890000-0000-7000-8000-000000000000';
      expectError(
        await http(t.url, 'DELETE', `/api/sessions/${unknown}`, { token: account.token }),
        404,
        'SESSION_NOT_FOUND',
      );
      for (const bad of ['not-an-id', '1', `${account.sessionId}x`, account.sessionId.toUpperCase()]) {
        expectError(
          await http(t.url, 'DELETE', `/api/sessions/${bad}`, { token: account.token }),
          400,
          'VALIDATION_FAILED',
        );
      }
      expect((await devicesOf(account.token)).map((d) => d.id)).toEqual([account.sessionId]);
    });

    it('signing a device out is final: the same id again is 404', async () => {
      const account = await makeAccount(t);
      const other = await signInAgain(t, account);
      const path = `/api/sessions/${other.sessionId}`;
      expect((await http(t.url, 'DELETE', path, { token: account.token })).status).toBe(204);
      expectError(await http(t.url, 'DELETE', path, { token: account.token }), 404, 'SESSION_NOT_FOUND');
    });

    it('a device unused for 180 days is signed out', async () => {
      const account = await makeAccount(t);
      const clock = t.clock;
      clock.advance(181 * 24 * 60 * 60 * 1000);
      try {
        expectError(await http(t.url, 'GET', '/api/me', { token: account.token }), 401, 'UNAUTHENTICATED');
      } finally {
        clock.advance(-181 * 24 * 60 * 60 * 1000);
      }
      // Gone for good, not only while the clock was ahead.
      expectError(await http(t.url, 'GET', '/api/me', { token: account.token }), 401, 'UNAUTHENTICATED');
    });

    it('a device found idle-expired also loses its live socket', async () => {
      const idle = await makeAccount(t);
      const client = await connectClient(t, idle.token);
      const signedOut = client.waitForState('signedOut');
      t.clock.advance(181 * 24 * 60 * 60 * 1000);
      try {
        expectError(await http(t.url, 'GET', '/api/me', { token: idle.token }), 401, 'UNAUTHENTICATED');
        await signedOut;
      } finally {
        t.clock.advance(-181 * 24 * 60 * 60 * 1000);
        client.disconnect();
      }
    });

    it('the Bearer scheme name is case-insensitive', async () => {
      const account = await makeAccount(t);
      for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
        const res = await http(t.url, 'GET', '/api/me', {
          headers: { authorization: `${scheme} ${account.token}` },
        });
        expect(res.status).toBe(200);
      }
    });
  });

  describe('changing the password', () => {
    function changePassword(
      account: Pick<TestAccount, 'token'>,
      currentPassword: string,
      newPassword: string,
    ) {
      return http(t.url, 'POST', '/api/me/password', {
        token: account.token,
        body: { currentPassword, newPassword },
      });
    }
    function signIn(username: string, password: string) {
      return http(t.url, 'POST', '/api/sessions', { body: { username, password, transport: 'bearer' } });
    }

    it('a wrong current password is 403 WRONG_PASSWORD and changes nothing', async () => {
      const account = await makeAccount(t);
      const other = await signInAgain(t, account);
      const res = await changePassword(account, 'not my password', 'a brand new password');
      expectError(res, 403, 'WRONG_PASSWORD');
      expect((await signIn(account.username, account.password)).status).toBe(201);
      expectError(await signIn(account.username, 'a brand new password'), 401, 'INVALID_CREDENTIALS');
      expect((await readMe(t, other.token)).id).toBe(account.id);
    });

    it('a new password shorter than 8 characters is refused and changes nothing', async () => {
      const account = await makeAccount(t);
      expectError(await changePassword(account, account.password, 'short'), 400, 'VALIDATION_FAILED');
      expect((await signIn(account.username, account.password)).status).toBe(201);
    });

    it('success signs out the other devices (their sockets close with 4001) but not the current; the new password works and the old does not', async () => {
      const account = await makeAccount(t);
      const laptop = await signInAgain(t, account);
      const laptopSocket = await socketFor(laptop.token);
      const current = await clientFor(account.token);

      const res = await changePassword(account, account.password, 'a brand new password');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ signedOutDevices: 1 });
      expect(await closeWithin(laptopSocket, 1000)).toBe(CloseCodes.SESSION_REVOKED);
      await expectSignedOut(laptop.token);

      expect(current.connectionState).toBe('open');
      expect((await readMe(t, account.token)).id).toBe(account.id);
      // The current device's socket is still live: it hears the next change.
      const event = current.waitForEvent('me.updated');
      await http(t.url, 'PATCH', '/api/me', { token: account.token, body: { signature: 'new password' } });
      expect((await event).user.signature).toBe('new password');
      expect(current.connectionState).toBe('open');
      expectError(await signIn(account.username, account.password), 401, 'INVALID_CREDENTIALS');
      expect((await signIn(account.username, 'a brand new password')).status).toBe(201);
    });

    it('repeated wrong current passwords are rate limited like sign-ins', async () => {
      const account = await makeAccount(t);
      const limit = t.server.ctx.config.rateLimits.signInFailuresPerAccount.limit;
      for (let i = 0; i < limit; i++) {
        expectError(
          await changePassword(account, `wrong ${i}`, 'a brand new password'),
          403,
          'WRONG_PASSWORD',
        );
      }
      const limited = await changePassword(account, account.password, 'a brand new password');
      expectError(limited, 429, 'RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await signIn(account.username, account.password)).status).toBe(201);
    });

    it('parallel wrong current passwords cannot slip past the limit', async () => {
      const account = await makeAccount(t);
      const limit = t.server.ctx.config.rateLimits.signInFailuresPerAccount.limit;
      const results = await Promise.all(
        Array.from({ length: limit + 5 }, (_, i) =>
          changePassword(account, `wrong ${i}`, 'a brand new password'),
        ),
      );
      const codes = results.map((r) => r.body.error.code);
      expect(codes.filter((c) => c === 'WRONG_PASSWORD').length).toBeLessThanOrEqual(limit);
      expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(5);
    });
  });
});
