import type { LiaoClient } from '@liao/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import {
  makeSyncFixtures,
  nextSynced,
  oneTo,
  recordRequests,
  type SyncUser,
  until,
} from '../../support/sync-fixtures';

let sent = 0;
async function send(client: LiaoClient, conversationId: string, text: string): Promise<void> {
  await client.request('message.send', {
    conversationId,
    clientId: `unread${process.pid}x${++sent}xabc`,
    content: { kind: 'text', text },
  });
}

describeEachStore('SDK: marking a chat unread right after reading it', (storeKind) => {
  let t: TestServer;
  const f = makeSyncFixtures(() => t.url);
  beforeAll(async () => {
    t = await startTestServer(storeKind);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  /** B has four unread messages from A (the greeting and three more) on a synced device. */
  async function unreadChat() {
    const a = await f.makeUser();
    const b = await f.makeUser();
    const conversationId = await f.befriend(a, b);
    const sender = await f.connected(a.token);
    for (const i of oneTo(3)) await send(sender, conversationId, `news ${i}`);
    const device = f.device(b.token);
    const synced = nextSynced(device.client);
    await device.client.connect();
    await synced;
    await device.client.whenSynced();
    expect(device.client.getConversation(conversationId)).toMatchObject({ lastSeq: 5, unreadCount: 4 });
    return { a, b, conversationId, sender, client: device.client };
  }

  /** The conversation as a device that signs in now first syncs it: the server's word. */
  async function onAnotherDevice(b: SyncUser, conversationId: string) {
    const other = f.device(await f.signIn(b));
    const synced = nextSynced(other.client);
    await other.client.connect();
    await synced;
    return other.client.getConversation(conversationId);
  }

  it('the read waiting to be sent goes first, so the chat stays marked unread here and on another device', async () => {
    const { b, conversationId, client } = await unreadChat();
    const requests = recordRequests(client);
    client.markRead(conversationId, 5);
    const answer = await client.markUnread(conversationId);
    expect(answer).toMatchObject({ readSeq: 5, unreadCount: 0, markedUnread: true });
    // The read went out before the mark, not left to its timer.
    expect(requests.filter((r) => r.op === 'read')).toEqual([
      { op: 'read', body: { conversationId, seq: 5 } },
    ]);
    expect(client.getConversation(conversationId)).toMatchObject({ readSeq: 5, markedUnread: true });

    // After everything this device had to do (the read's echo, the change's sync), the mark holds.
    await client.whenSynced();
    expect(await onAnotherDevice(b, conversationId)).toMatchObject({ readSeq: 5, markedUnread: true });
    expect(client.getConversation(conversationId)).toMatchObject({ readSeq: 5, markedUnread: true });
    expect(client.getUnreadTotal().total).toBe(1);
  });

  it('a read already on its way is waited for before the mark is sent', async () => {
    const { b, conversationId, client } = await unreadChat();
    // Ask for the mark the moment the read request leaves, while its answer is still to come.
    let marking: Promise<unknown> | null = null;
    const original = client.request.bind(client);
    client.request = ((op, body, timeoutMs) => {
      const result = original(op, body, timeoutMs);
      if (op === 'read') marking ??= client.markUnread(conversationId);
      return result;
    }) as LiaoClient['request'];
    client.markRead(conversationId, 5);
    await until(client, () => marking !== null, 'the read on its way');
    await marking;
    await client.whenSynced();
    expect(await onAnotherDevice(b, conversationId)).toMatchObject({ readSeq: 5, markedUnread: true });
    expect(client.getConversation(conversationId)).toMatchObject({ readSeq: 5, markedUnread: true });
  });

  it('reading the chat after a new message clears the mark, as before', async () => {
    const { b, conversationId, sender, client } = await unreadChat();
    client.markRead(conversationId, 5);
    await client.markUnread(conversationId);
    await send(sender, conversationId, 'one more');
    await until(client, () => client.getConversation(conversationId)?.lastSeq === 6, 'the new message');
    // The sender sees the read arrive (their "read" tick); then the server has it.
    const seen = sender.waitForEvent('read.updated', (e) => e.userId === b.id && e.readSeq === 6);
    client.markRead(conversationId, 6);
    expect(client.getConversation(conversationId)).toMatchObject({ readSeq: 6, markedUnread: false });
    await seen;
    expect(await onAnotherDevice(b, conversationId)).toMatchObject({ readSeq: 6, markedUnread: false });
  });
});
