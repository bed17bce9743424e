import type { LiaoClient } from '@liao/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeFixtures, recordEvents, type TestUser } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

describeEachStore('friends live events', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  /** A user with two connected devices. */
  async function twoDevices(displayName?: string): Promise<{ user: TestUser; devices: LiaoClient[] }> {
    const user = await f.makeUser(displayName ? { displayName } : {});
    await user.client.connect();
    return { user, devices: [user.client, await f.addDevice(user)] };
  }

  it('a request reaches every device of the recipient (received) and of the sender (updated)', async () => {
    const a = await twoDevices();
    const b = await twoDevices();
    const received = b.devices.map((d) =>
      d.waitForEvent('friendRequest.received', (e) => e.request.from.id === a.user.id),
    );
    const updated = a.devices.map((d) =>
      d.waitForEvent('friendRequest.updated', (e) => e.request.to.id === b.user.id),
    );
    const sent = await a.user.client.api.sendFriendRequest(b.user.id, '你好');
    for (const e of await Promise.all(received)) {
      expect(e.request).toMatchObject({ id: sent.request.id, greeting: '你好', status: 'pending' });
    }
    for (const e of await Promise.all(updated)) {
      expect(e.request).toMatchObject({ id: sent.request.id, status: 'pending' });
    }
  });

  it('accepting tells every device of both sides: the request accepted, and the friend from each side’s view', async () => {
    const a = await twoDevices('小明');
    const b = await twoDevices('小红');
    const sent = await a.user.client.api.sendFriendRequest(b.user.id);
    const added = [
      ...a.devices.map((d) => d.waitForEvent('friend.added', (e) => e.friend.user.id === b.user.id)),
      ...b.devices.map((d) => d.waitForEvent('friend.added', (e) => e.friend.user.id === a.user.id)),
    ];
    const accepted = [...a.devices, ...b.devices].map((d) =>
      d.waitForEvent(
        'friendRequest.updated',
        (e) => e.request.id === sent.request.id && e.request.status === 'accepted',
      ),
    );
    await b.user.client.api.acceptFriendRequest(sent.request.id);
    const friends = await Promise.all(added);
    expect(friends.map((e) => e.friend.user.displayName)).toEqual(['小红', '小红', '小明', '小明']);
    expect(friends.map((e) => e.friend.initial)).toEqual(['X', 'X', 'X', 'X']);
    await Promise.all(accepted);
  });

  it('crossing requests: every device of both sides gets friend.added', async () => {
    const a = await twoDevices();
    const b = await twoDevices();
    await a.user.client.api.sendFriendRequest(b.user.id);
    const added = [
      ...a.devices.map((d) => d.waitForEvent('friend.added', (e) => e.friend.user.id === b.user.id)),
      ...b.devices.map((d) => d.waitForEvent('friend.added', (e) => e.friend.user.id === a.user.id)),
    ];
    const result = await b.user.client.api.sendFriendRequest(a.user.id);
    expect(result.friend?.user.id).toBe(a.user.id);
    await Promise.all(added);
  });

  it('a decline reaches the decliner’s other devices and never the sender', async () => {
    const a = await twoDevices();
    const b = await twoDevices();
    const c = await f.makeUser();
    const sent = await a.user.client.api.sendFriendRequest(b.user.id);
    const aEvents = a.devices.map(recordEvents);
    const declined = b.devices.map((d) =>
      d.waitForEvent(
        'friendRequest.updated',
        (e) => e.request.id === sent.request.id && e.request.status === 'declined',
      ),
    );
    await b.user.client.api.declineFriendRequest(sent.request.id);
    await Promise.all(declined);
    // A later event to a is the barrier: anything about the decline would have come before it.
    const barrier = a.devices.map((d) => d.waitForEvent('friendRequest.received'));
    await c.client.api.sendFriendRequest(a.user.id);
    await Promise.all(barrier);
    for (const events of aEvents) {
      expect(events.map((e) => e.type)).toContain('friendRequest.received');
      const told = events.filter((e) => e.type === 'friendRequest.updated' && e.request.status !== 'pending');
      expect(told).toEqual([]);
    }
  });

  it('a cancel reaches every device of both sides, so the request disappears for the recipient', async () => {
    const a = await twoDevices();
    const b = await twoDevices();
    const sent = await a.user.client.api.sendFriendRequest(b.user.id);
    const cancelled = [...a.devices, ...b.devices].map((d) =>
      d.waitForEvent(
        'friendRequest.updated',
        (e) => e.request.id === sent.request.id && e.request.status === 'cancelled',
      ),
    );
    await a.user.client.api.cancelFriendRequest(sent.request.id);
    await Promise.all(cancelled);
  });

  it('a remark change reaches the owner’s other devices, and only theirs', async () => {
    const a = await twoDevices();
    const b = await twoDevices();
    await f.befriend(a.user, b.user);
    const bEvents = b.devices.map(recordEvents);
    const updated = a.devices.map((d) =>
      d.waitForEvent('friend.updated', (e) => e.friend.user.id === b.user.id && e.friend.remark === '老同学'),
    );
    await a.user.client.api.setRemark(b.user.id, '老同学');
    await Promise.all(updated);
    const barrier = b.devices.map((d) => d.waitForEvent('friend.removed'));
    await a.user.client.api.deleteFriend(b.user.id);
    await Promise.all(barrier);
    for (const events of bEvents) {
      expect(events.map((e) => e.type)).toContain('friend.removed');
      expect(events.filter((e) => e.type === 'friend.updated')).toEqual([]);
    }
  });

  it('deleting a friend tells every device of both users', async () => {
    const a = await twoDevices();
    const b = await twoDevices();
    await f.befriend(a.user, b.user);
    const removed = [
      ...a.devices.map((d) => d.waitForEvent('friend.removed', (e) => e.userId === b.user.id)),
      ...b.devices.map((d) => d.waitForEvent('friend.removed', (e) => e.userId === a.user.id)),
    ];
    await b.user.client.api.deleteFriend(a.user.id);
    await Promise.all(removed);
  });

  it('blocking and unblocking reach the blocker’s other devices; the blocked user hears nothing', async () => {
    const a = await twoDevices();
    const b = await twoDevices();
    await f.befriend(a.user, b.user);
    const bEvents = b.devices.map(recordEvents);
    const blocked = a.devices.map((d) =>
      d.waitForEvent('block.updated', (e) => e.user.id === b.user.id && e.blocked),
    );
    await a.user.client.api.block(b.user.id);
    await Promise.all(blocked);
    const unblocked = a.devices.map((d) =>
      d.waitForEvent('block.updated', (e) => e.user.id === b.user.id && !e.blocked),
    );
    await a.user.client.api.unblock(b.user.id);
    await Promise.all(unblocked);
    const barrier = b.devices.map((d) => d.waitForEvent('friend.updated'));
    await b.user.client.api.setRemark(a.user.id, 'x');
    await Promise.all(barrier);
    for (const events of bEvents) {
      expect(events.map((e) => e.type)).toContain('friend.updated');
      expect(events.filter((e) => e.type === 'block.updated')).toEqual([]);
    }
  });
});
