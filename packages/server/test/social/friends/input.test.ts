import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures, type TestUser } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';

const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';
const NOT_IDS = [
  'abc',
  '123',
  '1b4e28ba-2fa1-41d2-883f-0016d3ccb2ed', // a UUID, but v4: ours are v7
  '01890A5D-AC96-774B-BCCE-B302099A8057', // ids are lower case
  `${UNKNOWN_ID}0`,
  "' OR 1=1 --",
  'x'.repeat(2000),
];

describeEachStore('friends: bad input and unauthenticated calls', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  /** Every friends route, with input that would be valid, so that only the token is wrong. */
  function routes(target: string): [string, string, unknown?][] {
    return [
      ['GET', `/api/users/search?username=somebody`],
      ['GET', `/api/users/${target}`],
      ['POST', '/api/friend-requests', { userId: target, greeting: 'hi' }],
      ['GET', '/api/friend-requests'],
      ['POST', `/api/friend-requests/${UNKNOWN_ID}/accept`],
      ['POST', `/api/friend-requests/${UNKNOWN_ID}/decline`],
      ['DELETE', `/api/friend-requests/${UNKNOWN_ID}`],
      ['GET', '/api/friends'],
      ['PATCH', `/api/friends/${target}`, { remark: 'x' }],
      ['DELETE', `/api/friends/${target}`],
      ['GET', '/api/blocks'],
      ['PUT', `/api/blocks/${target}`],
      ['DELETE', `/api/blocks/${target}`],
    ];
  }

  async function expectNothingChanged(a: TestUser, b: TestUser): Promise<void> {
    expect(await b.client.api.listFriendRequests()).toEqual({ incoming: [], outgoing: [] });
    expect(await a.client.api.listFriendRequests()).toEqual({ incoming: [], outgoing: [] });
    expect(await a.client.api.listBlocked()).toEqual([]);
    expect(await a.client.api.listFriends()).toEqual([]);
  }

  it('every route refuses a missing, malformed or signed-out token with 401 UNAUTHENTICATED', async () => {
    const a = await f.makeUser();
    const b = await f.makeUser();
    const signedOut = await f.makeUser();
    await signedOut.client.api.signOut();
    const tokens: (string | undefined)[] = [undefined, 'not-a-token', `${a.token}x`, signedOut.token];
    for (const token of tokens) {
      for (const [method, path, body] of routes(b.id)) {
        const res = await http(t.url, method, path, { token, body });
        expect([method, path, res.status, res.body?.error?.code]).toEqual([
          method,
          path,
          401,
          'UNAUTHENTICATED',
        ]);
      }
    }
    await expectNothingChanged(a, b);
    await expectNothingChanged(b, a);
  });

  it('an id that is not an id is 400 VALIDATION_FAILED on every route that takes one', async () => {
    const a = await f.makeUser();
    const b = await f.makeUser();
    for (const bad of NOT_IDS) {
      const id = encodeURIComponent(bad);
      const calls: [string, string, unknown?][] = [
        ['GET', `/api/users/${id}`],
        ['POST', '/api/friend-requests', { userId: bad }],
        ['POST', `/api/friend-requests/${id}/accept`],
        ['POST', `/api/friend-requests/${id}/decline`],
        ['DELETE', `/api/friend-requests/${id}`],
        ['PATCH', `/api/friends/${id}`, { remark: 'x' }],
        ['DELETE', `/api/friends/${id}`],
        ['PUT', `/api/blocks/${id}`],
        ['DELETE', `/api/blocks/${id}`],
      ];
      for (const [method, path, body] of calls) {
        const res = await http(t.url, method, path, { token: a.token, body });
        expect([method, bad.slice(0, 40), res.status, res.body.error.code]).toEqual([
          method,
          bad.slice(0, 40),
          400,
          'VALIDATION_FAILED',
        ]);
      }
    }
    await expectNothingChanged(a, b);
  });

  it('an unknown id is 404 with the code for what was looked for', async () => {
    const a = await f.makeUser();
    const b = await f.makeUser();
    const calls: [string, string, string, unknown?][] = [
      ['GET', `/api/users/${UNKNOWN_ID}`, 'USER_NOT_FOUND'],
      ['POST', '/api/friend-requests', 'USER_NOT_FOUND', { userId: UNKNOWN_ID }],
      ['PUT', `/api/blocks/${UNKNOWN_ID}`, 'USER_NOT_FOUND'],
      ['POST', `/api/friend-requests/${UNKNOWN_ID}/accept`, 'FRIEND_REQUEST_NOT_FOUND'],
      ['POST', `/api/friend-requests/${UNKNOWN_ID}/decline`, 'FRIEND_REQUEST_NOT_FOUND'],
      ['DELETE', `/api/friend-requests/${UNKNOWN_ID}`, 'FRIEND_REQUEST_NOT_FOUND'],
      // A user's id is not a request's.
      ['POST', `/api/friend-requests/${b.id}/accept`, 'FRIEND_REQUEST_NOT_FOUND'],
      ['PATCH', `/api/friends/${UNKNOWN_ID}`, 'FRIEND_NOT_FOUND', { remark: 'x' }],
      ['DELETE', `/api/friends/${UNKNOWN_ID}`, 'FRIEND_NOT_FOUND'],
    ];
    for (const [method, path, code, body] of calls) {
      const res = await http(t.url, method, path, { token: a.token, body });
      expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 404, code]);
    }
    await expectNothingChanged(a, b);
  });

  describe('sending a request', () => {
    it('refuses a bad body with 400 and a stable code, and leaves no request behind', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const bodies: [string, unknown, string][] = [
        ['missing userId', {}, 'VALIDATION_FAILED'],
        ['missing userId, greeting only', { greeting: 'hi' }, 'VALIDATION_FAILED'],
        ['userId a number', { userId: 123 }, 'VALIDATION_FAILED'],
        ['userId null', { userId: null }, 'VALIDATION_FAILED'],
        ['greeting a number', { userId: b.id, greeting: 5 }, 'VALIDATION_FAILED'],
        ['greeting null', { userId: b.id, greeting: null }, 'VALIDATION_FAILED'],
        ['greeting an array', { userId: b.id, greeting: ['hi'] }, 'VALIDATION_FAILED'],
        ['greeting of 51 characters', { userId: b.id, greeting: '好'.repeat(51) }, 'VALIDATION_FAILED'],
        ['greeting with a NUL', { userId: b.id, greeting: 'hi\u0000there' }, 'VALIDATION_FAILED'],
        ['greeting with a bidi override', { userId: b.id, greeting: 'hi \u202Eereht' }, 'VALIDATION_FAILED'],
        ['greeting with a lone surrogate', { userId: b.id, greeting: 'hi \ud800' }, 'VALIDATION_FAILED'],
        ['greeting with a line break', { userId: b.id, greeting: 'hi\nthere' }, 'VALIDATION_FAILED'],
        ['an unknown field', { userId: b.id, greeting: 'hi', admin: true }, 'VALIDATION_FAILED'],
        ['an array', [b.id], 'VALIDATION_FAILED'],
        ['a string', 'hello', 'VALIDATION_FAILED'],
        ['null', null, 'VALIDATION_FAILED'],
      ];
      for (const [what, body, code] of bodies) {
        const res = await http(t.url, 'POST', '/api/friend-requests', { token: a.token, body });
        expect([what, res.status, res.body.error.code]).toEqual([what, 400, code]);
      }
      const raw: [string, string | undefined, Record<string, string>, number, string][] = [
        ['broken JSON', '{"userId":', { 'content-type': 'application/json' }, 400, 'MALFORMED_JSON'],
        ['no body', undefined, {}, 400, 'VALIDATION_FAILED'],
        ['plain text', `userId=${b.id}`, { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ];
      for (const [what, rawBody, headers, status, code] of raw) {
        const res = await http(t.url, 'POST', '/api/friend-requests', {
          token: a.token,
          headers,
          ...(rawBody === undefined ? {} : { rawBody }),
        });
        expect([what, res.status, res.body.error.code]).toEqual([what, status, code]);
      }
      await expectNothingChanged(a, b);
    });

    it('a greeting of 50 characters is accepted, counted in characters (emoji count once), and trimmed', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const c = await f.makeUser();
      const fifty = '好'.repeat(50);
      expect((await a.client.api.sendFriendRequest(b.id, fifty)).request.greeting).toBe(fifty);
      const emoji = '😀'.repeat(50);
      expect((await a.client.api.sendFriendRequest(c.id, `  ${emoji}  `)).request.greeting).toBe(emoji);
    });
  });

  describe('setting a remark', () => {
    it('refuses a bad body with 400 VALIDATION_FAILED and keeps the remark it had', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      await f.befriend(a, b);
      await a.client.api.setRemark(b.id, 'before');
      const bodies: [string, unknown][] = [
        ['missing remark', {}],
        ['remark a number', { remark: 5 }],
        ['remark null', { remark: null }],
        ['remark of 33 characters', { remark: 'r'.repeat(33) }],
        ['remark with a NUL', { remark: 'a\u0000b' }],
        ['remark with a bidi override', { remark: 'a\u202Eb' }],
        ['remark with a lone surrogate', { remark: 'a\udc00' }],
        ['remark only invisible characters', { remark: '\u200B\u200B' }],
        ['an unknown field', { remark: 'ok', userId: a.id }],
        ['an array', ['ok']],
      ];
      for (const [what, body] of bodies) {
        const res = await http(t.url, 'PATCH', `/api/friends/${b.id}`, { token: a.token, body });
        expect([what, res.status, res.body.error.code]).toEqual([what, 400, 'VALIDATION_FAILED']);
      }
      const noBody = await http(t.url, 'PATCH', `/api/friends/${b.id}`, { token: a.token });
      expect([noBody.status, noBody.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect((await a.client.api.listFriends())[0]?.remark).toBe('before');

      const max = 'r'.repeat(32);
      expect((await a.client.api.setRemark(b.id, max)).remark).toBe(max);
    });
  });

  describe('searching', () => {
    it('refuses a bad query with 400 VALIDATION_FAILED', async () => {
      const a = await f.makeUser();
      const queries = [
        '',
        '?username=',
        '?username=ab',
        '?username=has%20space',
        '?username=%E4%B8%AD%E6%96%87',
        `?username=${'a'.repeat(33)}`,
        '?username=1abc',
        '?username=abc&extra=1',
        '?username=abc&username=abd',
        '?name=abc',
      ];
      for (const query of queries) {
        const res = await http(t.url, 'GET', `/api/users/search${query}`, { token: a.token });
        expect([query, res.status, res.body.error.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
      }
    });
  });
});
