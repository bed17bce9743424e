import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';

const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';

describeEachStore('friends and blocks', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  describe('the contact list', () => {
    it('is sorted like WeChat: A…Z by pinyin or letters, then # last', async () => {
      const me = await f.makeUser();
      for (const name of ['张三', '李四', 'alice', 'Bob', '阿明', '123']) {
        await f.befriend(await f.makeUser({ displayName: name }), me);
      }
      const friends = await me.client.api.listFriends();
      expect(friends.map((x) => [x.initial, x.user.displayName])).toEqual([
        ['A', '阿明'],
        ['A', 'alice'],
        ['B', 'Bob'],
        ['L', '李四'],
        ['Z', '张三'],
        ['#', '123'],
      ]);
      expect(friends.map((x) => x.sortKey)).toEqual(['a ming', 'alice', 'bob', 'li si', 'zhang san', '123']);
    });

    it('files a friend by the remark when one is set; the remark is private, and an empty one clears it', async () => {
      const me = await f.makeUser({ displayName: '我' });
      const zhang = await f.makeUser({ displayName: '张三' });
      const bob = await f.makeUser({ displayName: 'Bob' });
      await f.befriend(me, zhang);
      await f.befriend(me, bob);

      const set = await me.client.api.setRemark(zhang.id, '阿张');
      expect(set).toMatchObject({
        user: { id: zhang.id, displayName: '张三' },
        remark: '阿张',
        initial: 'A',
      });
      expect(
        (await me.client.api.listFriends()).map((x) => [x.initial, x.remark || x.user.displayName]),
      ).toEqual([
        ['A', '阿张'],
        ['B', 'Bob'],
      ]);
      // Only the owner of the list sees their remark.
      expect((await zhang.client.api.listFriends())[0]).toMatchObject({ user: { id: me.id }, remark: '' });

      const cleared = await me.client.api.setRemark(zhang.id, '');
      expect(cleared).toMatchObject({ remark: '', initial: 'Z', sortKey: 'zhang san' });
      expect((await me.client.api.listFriends()).map((x) => x.user.id)).toEqual([bob.id, zhang.id]);
    });

    it('a remark for someone who is not your friend is FRIEND_NOT_FOUND, and changes nothing', async () => {
      const me = await f.makeUser();
      const stranger = await f.makeUser();
      const pending = await f.makeUser();
      await me.client.api.sendFriendRequest(pending.id);
      for (const userId of [stranger.id, pending.id, UNKNOWN_ID, me.id]) {
        const res = await http(t.url, 'PATCH', `/api/friends/${userId}`, {
          token: me.token,
          body: { remark: 'x' },
        });
        expect([res.status, res.body.error.code]).toEqual([404, 'FRIEND_NOT_FOUND']);
      }
      expect(await me.client.api.listFriends()).toEqual([]);
    });

    it('deleting a friend removes the friendship for both sides', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      await f.befriend(a, b);
      const res = await http(t.url, 'DELETE', `/api/friends/${b.id}`, { token: a.token });
      expect(res.status).toBe(204);
      expect(await a.client.api.listFriends()).toEqual([]);
      expect(await b.client.api.listFriends()).toEqual([]);
      const again = await http(t.url, 'DELETE', `/api/friends/${a.id}`, { token: b.token });
      expect([again.status, again.body.error.code]).toEqual([404, 'FRIEND_NOT_FOUND']);
    });

    it('after a deletion, a new request makes friends again', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      await f.befriend(a, b);
      await a.client.api.deleteFriend(b.id);
      await f.befriend(b, a);
      expect((await a.client.api.listFriends()).map((x) => x.user.id)).toEqual([b.id]);
    });

    it('deleting someone who is not your friend is FRIEND_NOT_FOUND, and a pending request survives it', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      await a.client.api.sendFriendRequest(b.id);
      const res = await http(t.url, 'DELETE', `/api/friends/${b.id}`, { token: a.token });
      expect([res.status, res.body.error.code]).toEqual([404, 'FRIEND_NOT_FOUND']);
      expect((await b.client.api.listFriendRequests()).incoming[0]?.status).toBe('pending');
    });
  });

  describe('blocks', () => {
    it('blocking is idempotent (204 each time) and the list shows each blocked user once, newest first', async () => {
      const me = await f.makeUser();
      const first = await f.makeUser();
      const second = await f.makeUser();
      for (const user of [first, first, second]) {
        const res = await http(t.url, 'PUT', `/api/blocks/${user.id}`, { token: me.token });
        expect(res.status).toBe(204);
        t.clock.advance(1);
      }
      const blocked = await me.client.api.listBlocked();
      expect(blocked.map((b) => b.user.id)).toEqual([second.id, first.id]);
      expect(blocked[0]?.user.username).toBe(second.username);
    });

    it('unblocking is idempotent (204 each time, even for one never blocked)', async () => {
      const me = await f.makeUser();
      const other = await f.makeUser();
      await me.client.api.block(other.id);
      for (const userId of [other.id, other.id, UNKNOWN_ID]) {
        const res = await http(t.url, 'DELETE', `/api/blocks/${userId}`, { token: me.token });
        expect(res.status).toBe(204);
      }
      expect(await me.client.api.listBlocked()).toEqual([]);
    });

    it('blocking yourself is CANNOT_BLOCK_SELF; an unknown user is USER_NOT_FOUND; neither is listed', async () => {
      const me = await f.makeUser();
      const self = await http(t.url, 'PUT', `/api/blocks/${me.id}`, { token: me.token });
      expect([self.status, self.body.error.code]).toEqual([400, 'CANNOT_BLOCK_SELF']);
      const unknown = await http(t.url, 'PUT', `/api/blocks/${UNKNOWN_ID}`, { token: me.token });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
      expect(await me.client.api.listBlocked()).toEqual([]);
    });

    it('a block does not end a friendship: both still list each other', async () => {
      const a = await f.makeUser();
      const b = await f.makeUser();
      await f.befriend(a, b);
      await a.client.api.block(b.id);
      expect((await a.client.api.listFriends()).map((x) => x.user.id)).toEqual([b.id]);
      expect((await b.client.api.listFriends()).map((x) => x.user.id)).toEqual([a.id]);
      expect((await b.client.api.getUser(a.id)).id).toBe(a.id);
    });
  });
});
