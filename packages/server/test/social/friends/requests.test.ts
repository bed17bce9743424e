import { FRIEND_REQUEST_TTL_MS } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures, recordEvents } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';

const DAY = 24 * 60 * 60 * 1000;

describeEachStore('friend requests', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  describe('sending', () => {
    it('a new request is 201 pending for both sides, with its greeting, and expires 7 days after it was sent', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const res = await http(t.url, 'POST', '/api/friend-requests', {
        token: a.token,
        body: { userId: b.id, greeting: '你好，我是小明' },
      });
      expect(res.status).toBe(201);
      expect(res.body.friend).toBeNull();
      const request = res.body.request;
      expect(request).toMatchObject({
        from: { id: a.id, username: a.username },
        to: { id: b.id, username: b.username },
        greeting: '你好，我是小明',
        status: 'pending',
      });
      expect(request.expiresAt - request.updatedAt).toBe(FRIEND_REQUEST_TTL_MS);

      const incoming = (await b.client.api.listFriendRequests()).incoming;
      expect(incoming).toHaveLength(1);
      expect(incoming[0]).toMatchObject({ id: request.id, status: 'pending', greeting: '你好，我是小明' });
      const outgoing = (await a.client.api.listFriendRequests()).outgoing;
      expect(outgoing.map((r) => [r.id, r.status])).toEqual([[request.id, 'pending']]);
    });

    it('the greeting may be left out; it is then empty', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const res = await http(t.url, 'POST', '/api/friend-requests', {
        token: a.token,
        body: { userId: b.id },
      });
      expect(res.status).toBe(201);
      expect(res.body.request.greeting).toBe('');
    });

    it('sending again while pending keeps one request: same id, new greeting, fresh expiry', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const first = await a.client.api.sendFriendRequest(b.id, 'first');
      t.clock.advance(DAY);
      const second = await a.client.api.sendFriendRequest(b.id, 'second');
      expect(second.request.id).toBe(first.request.id);
      expect(second.request.greeting).toBe('second');
      expect(second.request.expiresAt).toBeGreaterThanOrEqual(first.request.expiresAt + DAY);
      const incoming = (await b.client.api.listFriendRequests()).incoming;
      expect(incoming.map((r) => [r.id, r.greeting])).toEqual([[first.request.id, 'second']]);
    });

    it('sends racing each other (a double click, two devices) still make one request', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => a.client.api.sendFriendRequest(b.id, `try ${i}`)),
      );
      expect(new Set(results.map((r) => r.request.id)).size).toBe(1);
      expect((await b.client.api.listFriendRequests()).incoming).toHaveLength(1);
    });

    it('opposite requests sent at the same instant make the two friends, once', async () => {
      for (let round = 0; round < 5; round++) {
        const a = await f.makeUser();
        const b = await f.makeUser();
        await Promise.all([
          a.client.api.sendFriendRequest(b.id, 'a'),
          b.client.api.sendFriendRequest(a.id, 'b'),
        ]);
        expect((await a.client.api.listFriends()).map((x) => x.user.id)).toEqual([b.id]);
        expect((await b.client.api.listFriends()).map((x) => x.user.id)).toEqual([a.id]);
        const pending = (await a.client.api.listFriendRequests()).outgoing.filter(
          (r) => r.status === 'pending',
        );
        expect(pending).toEqual([]);
      }
    });

    it('sending is rate-limited per user: 429 with Retry-After past the limit', async () => {
      const limited = await startTestServer(store, {
        configure: (c) => {
          c.rateLimits.friendRequestsPerUser = { limit: 2, windowMs: 60_000 };
        },
      });
      const g = makeFixtures(() => limited);
      try {
        const a = await g.makeUser();
        const others = [await g.makeUser(), await g.makeUser(), await g.makeUser()];
        await a.client.api.sendFriendRequest(others[0]!.id);
        await a.client.api.sendFriendRequest(others[1]!.id);
        const third = await http(limited.url, 'POST', '/api/friend-requests', {
          token: a.token,
          body: { userId: others[2]!.id, greeting: '' },
        });
        expect(third.status).toBe(429);
        expect(third.body.error.code).toBe('RATE_LIMITED');
        expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await others[2]!.client.api.listFriendRequests()).incoming).toEqual([]);
      } finally {
        g.closeAll();
        await limited.destroy();
      }
    });

    it('the 7 days count from the last send: a resend on day 6 keeps the request open past day 7', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const sent = await a.client.api.sendFriendRequest(b.id);
      t.clock.advance(6 * DAY);
      await a.client.api.sendFriendRequest(b.id, 'still there?');
      t.clock.advance(2 * DAY);
      const friend = await b.client.api.acceptFriendRequest(sent.request.id);
      expect(friend.user.id).toBe(a.id);
    });

    it('refusals: yourself, an unknown user, a friend, a user you blocked; none leaves a request behind', async () => {
      const a = await f.makeUser();
      const friend = await f.makeUser();
      const blocked = await f.makeUser();
      await f.befriend(a, friend);
      await a.client.api.block(blocked.id);
      const send = (userId: string) =>
        http(t.url, 'POST', '/api/friend-requests', { token: a.token, body: { userId, greeting: 'x' } });

      const self = await send(a.id);
      expect([self.status, self.body.error.code]).toEqual([400, 'CANNOT_FRIEND_SELF']);
      const unknown = await send('01890a5d-ac96-774b-bcce-b302099a8057');
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
      const already = await send(friend.id);
      expect([already.status, already.body.error.code]).toEqual([409, 'ALREADY_FRIENDS']);
      const block = await send(blocked.id);
      expect([block.status, block.body.error.code]).toEqual([409, 'USER_BLOCKED_BY_YOU']);
      expect(block.body.error.message).toBe('Unblock the user first.');

      const outgoing = (await a.client.api.listFriendRequests()).outgoing;
      expect(outgoing.map((r) => [r.to.id, r.status])).toEqual([[friend.id, 'accepted']]);
      expect((await blocked.client.api.listFriendRequests()).incoming).toEqual([]);
    });
  });

  describe('answering', () => {
    it('the recipient accepts: both become friends, each seeing the other’s card', async () => {
      const a = await f.makeUser({ displayName: '小明' });
      const b = await f.makeUser({ displayName: '小红' });
      const sent = await a.client.api.sendFriendRequest(b.id, 'hi');
      const friend = await b.client.api.acceptFriendRequest(sent.request.id);
      expect(friend).toMatchObject({ user: { id: a.id, displayName: '小明' }, remark: '', initial: 'X' });

      expect((await a.client.api.listFriends()).map((x) => x.user.id)).toEqual([b.id]);
      expect((await b.client.api.listFriends()).map((x) => x.user.id)).toEqual([a.id]);
      expect((await a.client.api.listFriendRequests()).outgoing[0]?.status).toBe('accepted');
      expect((await b.client.api.listFriendRequests()).incoming[0]?.status).toBe('accepted');
    });

    it('accepting twice is FRIEND_REQUEST_NOT_PENDING', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const sent = await a.client.api.sendFriendRequest(b.id);
      await b.client.api.acceptFriendRequest(sent.request.id);
      const again = await http(t.url, 'POST', `/api/friend-requests/${sent.request.id}/accept`, {
        token: b.token,
      });
      expect([again.status, again.body.error.code]).toEqual([409, 'FRIEND_REQUEST_NOT_PENDING']);
      expect(await b.client.api.listFriends()).toHaveLength(1);
    });

    it('accepts racing each other: one wins, the others are FRIEND_REQUEST_NOT_PENDING', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const sent = await a.client.api.sendFriendRequest(b.id);
      const results = await Promise.all(
        Array.from({ length: 4 }, () =>
          http(t.url, 'POST', `/api/friend-requests/${sent.request.id}/accept`, { token: b.token }),
        ),
      );
      const outcomes = results.map((r) => r.body.error?.code ?? r.status).sort();
      expect(outcomes).toEqual([
        200,
        'FRIEND_REQUEST_NOT_PENDING',
        'FRIEND_REQUEST_NOT_PENDING',
        'FRIEND_REQUEST_NOT_PENDING',
      ]);
      expect(await a.client.api.listFriends()).toHaveLength(1);
    });

    it('only the recipient may accept or decline and only the sender may cancel; others get FRIEND_REQUEST_NOT_FOUND', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const c = await f.makeUser();
      const id = (await a.client.api.sendFriendRequest(b.id)).request.id;
      const attempts: [string, string, string][] = [
        [c.token, 'POST', `/api/friend-requests/${id}/accept`],
        [c.token, 'POST', `/api/friend-requests/${id}/decline`],
        [c.token, 'DELETE', `/api/friend-requests/${id}`],
        [a.token, 'POST', `/api/friend-requests/${id}/accept`],
        [a.token, 'POST', `/api/friend-requests/${id}/decline`],
        [b.token, 'DELETE', `/api/friend-requests/${id}`],
      ];
      for (const [token, method, path] of attempts) {
        const res = await http(t.url, method, path, { token });
        expect([path, method, res.status, res.body.error.code]).toEqual([
          path,
          method,
          404,
          'FRIEND_REQUEST_NOT_FOUND',
        ]);
      }
      const incoming = (await b.client.api.listFriendRequests()).incoming;
      expect(incoming.map((r) => [r.id, r.status])).toEqual([[id, 'pending']]);
      expect(await a.client.api.listFriends()).toEqual([]);
      expect(await c.client.api.listFriends()).toEqual([]);
    });

    it('a request unanswered for 7 days expires: accepting is FRIEND_REQUEST_EXPIRED and both lists say expired', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const sent = await a.client.api.sendFriendRequest(b.id);
      t.clock.advance(FRIEND_REQUEST_TTL_MS + 1);
      for (const action of ['accept', 'decline']) {
        const res = await http(t.url, 'POST', `/api/friend-requests/${sent.request.id}/${action}`, {
          token: b.token,
        });
        expect([res.status, res.body.error.code]).toEqual([410, 'FRIEND_REQUEST_EXPIRED']);
      }
      const cancel = await http(t.url, 'DELETE', `/api/friend-requests/${sent.request.id}`, {
        token: a.token,
      });
      expect([cancel.status, cancel.body.error.code]).toEqual([410, 'FRIEND_REQUEST_EXPIRED']);
      expect((await a.client.api.listFriendRequests()).outgoing[0]?.status).toBe('expired');
      expect((await b.client.api.listFriendRequests()).incoming[0]?.status).toBe('expired');
      expect(await b.client.api.listFriends()).toEqual([]);

      // The stale request does not stand in the way of a new one.
      const again = await a.client.api.sendFriendRequest(b.id, 'once more');
      expect(again.request.id).not.toBe(sent.request.id);
      expect(again.request.status).toBe('pending');
      const incoming = (await b.client.api.listFriendRequests()).incoming;
      expect(incoming.map((r) => [r.id, r.status])).toEqual([
        [again.request.id, 'pending'],
        [sent.request.id, 'expired'],
      ]);
    });

    it('the sender is not told of a decline: their view stays pending, unchanged, until it expires', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const sent = await a.client.api.sendFriendRequest(b.id, 'hello');
      const before = (await a.client.api.listFriendRequests()).outgoing;
      const declined = await b.client.api.declineFriendRequest(sent.request.id);
      expect(declined.status).toBe('declined');
      expect((await b.client.api.listFriendRequests()).incoming[0]?.status).toBe('declined');
      expect((await a.client.api.listFriendRequests()).outgoing).toEqual(before);
      const search = await a.client.api.searchUser(b.username);
      expect(search.relation).toBe('outgoing-request');

      t.clock.advance(FRIEND_REQUEST_TTL_MS + 1);
      expect((await a.client.api.listFriendRequests()).outgoing[0]?.status).toBe('expired');
    });

    it('declining twice is FRIEND_REQUEST_NOT_PENDING', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const sent = await a.client.api.sendFriendRequest(b.id);
      await b.client.api.declineFriendRequest(sent.request.id);
      const res = await http(t.url, 'POST', `/api/friend-requests/${sent.request.id}/decline`, {
        token: b.token,
      });
      expect([res.status, res.body.error.code]).toEqual([409, 'FRIEND_REQUEST_NOT_PENDING']);
    });

    it('sending again after a decline reaches the recipient again, under the same id', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const sent = await a.client.api.sendFriendRequest(b.id, 'first');
      await b.client.api.declineFriendRequest(sent.request.id);
      const again = await a.client.api.sendFriendRequest(b.id, 'please');
      expect(again.request).toMatchObject({ id: sent.request.id, status: 'pending', greeting: 'please' });
      const incoming = (await b.client.api.listFriendRequests()).incoming;
      expect(incoming.map((r) => [r.id, r.status])).toEqual([[sent.request.id, 'pending']]);
      await b.client.api.acceptFriendRequest(sent.request.id);
      expect((await a.client.api.listFriends()).map((x) => x.user.id)).toEqual([b.id]);
    });

    it('the sender cancels: the request says cancelled and leaves the recipient’s list', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const sent = await a.client.api.sendFriendRequest(b.id);
      const cancelled = await a.client.api.cancelFriendRequest(sent.request.id);
      expect(cancelled).toMatchObject({ id: sent.request.id, status: 'cancelled' });
      expect((await b.client.api.listFriendRequests()).incoming).toEqual([]);
      expect((await a.client.api.listFriendRequests()).outgoing[0]?.status).toBe('cancelled');

      const accept = await http(t.url, 'POST', `/api/friend-requests/${sent.request.id}/accept`, {
        token: b.token,
      });
      expect([accept.status, accept.body.error.code]).toEqual([409, 'FRIEND_REQUEST_NOT_PENDING']);
      const twice = await http(t.url, 'DELETE', `/api/friend-requests/${sent.request.id}`, {
        token: a.token,
      });
      expect([twice.status, twice.body.error.code]).toEqual([409, 'FRIEND_REQUEST_NOT_PENDING']);
      expect(await b.client.api.listFriends()).toEqual([]);
    });

    it('crossing requests: sending to someone who already asked you makes you friends at once', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const first = await a.client.api.sendFriendRequest(b.id, 'a asks');
      const second = await b.client.api.sendFriendRequest(a.id, 'b asks too');
      expect(second.request.status).toBe('accepted');
      expect(second.friend).toMatchObject({ user: { id: a.id }, remark: '' });

      const aLists = await a.client.api.listFriendRequests();
      expect(aLists.outgoing.map((r) => [r.id, r.status])).toEqual([[first.request.id, 'accepted']]);
      expect(aLists.incoming.map((r) => [r.id, r.status])).toEqual([[second.request.id, 'accepted']]);
      expect((await a.client.api.listFriends()).map((x) => x.user.id)).toEqual([b.id]);
      expect((await b.client.api.listFriends()).map((x) => x.user.id)).toEqual([a.id]);
    });
  });

  describe('blocks and requests', () => {
    it('a blocked sender’s request never reaches the target, and the sender sees it as pending', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const c = await f.makeUser();
      await b.client.api.block(a.id);
      await b.client.connect();
      const bEvents = recordEvents(b.client);

      const res = await http(t.url, 'POST', '/api/friend-requests', {
        token: a.token,
        body: { userId: b.id, greeting: 'let me in' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ request: { status: 'pending', greeting: 'let me in' }, friend: null });
      const hiddenId = res.body.request.id;
      // Sending again looks the same as for anyone: same id, refreshed.
      expect((await a.client.api.sendFriendRequest(b.id, 'again')).request).toMatchObject({
        id: hiddenId,
        status: 'pending',
      });
      expect((await a.client.api.listFriendRequests()).outgoing[0]).toMatchObject({
        id: hiddenId,
        status: 'pending',
      });
      expect((await a.client.api.searchUser(b.username)).relation).toBe('outgoing-request');

      // A request from someone else is a barrier: events arrive in order on b's connection.
      const barrier = b.client.waitForEvent('friendRequest.received', (e) => e.request.from.id === c.id);
      await c.client.api.sendFriendRequest(b.id);
      await barrier;
      const fromA = bEvents.filter(
        (e) => e.type.startsWith('friendRequest.') && JSON.stringify(e).includes(a.id),
      );
      expect(fromA).toEqual([]);
      expect((await b.client.api.listFriendRequests()).incoming.map((r) => r.from.id)).toEqual([c.id]);
      const accept = await http(t.url, 'POST', `/api/friend-requests/${hiddenId}/accept`, { token: b.token });
      expect([accept.status, accept.body.error.code]).toEqual([404, 'FRIEND_REQUEST_NOT_FOUND']);
      const card = await http(t.url, 'GET', `/api/users/${a.id}`, { token: b.token });
      expect(card.status).toBe(404);

      // Lifting the block later does not surface what was sent while it stood.
      await b.client.api.unblock(a.id);
      expect((await b.client.api.listFriendRequests()).incoming.map((r) => r.from.id)).toEqual([c.id]);
      expect(await b.client.api.listFriends()).toEqual([]);
    });

    it('requests from a user you block are left out of your list while the block stands', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      const sent = await a.client.api.sendFriendRequest(b.id);
      await b.client.api.block(a.id);
      expect((await b.client.api.listFriendRequests()).incoming).toEqual([]);
      await b.client.api.unblock(a.id);
      expect((await b.client.api.listFriendRequests()).incoming.map((r) => r.id)).toEqual([sent.request.id]);
    });
  });

  it('the lists cover the last 30 days, newest first', async () => {
    const b = await f.makeUser();
    const old = await f.makeUser();
    const mid = await f.makeUser();
    const recent = await f.makeUser();
    await old.client.api.sendFriendRequest(b.id);
    t.clock.advance(31 * DAY);
    const m = await mid.client.api.sendFriendRequest(b.id);
    t.clock.advance(1000);
    const r = await recent.client.api.sendFriendRequest(b.id);
    expect((await b.client.api.listFriendRequests()).incoming.map((x) => x.id)).toEqual([
      r.request.id,
      m.request.id,
    ]);
    expect((await old.client.api.listFriendRequests()).outgoing).toEqual([]);
  });
});
