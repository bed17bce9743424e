import type { LiaoClient } from '@liao/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { makeSyncFixtures, nextSynced, type SyncUser, until } from '../../support/sync-fixtures';

describeEachStore('SDK: accepting a friend request reads the chat it opens', (storeKind) => {
  let t: TestServer;
  const f = makeSyncFixtures(() => t.url);
  beforeAll(async () => {
    t = await startTestServer(storeKind);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  /** A device of the user with a local store, connected and synced. */
  async function syncedDevice(user: SyncUser): Promise<LiaoClient> {
    const { client } = f.device(await f.signIn(user));
    const synced = nextSynced(client);
    await client.connect();
    await synced;
    return client;
  }

  const chatWith = (client: LiaoClient, peerId: string) =>
    client.getConversations().find((c) => c.kind === 'direct' && c.peerId === peerId);

  it('[#7] the greeting, read on the request, is not left unread here, on other devices, or to the one who asked', async () => {
    const asker = await f.makeUser();
    const accepter = await f.makeUser();
    const device = await syncedDevice(accepter);
    const { request } = await asker.api.api.sendFriendRequest(accepter.id, '我是小王');

    await device.acceptFriendRequest(request.id);
    // The greeting (seq 1) and "you are now friends" (seq 2), both read.
    await until(
      device,
      () => chatWith(device, asker.id)?.readSeq === 2 && chatWith(device, asker.id)?.unreadCount === 0,
      'the new chat read up to its friendship line',
    );
    expect(device.getUnreadTotal()).toEqual({ total: 0, muted: 0 });

    // The read reached the server: a device signing in now sees the chat read too.
    const other = await syncedDevice(accepter);
    await until(other, () => chatWith(other, asker.id)?.unreadCount === 0, 'the chat read on another device');
    expect(chatWith(other, asker.id)).toMatchObject({ readSeq: 2, unreadCount: 0, markedUnread: false });
    // The one who asked never had anything unread: the greeting is theirs, the line a system one.
    const askerDevice = await syncedDevice(asker);
    expect(chatWith(askerDevice, accepter.id)).toMatchObject({ lastSeq: 2, readSeq: 1, unreadCount: 0 });
  });

  it('what the friend writes after becoming friends stays unread', async () => {
    const asker = await f.makeUser();
    const accepter = await f.makeUser();
    const device = await syncedDevice(accepter);
    const { request } = await asker.api.api.sendFriendRequest(accepter.id, '');
    await device.acceptFriendRequest(request.id);
    await until(
      device,
      () => chatWith(device, asker.id)?.readSeq === 1,
      'the chat read up to its friendship line',
    );

    const chatId = await asker.api.api.openDirect(accepter.id);
    const sender = await f.connected(asker.token);
    await sender.request('message.send', {
      conversationId: chatId,
      clientId: `accept${process.pid}xhello`,
      content: { kind: 'text', text: '在吗？' },
    });
    await until(device, () => chatWith(device, asker.id)?.unreadCount === 1, 'the friend’s message unread');
    expect(chatWith(device, asker.id)).toMatchObject({ lastSeq: 2, readSeq: 1 });
  });
});
