import { MAX_PRESENCE_QUERY, type ServerEvent } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeOf, makePeople, record } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';

const presenceOf = (events: ServerEvent[], userId: string) =>
  events.filter((e) => e.type === 'presence' && e.userId === userId);

describeEachStore('presence', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  /** The user's live connections as the server counts them (closing is seen by the server a little later). */
  const liveConnections = (userId: string) => t.server.gateway.connections.ofUser(userId)?.size ?? 0;

  describe('live', () => {
    it('a friend’s first connection tells every device of their friends “online”; the last one closing tells “offline” with the time', async () => {
      const watcher = await people.online();
      const watcher2 = await people.device(watcher);
      const friend = await people.person();
      await people.befriend(watcher, friend);

      const online = [watcher.client, watcher2].map((c) =>
        c.waitForEvent('presence', (e) => e.userId === friend.id && e.online),
      );
      await friend.client.connect();
      for (const e of await Promise.all(online)) {
        expect(e).toEqual({ type: 'presence', userId: friend.id, online: true, lastSeenAt: null });
      }

      const before = t.clock.now();
      const offline = [watcher.client, watcher2].map((c) =>
        c.waitForEvent('presence', (e) => e.userId === friend.id && !e.online),
      );
      friend.client.disconnect();
      for (const e of await Promise.all(offline)) {
        expect(e.lastSeenAt).toBeGreaterThanOrEqual(before);
        expect(e.lastSeenAt).toBeLessThanOrEqual(t.clock.now());
      }
    });

    it('a second device coming and going changes nothing: online until the last device closes', async () => {
      const watcher = await people.online();
      const friend = await people.person();
      await people.befriend(watcher, friend);
      const events = record(watcher.client);
      const first = watcher.client.waitForEvent('presence', (e) => e.userId === friend.id && e.online);
      await friend.client.connect();
      await first;

      const second = await people.device(friend);
      second.disconnect();
      await vi.waitFor(() => expect(liveConnections(friend.id)).toBe(1));
      // A marker that travels after anything the second device could have caused.
      const marker = await people.person();
      await people.befriend(watcher, marker);
      const markerOnline = watcher.client.waitForEvent('presence', (e) => e.userId === marker.id);
      await marker.client.connect();
      await markerOnline;
      expect(presenceOf(events, friend.id)).toEqual([
        { type: 'presence', userId: friend.id, online: true, lastSeenAt: null },
      ]);

      const offline = watcher.client.waitForEvent('presence', (e) => e.userId === friend.id && !e.online);
      friend.client.disconnect();
      expect((await offline).lastSeenAt).toEqual(expect.any(Number));
    });

    it('people who are not friends hear nothing', async () => {
      const stranger = await people.online();
      const friend = await people.online();
      const user = await people.person();
      await people.befriend(user, friend);
      const events = record(stranger.client);
      const told = friend.client.waitForEvent('presence', (e) => e.userId === user.id && e.online);
      await user.client.connect();
      await told;
      const gone = friend.client.waitForEvent('presence', (e) => e.userId === user.id && !e.online);
      user.client.disconnect();
      await gone;
      expect(presenceOf(events, user.id)).toEqual([]);
    });
  });

  describe('GET /api/presence', () => {
    it('answers for friends: online ones as online, offline ones with when they were last seen', async () => {
      const me = await people.person();
      const on = await people.online();
      const off = await people.online();
      const never = await people.person();
      await people.befriend(me, on, off, never);
      await me.client.connect();
      const before = t.clock.now();
      const told = me.client.waitForEvent('presence', (e) => e.userId === off.id && !e.online);
      off.client.disconnect();
      await told;
      const list = await me.client.api.getPresence([on.id, off.id, never.id]);
      expect(list).toContainEqual({ userId: on.id, online: true, lastSeenAt: null });
      expect(list).toContainEqual({ userId: never.id, online: false, lastSeenAt: null });
      const offEntry = list.find((p) => p.userId === off.id);
      expect(offEntry?.online).toBe(false);
      expect(offEntry?.lastSeenAt).toBeGreaterThanOrEqual(before);
      expect(list).toHaveLength(3);
    });

    it('leaves out whoever is not a friend, and unknown ids; asking twice for one counts once', async () => {
      const me = await people.person();
      const friend = await people.online();
      const stranger = await people.online();
      await people.befriend(me, friend);
      const unknown = '01964f5e-8b1c-7a2b-9c3d-000000000001';
      const list = await me.client.api.getPresence([friend.id, stranger.id, unknown, friend.id, me.id]);
      expect(list).toEqual([{ userId: friend.id, online: true, lastSeenAt: null }]);
    });

    it('refuses ill-formed queries with VALIDATION_FAILED and anonymous callers with 401', async () => {
      const me = await people.person();
      const token = (me.client.api.http.token ?? '') as string;
      for (const query of [
        '',
        '?userIds=',
        '?userIds=not-an-id',
        '?userIds=01964f5e-8b1c-7a2b-9c3d-000000000001,',
        `?userIds=${Array.from({ length: MAX_PRESENCE_QUERY + 1 }, () => '01964f5e-8b1c-7a2b-9c3d-000000000001').join(',')}`,
        '?userIds=01964f5e-8b1c-7a2b-9c3d-000000000001&extra=1',
      ]) {
        const res = await http(t.url, 'GET', `/api/presence${query}`, { token });
        expect(res.status, query.slice(0, 80)).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      const anonymous = await http(
        t.url,
        'GET',
        '/api/presence?userIds=01964f5e-8b1c-7a2b-9c3d-000000000001',
      );
      expect(anonymous.status).toBe(401);
    });
  });

  describe('hiding it', () => {
    it('is on by default, and the setting syncs to the user’s other devices as me.updated', async () => {
      const user = await people.online();
      expect((await user.client.api.getMe()).showPresence).toBe(true);
      const other = await people.device(user);
      const updated = other.waitForEvent('me.updated');
      const me = await user.client.api.updateProfile({ showPresence: false });
      expect(me.showPresence).toBe(false);
      expect((await updated).user.showPresence).toBe(false);
      expect((await user.client.api.getMe()).showPresence).toBe(false);
    });

    it('a hidden user shows neither online nor last seen, is told to friends at once, and comes and goes unannounced', async () => {
      const watcher = await people.online();
      const user = await people.person();
      await people.befriend(watcher, user);
      // The friend hears them come online first, so that this news cannot arrive late, among
      // the events recorded below.
      const online = watcher.client.waitForEvent('presence', (e) => e.userId === user.id && e.online);
      await user.client.connect();
      await online;
      expect(await watcher.client.api.getPresence([user.id])).toEqual([
        { userId: user.id, online: true, lastSeenAt: null },
      ]);

      const events = record(watcher.client);
      const hidden = watcher.client.waitForEvent('presence', (e) => e.userId === user.id);
      await user.client.api.updateProfile({ showPresence: false });
      expect(await hidden).toEqual({ type: 'presence', userId: user.id, online: false, lastSeenAt: null });
      expect(await watcher.client.api.getPresence([user.id])).toEqual([
        { userId: user.id, online: false, lastSeenAt: null },
      ]);

      // Going offline and coming back: nothing reaches the friend (a marker proves it).
      user.client.disconnect();
      await vi.waitFor(() => expect(liveConnections(user.id)).toBe(0));
      const back = await people.device(user);
      back.disconnect();
      await vi.waitFor(() => expect(liveConnections(user.id)).toBe(0));
      const again = await people.device(user);
      const shown = watcher.client.waitForEvent('presence', (e) => e.userId === user.id && e.online);
      await user.client.api.updateProfile({ showPresence: true });
      expect(await shown).toEqual({ type: 'presence', userId: user.id, online: true, lastSeenAt: null });
      expect(presenceOf(events, user.id)).toEqual([
        { type: 'presence', userId: user.id, online: false, lastSeenAt: null },
        { type: 'presence', userId: user.id, online: true, lastSeenAt: null },
      ]);
      again.disconnect();
    });

    it('showPresence must be a boolean', async () => {
      const user = await people.person();
      expect(await codeOf(user.client.api.updateProfile({ showPresence: 'no' as unknown as boolean }))).toBe(
        'VALIDATION_FAILED',
      );
    });
  });
});
