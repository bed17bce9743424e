import type { Me } from '@liao/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectError, makeAccount, PASSWORD, readMe, type TestAccount } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer, uniqueUsername } from '../../support/harness';
import { http } from '../../support/http';

describeEachStore('HTTP security: bad input', (store) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(() => t.destroy());

  async function userCount(): Promise<number> {
    const rows = await t.server.ctx.db.selectFrom('users').select('id').execute();
    return rows.length;
  }

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
