import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectClient,
  expectError,
  makeAccount,
  PASSWORD,
  readMe,
  sessionCookie,
  signInAgain,
  type TestAccount,
} from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer, uniqueUsername } from '../../support/harness';
import { http, type RawResponse } from '../../support/http';
import { makeImage } from '../../support/images';

const EVIL = 'https://evil.example';

function expectSecurityHeaders(res: RawResponse | Response, what: string): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  const directives = csp.split(';').map((d) => d.trim());
  // WebAssembly may be compiled (call stickers' face tracker), but nothing may be eval'd.
  expect(directives, what).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp, what).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
  expect(directives, what).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
}

describeEachStore('HTTP security', (store) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(() => t.destroy());

  async function userCount(): Promise<number> {
    const rows = await t.server.ctx.db.selectFrom('users').select('id').execute();
    return rows.length;
  }

  async function cookieAccount(): Promise<TestAccount & { cookie: string }> {
    const account = await makeAccount(t);
    const res = await http(t.url, 'POST', '/api/sessions', {
      body: { username: account.username, password: account.password, transport: 'cookie' },
    });
    expect(res.status).toBe(201);
    return { ...account, cookie: `liao_session=${sessionCookie(res)}` };
  }

  describe('headers', () => {
    it('every response carries a CSP with script-src self (and wasm, no eval) and frame-ancestors none, and nosniff', async () => {
      const account = await makeAccount(t);
      const responses: [string, RawResponse][] = [
        ['/', await http(t.url, 'GET', '/')],
        ['/m (a client route)', await http(t.url, 'GET', '/m')],
        ['/api/me', await http(t.url, 'GET', '/api/me', { token: account.token })],
        ['/api/me without a token', await http(t.url, 'GET', '/api/me')],
        ['an unknown /api route', await http(t.url, 'GET', '/api/nope')],
        ['an unknown file', await http(t.url, 'GET', '/nope.js')],
        ['/healthz', await http(t.url, 'GET', '/healthz')],
        [
          'malformed JSON',
          await http(t.url, 'POST', '/api/sessions', {
            rawBody: '{bad',
            headers: { 'content-type': 'application/json' },
          }),
        ],
        [
          'a foreign Origin',
          await http(t.url, 'POST', '/api/sessions', { body: {}, headers: { origin: EVIL } }),
        ],
      ];
      for (const [what, res] of responses) expectSecurityHeaders(res, what);
    });

    it('responses are not framable by older browsers either, and send no referrer', async () => {
      const res = await http(t.url, 'GET', '/');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    });
  });

  describe('health', () => {
    it('/healthz and /readyz answer 200', async () => {
      const health = await http(t.url, 'GET', '/healthz');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
      const ready = await http(t.url, 'GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready' });
    });
  });

  describe('cross-site requests (CSRF)', () => {
    it('a cookie-authenticated PATCH with a foreign Origin is 403 FORBIDDEN_ORIGIN and changes nothing', async () => {
      const account = await cookieAccount();
      const res = await http(t.url, 'PATCH', '/api/me', {
        body: { displayName: 'Hacked', discoverable: false },
        headers: { cookie: account.cookie, origin: EVIL },
      });
      expectError(res, 403, 'FORBIDDEN_ORIGIN');
      const me = await readMe(t, account.token);
      expect(me.displayName).toBe(account.displayName);
      expect(me.discoverable).toBe(true);
    });

    it('a cookie-authenticated POST with a foreign Origin is 403 and changes nothing: sign out others, change password', async () => {
      const account = await cookieAccount();
      const other = await signInAgain(t, account);
      expectError(
        await http(t.url, 'POST', '/api/sessions/sign-out-others', {
          headers: { cookie: account.cookie, origin: EVIL },
        }),
        403,
        'FORBIDDEN_ORIGIN',
      );
      expectError(
        await http(t.url, 'POST', '/api/me/password', {
          body: { currentPassword: account.password, newPassword: 'chosen by the attacker' },
          headers: { cookie: account.cookie, origin: EVIL },
        }),
        403,
        'FORBIDDEN_ORIGIN',
      );
      expectError(
        await http(t.url, 'DELETE', '/api/sessions/current', {
          headers: { cookie: account.cookie, origin: EVIL },
        }),
        403,
        'FORBIDDEN_ORIGIN',
      );
      expectError(
        await http(t.url, 'PUT', '/api/me/avatar', {
          rawBody: await makeImage('png'),
          headers: { cookie: account.cookie, origin: EVIL, 'content-type': 'image/png' },
        }),
        403,
        'FORBIDDEN_ORIGIN',
      );
      expect((await readMe(t, other.token)).id).toBe(account.id);
      const signIn = await http(t.url, 'POST', '/api/sessions', {
        body: { username: account.username, password: account.password },
      });
      expect(signIn.status).toBe(201);
      expect((await readMe(t, account.token)).avatarUrl).toBeNull();
      expect((await http(t.url, 'GET', '/api/me', { headers: { cookie: account.cookie } })).status).toBe(200);
    });

    it('registration and sign-in from a foreign Origin are refused (no login CSRF) and make nothing', async () => {
      const before = await userCount();
      const username = uniqueUsername();
      const reg = await http(t.url, 'POST', '/api/accounts', {
        body: { username, password: PASSWORD, displayName: 'x' },
        headers: { origin: EVIL },
      });
      expectError(reg, 403, 'FORBIDDEN_ORIGIN');
      expect(reg.headers.getSetCookie()).toEqual([]);
      expect(await userCount()).toBe(before);
      const account = await makeAccount(t);
      const signIn = await http(t.url, 'POST', '/api/sessions', {
        body: { username: account.username, password: account.password },
        headers: { origin: EVIL },
      });
      expectError(signIn, 403, 'FORBIDDEN_ORIGIN');
      expect(signIn.headers.getSetCookie()).toEqual([]);
    });

    it('a look-alike of our own origin is foreign too (other scheme, other port, suffix, "null")', async () => {
      const account = await cookieAccount();
      const port = new URL(t.url).port;
      for (const origin of [
        t.url.replace('http:', 'https:'),
        `http://127.0.0.1:${Number(port) + 1}`,
        `${t.url}.evil.example`,
        'null',
      ]) {
        const res = await http(t.url, 'PATCH', '/api/me', {
          body: { signature: 'forged' },
          headers: { cookie: account.cookie, origin },
        });
        expectError(res, 403, 'FORBIDDEN_ORIGIN');
      }
      expect((await readMe(t, account.token)).signature).toBe('');
    });

    it('a same-origin Origin is accepted', async () => {
      const account = await cookieAccount();
      const res = await http(t.url, 'PATCH', '/api/me', {
        body: { signature: 'from my own page' },
        headers: { cookie: account.cookie, origin: t.url },
      });
      expect(res.status).toBe(200);
      expect((await readMe(t, account.token)).signature).toBe('from my own page');
    });
  });

  describe('profile', () => {
    it('GET /api/me returns the own profile; PATCH changes display name, signature and discoverability', async () => {
      const account = await makeAccount(t);
      const me = await readMe(t, account.token);
      expect(me).toMatchObject({
        id: account.id,
        username: account.username,
        displayName: account.displayName,
        signature: '',
        avatarUrl: null,
        discoverable: true,
      });
      const res = await http(t.url, 'PATCH', '/api/me', {
        token: account.token,
        body: { displayName: '  新名字 ', signature: '好'.repeat(60), discoverable: false },
      });
      expect(res.status).toBe(200);
      const expected = { ...me, displayName: '新名字', signature: '好'.repeat(60), discoverable: false };
      expect(res.body).toEqual(expected);
      expect(await readMe(t, account.token)).toEqual(expected);
      const cleared = await http(t.url, 'PATCH', '/api/me', {
        token: account.token,
        body: { signature: '' },
      });
      expect(cleared.body.signature).toBe('');
    });

    it("me.updated reaches the user's other connected device, and no other user", async () => {
      const account = await makeAccount(t);
      const phone = await signInAgain(t, account);
      const stranger = await makeAccount(t);
      const phoneClient = await connectClient(t, phone.token);
      const strangerClient = await connectClient(t, stranger.token);
      const strangerSaw: string[] = [];
      strangerClient.on('event', (e) => strangerSaw.push(e.type));
      try {
        const event = phoneClient.waitForEvent('me.updated');
        await http(t.url, 'PATCH', '/api/me', { token: account.token, body: { displayName: '换个名字' } });
        expect((await event).user).toMatchObject({ id: account.id, displayName: '换个名字' });
        // A marker for the stranger proves, by order, that the profile event did not reach them.
        const marker = strangerClient.waitForEvent('me.updated');
        await http(t.url, 'PATCH', '/api/me', { token: stranger.token, body: { signature: 'marker' } });
        expect((await marker).user.id).toBe(stranger.id);
        expect(strangerSaw).toEqual(['me.updated']);
      } finally {
        phoneClient.disconnect();
        strangerClient.disconnect();
      }
    });
  });
});

