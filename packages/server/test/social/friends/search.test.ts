import { FRIEND_REQUEST_TTL_MS } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';

const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';
const MINUTE = 60_000;

describeEachStore('user search and profiles', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  const search = (token: string, username: string) =>
    http(t.url, 'GET', `/api/users/search?username=${encodeURIComponent(username)}`, { token });

  describe('search', () => {
    it('finds a user by exact username, without regard to case', async () => {
      const me = await f.makeUser();
      const other = await f.makeUser({ displayName: '小红' });
      for (const name of [other.username, other.username.toUpperCase()]) {
        const res = await search(me.token, name);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          user: {
            id: other.id,
            username: other.username,
            displayName: '小红',
            signature: '',
            avatarUrl: null,
          },
          relation: 'none',
        });
      }
    });

    it('a partial username finds nobody: USER_NOT_FOUND', async () => {
      const me = await f.makeUser();
      const other = await f.makeUser();
      const res = await search(me.token, other.username.slice(0, -1));
      expect([res.status, res.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
    });

    it('relation says self, friend, outgoing-request, incoming-request or none', async () => {
      const me = await f.makeUser();
      const friend = await f.makeUser();
      const asked = await f.makeUser();
      const asking = await f.makeUser();
      const stranger = await f.makeUser();
      await f.befriend(me, friend);
      await me.client.api.sendFriendRequest(asked.id);
      await asking.client.api.sendFriendRequest(me.id);
      const relations = [];
      for (const user of [me, friend, asked, asking, stranger]) {
        relations.push((await me.client.api.searchUser(user.username)).relation);
      }
      expect(relations).toEqual(['self', 'friend', 'outgoing-request', 'incoming-request', 'none']);
    });

    it('a user who turned "find me by username" off is not found, except by themselves and their friends', async () => {
      const hidden = await f.makeUser();
      const friend = await f.makeUser();
      const stranger = await f.makeUser();
      await f.befriend(hidden, friend);
      await hidden.client.api.updateProfile({ discoverable: false });

      const res = await search(stranger.token, hidden.username);
      expect([res.status, res.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
      expect((await friend.client.api.searchUser(hidden.username)).relation).toBe('friend');
      expect((await hidden.client.api.searchUser(hidden.username)).relation).toBe('self');

      await hidden.client.api.updateProfile({ discoverable: true });
      expect((await stranger.client.api.searchUser(hidden.username)).relation).toBe('none');
    });

    it('a user who blocked you is still found, so the block stays secret', async () => {
      const me = await f.makeUser();
      const blocker = await f.makeUser();
      await blocker.client.api.block(me.id);
      const found = await me.client.api.searchUser(blocker.username);
      expect(found).toMatchObject({ user: { id: blocker.id }, relation: 'none' });
    });

    it('the 31st search in a minute is RATE_LIMITED with a Retry-After header; the next minute is free again', async () => {
      const me = await f.makeUser();
      const other = await f.makeUser();
      for (let i = 0; i < 30; i++) {
        // Misses count as much as hits: enumeration is mostly misses.
        const res = await search(me.token, i % 2 ? other.username : `nobody${i}x`);
        expect(res.status).not.toBe(429);
      }
      const limited = await search(me.token, other.username);
      expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED']);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);

      // The limit is per searcher.
      expect((await search(other.token, me.username)).status).toBe(200);
      t.clock.advance(MINUTE);
      expect((await search(me.token, other.username)).status).toBe(200);
    });
  });

  describe('profiles', () => {
    it('a stranger’s profile is USER_NOT_FOUND, the same answer as for an unknown id', async () => {
      const me = await f.makeUser();
      const stranger = await f.makeUser();
      const a = await http(t.url, 'GET', `/api/users/${stranger.id}`, { token: me.token });
      const b = await http(t.url, 'GET', `/api/users/${UNKNOWN_ID}`, { token: me.token });
      expect([a.status, a.body]).toEqual([b.status, b.body]);
      expect([a.status, a.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
    });

    it('a profile is visible to yourself, a friend, and both sides of a pending request', async () => {
      const me = await f.makeUser({ displayName: '本人' });
      const friend = await f.makeUser();
      const asked = await f.makeUser();
      const asking = await f.makeUser();
      await f.befriend(me, friend);
      await me.client.api.sendFriendRequest(asked.id);
      await asking.client.api.sendFriendRequest(me.id);
      expect((await me.client.api.getUser(me.id)).displayName).toBe('本人');
      for (const viewer of [friend, asked, asking]) {
        expect(await viewer.client.api.getUser(me.id)).toMatchObject({ id: me.id, displayName: '本人' });
      }
      for (const user of [friend, asked, asking]) {
        expect((await me.client.api.getUser(user.id)).id).toBe(user.id);
      }
    });

    it('once a request is cancelled or expired, the profile is hidden again', async () => {
      const me = await f.makeUser();
      const cancelledTo = await f.makeUser();
      const expiredTo = await f.makeUser();
      const sent = await me.client.api.sendFriendRequest(cancelledTo.id);
      await me.client.api.cancelFriendRequest(sent.request.id);
      await me.client.api.sendFriendRequest(expiredTo.id);
      t.clock.advance(FRIEND_REQUEST_TTL_MS + 1);
      for (const viewer of [cancelledTo, expiredTo]) {
        const res = await http(t.url, 'GET', `/api/users/${me.id}`, { token: viewer.token });
        expect([res.status, res.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
      }
    });
  });
});
