import type { Me } from '@liao/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  connectClient,
  expectError,
  makeAccount,
  PASSWORD,
  readMe,
  sessionCookie,
  signInAgain,
  type TestAccount,
} from './builders';
import { describeEachStore, startTestServer, type TestServer, uniqueUsername } from './harness';
import { http, type RawResponse } from './http';
import { makeImage } from './images';

const EVIL = 'https://evil.example';

function expectSecurityHeaders(res: RawResponse | Response, what: string): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  const directives = csp.split(';').map((d) => d.trim());
  expect(directives, what).toContain("script-src 'self'");
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
    it('every response carries a CSP with script-src self and frame-ancestors none, and nosniff', async () => {
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

  describe('bad input changes nothing', () => {
    let account: TestAccount;
    let before: Me;
    // Each test its own account, so that one test's mistake cannot hide in another's.
    beforeEach(async () => {
      account = await makeAccount(t);
      before = await readMe(t, account.token);
    });
    const unchanged = async () => expect(await readMe(t, account.token)).toEqual(before);
    const patch = (body: unknown) => http(t.url, 'PATCH', '/api/me', { token: account.token, body });

    it.each([
      ['an empty object', {}],
      ['an unknown field', { displayName: 'ok', isAdmin: true }],
      ['a username (not changeable here)', { username: 'mallory' }],
      ['a wrong type for displayName', { displayName: 42 }],
      ['a wrong type for discoverable', { discoverable: 'no' }],
      ['null for displayName', { displayName: null }],
      ['a signature of 61 characters', { signature: '好'.repeat(61) }],
      ['a 100,000-character display name', { displayName: 'x'.repeat(60_000) }],
      ['a display name with U+202E', { displayName: 'abc\u202Edef' }],
      ['a display name of invisible characters', { displayName: '\u200B\u3164' }],
      ['an array', [{ displayName: 'x' }]],
      ['null', null],
      ['a string', 'displayName'],
    ])('PATCH /api/me with %s is 400 VALIDATION_FAILED', async (_, body) => {
      expectError(await patch(body), 400, 'VALIDATION_FAILED');
      await unchanged();
    });

    it('invalid JSON is 400 MALFORMED_JSON', async () => {
      for (const rawBody of ['{bad', '{"displayName": "x"', "{'displayName': 'x'}", '\u0000']) {
        const res = await http(t.url, 'PATCH', '/api/me', {
          token: account.token,
          rawBody,
          headers: { 'content-type': 'application/json' },
        });
        expectError(res, 400, 'MALFORMED_JSON');
      }
      await unchanged();
    });

    it('deeply nested JSON (10,000 levels) is refused with 400 and the server keeps serving', async () => {
      const deep = (inner: string) => `{"displayName":${'['.repeat(10_000)}${inner}${']'.repeat(10_000)}}`;
      for (const rawBody of [deep('1'), deep('{"constructor":{"prototype":{"isAdmin":true}}}')]) {
        const res = await http(t.url, 'PATCH', '/api/me', {
          token: account.token,
          rawBody,
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status).toBe(400);
        expect(['MALFORMED_JSON', 'VALIDATION_FAILED']).toContain(res.body.error.code);
      }
      await unchanged();
      expect((await http(t.url, 'GET', '/healthz')).status).toBe(200);
    });

    it('an empty JSON body is 400 MALFORMED_JSON', async () => {
      const res = await http(t.url, 'POST', '/api/sessions', {
        rawBody: '',
        headers: { 'content-type': 'application/json' },
      });
      expectError(res, 400, 'MALFORMED_JSON');
    });

    it('__proto__ and constructor.prototype payloads are refused with 400 and pollute nothing', async () => {
      const payloads = [
        '{"displayName":"x","__proto__":{"isAdmin":true}}',
        '{"__proto__":{"displayName":"polluted"}}',
        '{"displayName":"x","constructor":{"prototype":{"isAdmin":true}}}',
      ];
      for (const rawBody of payloads) {
        const res = await http(t.url, 'PATCH', '/api/me', {
          token: account.token,
          rawBody,
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status, rawBody).toBe(400);
        expect(['MALFORMED_JSON', 'VALIDATION_FAILED']).toContain(res.body.error.code);
      }
      const before = await userCount();
      const reg = await http(t.url, 'POST', '/api/accounts', {
        rawBody: `{"username":"${uniqueUsername()}","password":"${PASSWORD}","displayName":"x","__proto__":{"transport":"bearer"}}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(reg.status).toBe(400);
      expect(await userCount()).toBe(before);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      await unchanged();
    });

    it.each([
      ['text/plain', '{"displayName":"x"}'],
      ['application/x-www-form-urlencoded', 'displayName=x'],
      [
        'multipart/form-data; boundary=b',
        '--b\r\nContent-Disposition: form-data; name="displayName"\r\n\r\nx\r\n--b--\r\n',
      ],
      ['image/png', '{"displayName":"x"}'],
    ])('a %s body on a JSON endpoint is 415 UNSUPPORTED_MEDIA_TYPE', async (type, rawBody) => {
      const res = await http(t.url, 'PATCH', '/api/me', {
        token: account.token,
        rawBody,
        headers: { 'content-type': type },
      });
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      await unchanged();
    });

    it('a body without a content type is 415', async () => {
      const res = await http(t.url, 'PATCH', '/api/me', {
        token: account.token,
        rawBody: '{"displayName":"x"}',
      });
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      await unchanged();
    });

    it('a JSON body over 64 KiB is 413 PAYLOAD_TOO_LARGE, with or without a Content-Length', async () => {
      const big = JSON.stringify({ displayName: 'x', padding: 'p'.repeat(70 * 1024) });
      expectError(await patch(JSON.parse(big)), 413, 'PAYLOAD_TOO_LARGE');
      const chunked = await fetch(`${t.url}/api/me`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(8 * 1024)));
            controller.enqueue(new TextEncoder().encode('{"displayName":"chunked"}'));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(((await chunked.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
      await unchanged();
    });

    it.each([
      ['missing fields', { username: 'abc' }],
      ['a wrong type', { username: ['abc'], password: PASSWORD, displayName: 'x' }],
      ['an extra field', { username: 'abcdef', password: PASSWORD, displayName: 'x', role: 'admin' }],
      ['an oversized username', { username: `a${'b'.repeat(10_000)}`, password: PASSWORD, displayName: 'x' }],
      ['an oversized password', { username: 'abcdef', password: 'p'.repeat(10_000), displayName: 'x' }],
      [
        'an unknown transport',
        { username: 'abcdef', password: PASSWORD, displayName: 'x', transport: 'query' },
      ],
      ['a bad device', { username: 'abcdef', password: PASSWORD, displayName: 'x', device: { name: 'x' } }],
    ])('POST /api/accounts with %s is 400 VALIDATION_FAILED and makes no account', async (_, body) => {
      const before = await userCount();
      expectError(await http(t.url, 'POST', '/api/accounts', { body }), 400, 'VALIDATION_FAILED');
      expect(await userCount()).toBe(before);
    });

    it.each([
      ['missing password', { username: 'abc' }],
      ['a wrong type', { username: 'abc', password: 12345678 }],
      ['an extra field', { username: 'abc', password: 'x', remember: true }],
      ['an oversized username', { username: 'u'.repeat(10_000), password: 'x' }],
      ['an oversized password', { username: 'abc', password: 'p'.repeat(10_000) }],
    ])('POST /api/sessions with %s is 400 VALIDATION_FAILED', async (_, body) => {
      expectError(await http(t.url, 'POST', '/api/sessions', { body }), 400, 'VALIDATION_FAILED');
    });

    it('POST /api/me/password with missing or wrong-typed fields is 400 and the password stays', async () => {
      for (const body of [
        {},
        { currentPassword: account.password },
        { currentPassword: 1, newPassword: 2 },
      ]) {
        expectError(
          await http(t.url, 'POST', '/api/me/password', { token: account.token, body }),
          400,
          'VALIDATION_FAILED',
        );
      }
      const signIn = await http(t.url, 'POST', '/api/sessions', {
        body: { username: account.username, password: account.password, transport: 'bearer' },
      });
      expect(signIn.status).toBe(201);
    });

    it('a bad or missing token is 401 UNAUTHENTICATED on every authenticated route', async () => {
      const routes: [string, string, Record<string, unknown>?][] = [
        ['GET', '/api/me'],
        ['PATCH', '/api/me', { signature: 'x' }],
        ['POST', '/api/me/password', { currentPassword: 'x', newPassword: 'long enough' }],
        ['GET', '/api/sessions'],
        ['POST', '/api/sessions/sign-out-others'],
        ['DELETE', '/api/sessions/current'],
        ['DELETE', `/api/sessions/${account.sessionId}`],
        ['GET', '/api/media/avatars/01890000-0000-7000-8000-000000000000'],
      ];
      const badAuth: Record<string, string>[] = [
        {},
        { authorization: 'Bearer' },
        { authorization: 'Bearer ' },
        { authorization: 'Bearer not-a-token' },
        { authorization: `Bearer ${'A'.repeat(43)}` },
        { authorization: `Bearer ${account.token}x` },
        {
          authorization: `Basic ${Buffer.from(`${account.username}:${account.password}`).toString('base64')}`,
        },
        { cookie: 'liao_session=garbage' },
        { cookie: `liao_session=${'B'.repeat(43)}` },
      ];
      for (const [method, path, body] of routes) {
        for (const headers of badAuth) {
          const res = await http(t.url, method, path, { headers, ...(body ? { body } : {}) });
          expectError(res, 401, 'UNAUTHENTICATED');
        }
      }
      await unchanged();
      const devices = (await http(t.url, 'GET', '/api/sessions', { token: account.token })).body.devices;
      expect(devices.map((d: { id: string }) => d.id)).toContain(account.sessionId);
    });

    it('unknown /api routes and methods are 404 NOT_FOUND as JSON', async () => {
      for (const [method, path] of [
        ['GET', '/api/nope'],
        ['POST', '/api/nope'],
        ['GET', '/api'],
        ['GET', '/api/'],
        ['DELETE', '/api/accounts'],
        ['GET', '/api/accounts'],
        ['PUT', '/api/me'],
        ['GET', '/api/me/avatar'],
        ['GET', '/ws'],
        ['GET', '/favicon-that-does-not-exist.ico'],
      ] as const) {
        const res = await http(t.url, method, path, { token: account.token });
        expectError(res, 404, 'NOT_FOUND');
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      }
    });

    it('ill-formed URLs get a JSON 400, not a crash', async () => {
      const res = await http(t.url, 'GET', '/api/media/avatars/%E0%A4%A');
      expect(res.status).toBe(400);
      expect(typeof res.body?.error?.code).toBe('string');
      expect((await http(t.url, 'GET', '/healthz')).status).toBe(200);
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