describeEachStore('HTTP security with an allowed origin', (store) => {
  let t: TestServer;
  const DEV = 'http://localhost:5173';
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure(config) {
        config.allowedOrigins = [DEV];
      },
    });
  });
  afterAll(() => t.destroy());

  it('an origin the operator allowed may write; others are still refused', async () => {
    const account = await makeAccount(t);
    const ok = await http(t.url, 'PATCH', '/api/me', {
      token: account.token,
      body: { signature: 'from the dev server' },
      headers: { origin: DEV },
    });
    expect(ok.status).toBe(200);
    expectError(
      await http(t.url, 'PATCH', '/api/me', {
        token: account.token,
        body: { signature: 'evil' },
        headers: { origin: EVIL },
      }),
      403,
      'FORBIDDEN_ORIGIN',
    );
    expect((await readMe(t, account.token)).signature).toBe('from the dev server');
  });
});

describeEachStore('readiness', (store) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(() => t.destroy());

  it('/readyz is 503 when the store cannot be reached, while /healthz (the process) stays 200', async () => {
    expect((await http(t.url, 'GET', '/readyz')).status).toBe(200);
    await t.server.ctx.store.close();
    const ready = await http(t.url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable' });
    expectSecurityHeaders(ready, '/readyz');
    expect((await http(t.url, 'GET', '/healthz')).status).toBe(200);
    // API calls fail with a catalogued error body, not a dropped connection.
    const me = await http(t.url, 'GET', '/api/me', { token: 'A'.repeat(43) });
    expect(me.status).toBeGreaterThanOrEqual(500);
    expect(['INTERNAL', 'UNAVAILABLE']).toContain(me.body.error.code);
  });
});
