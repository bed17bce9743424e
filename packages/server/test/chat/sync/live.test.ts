import type { LiaoClient } from '@liao/client';
import type { Message } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import {
  makeSyncFixtures,
  nextSynced,
  oneTo,
  recordRequests,
  serverHistory,
  storedMessages,
  until,
} from '../../support/sync-fixtures';

let sent = 0;
async function send(client: LiaoClient, conversationId: string, text: string): Promise<Message> {
  const { message } = await client.request('message.send', {
    conversationId,
    clientId: `live${process.pid}x${++sent}xabc`,
    content: { kind: 'text', text },
  });
  return message;
}

describeEachStore('SDK sync: live messages, gaps, read marks, the outbox', (storeKind) => {
  let t: TestServer;
  const f = makeSyncFixtures(() => t.url);
  beforeAll(async () => {
    t = await startTestServer(storeKind);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  /** Two friends: A sends over a plain connection, B's device keeps a store and is synced. */
  async function pair(options: Parameters<typeof f.device>[1] = {}) {
    const a = await f.makeUser();
    const b = await f.makeUser();
    const conversationId = await f.befriend(a, b);
    const sender = await f.connected(a.token);
    const device = f.device(b.token, options);
    const synced = nextSynced(device.client);
    await device.client.connect();
    await synced;
    await device.client.whenSynced();
    return { a, b, conversationId, sender, ...device };
  }

  it('[SYNC first] a first sync stores every conversation with its newest messages and the cursor', async () => {
    const { b, conversationId, sender, client, store } = await pair();
    const conversation = client.getConversation(conversationId);
    expect(conversation).toMatchObject({
      id: conversationId,
      lastSeq: 2,
      kind: 'direct',
      peerId: sender.userId,
    });
    expect((await storedMessages(client, conversationId)).map((m) => m.seq)).toEqual([1, 2]);
    expect(await store.getSyncCursor()).toBeGreaterThan(0);
    expect(await store.getOwner()).toBe(b.id);
    expect(client.getConversations().map((c) => c.id)).toEqual([conversationId]);
    expect(client.hasOlder(conversationId)).toBe(false);
  });

  it('[SYNC live] a live message with the next seq is stored at once, with no request', async () => {
    const { conversationId, sender, client } = await pair();
    const requests = recordRequests(client);
    const m = await send(sender, conversationId, '在吗？');
    await until(client, () => client.getConversation(conversationId)?.lastSeq === 3, 'seq 3');
    expect(await storedMessages(client, conversationId)).toContainEqual(m);
    // The greeting and the message; 你们已成为好友 is not unread.
    expect(client.getConversation(conversationId)).toMatchObject({ lastMessage: m, unreadCount: 2 });
    expect(requests).toEqual([]);
  });

  it('[SYNC gap] a lost live event is noticed by the next seq, and exactly the missing message is fetched', async () => {
    const { conversationId, sender, client, sockets } = await pair();
    const requests = recordRequests(client);
    sockets.drop = (frame) =>
      frame.type === 'event' && frame.event.type === 'message.new' && frame.event.message.seq === 3;
    await send(sender, conversationId, 'lost on the way');
    await send(sender, conversationId, 'arrives');
    await until(client, () => client.getConversation(conversationId)?.lastSeq === 4, 'seq 4');
    await client.whenSynced();
    expect(sockets.dropped).toHaveLength(1);
    expect(requests).toEqual([{ op: 'history', body: { conversationId, after: 2, limit: 1 } }]);
    expect(await storedMessages(client, conversationId)).toEqual(await serverHistory(sender, conversationId));
  });

  it('[SYNC gap] 150 lost events are fetched in pages of at most 100, exactly the missing range', async () => {
    const { conversationId, sender, client, sockets } = await pair();
    const requests = recordRequests(client);
    sockets.drop = (frame) =>
      frame.type === 'event' && frame.event.type === 'message.new' && frame.event.message.seq <= 152;
    for (const i of oneTo(150)) await send(sender, conversationId, `lost ${i}`);
    await until(client, () => sockets.dropped.length === 150, '150 dropped frames');
    await send(sender, conversationId, 'the one that shows the jump');
    await until(client, () => client.getConversation(conversationId)?.lastSeq === 153, 'seq 153');
    await client.whenSynced();
    expect(requests).toEqual([
      { op: 'history', body: { conversationId, after: 2, limit: 100 } },
      { op: 'history', body: { conversationId, after: 102, limit: 50 } },
    ]);
    const stored = await storedMessages(client, conversationId);
    expect(stored.map((m) => m.seq)).toEqual(oneTo(153));
    expect(stored).toEqual(await serverHistory(sender, conversationId));
  });

  it('[SYNC idempotent] a message seen live and again in a sync is stored once', async () => {
    const { conversationId, sender, client } = await pair();
    const m = await send(sender, conversationId, 'twice');
    await until(client, () => client.getConversation(conversationId)?.lastSeq === 3, 'seq 3');
    const synced = nextSynced(client);
    await client.syncNow();
    await synced;
    const stored = await storedMessages(client, conversationId);
    expect(stored.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(stored[2]).toEqual(m);
  });

  it('[SYNC reconnect] after a dropped link the device syncs from its cursor and gets what it missed', async () => {
    const { conversationId, sender, client, sockets } = await pair();
    const requests = recordRequests(client);
    sockets.offline = true;
    await sockets.cut();
    await until(client, () => client.connectionState === 'reconnecting', 'the drop');
    for (const i of oneTo(5)) await send(sender, conversationId, `while away ${i}`);
    const synced = nextSynced(client);
    sockets.offline = false;
    await synced;
    await client.whenSynced();
    expect(requests.map((r) => r.op)).toEqual(['sync']);
    expect(requests[0]?.body).toMatchObject({ cursor: expect.any(Number) });
    expect((await storedMessages(client, conversationId)).map((m) => m.seq)).toEqual(oneTo(7));
  });

  it('[SYNC changed] a burst of conversation.changed events costs at most two syncs', async () => {
    const { conversationId, client } = await pair();
    const requests = recordRequests(client);
    const synced = nextSynced(client);
    for (let i = 0; i < 10; i++) client.syncNow().catch(() => {});
    await synced;
    await client.whenSynced();
    expect(requests.filter((r) => r.op === 'sync').length).toBeLessThanOrEqual(2);
    expect(client.getConversation(conversationId)?.lastSeq).toBe(2);
  });

  it('[SYNC older] loadOlder pages backwards only when asked, until the first message', async () => {
    const a = await f.makeUser();
    const b = await f.makeUser();
    const conversationId = await f.befriend(a, b);
    const sender = await f.connected(a.token);
    for (const i of oneTo(60)) await send(sender, conversationId, `old ${i}`);
    const { client } = f.device(b.token, { sync: { limit: 20 } });
    const requests = recordRequests(client);
    const synced = nextSynced(client);
    await client.connect();
    await synced;
    await client.whenSynced();
    expect((await storedMessages(client, conversationId)).map((m) => m.seq)).toEqual(oneTo(62).slice(42));
    expect(requests.map((r) => r.op)).toEqual(['sync']);
    expect(client.hasOlder(conversationId)).toBe(true);
    expect(await client.loadOlder(conversationId, 25)).toBe(25);
    expect(await client.loadOlder(conversationId, 25)).toBe(17);
    expect(client.hasOlder(conversationId)).toBe(false);
    expect(await client.loadOlder(conversationId, 25)).toBe(0);
    expect(requests.slice(1).map((r) => r.body)).toEqual([
      { conversationId, before: 43, limit: 25 },
      { conversationId, before: 18, limit: 17 },
    ]);
    expect(await storedMessages(client, conversationId)).toEqual(await serverHistory(sender, conversationId));
  });

  it('[SYNC read] markRead updates the unread count at once, sends one read mark, and other devices hear of it', async () => {
    const { b, conversationId, sender, client } = await pair();
    for (const i of oneTo(3)) await send(sender, conversationId, `unread ${i}`);
    await until(client, () => client.getConversation(conversationId)?.lastSeq === 5, 'seq 5');
    const other = f.device(await f.signIn(b));
    const otherSynced = nextSynced(other.client);
    await other.client.connect();
    await otherSynced;
    expect(other.client.getConversation(conversationId)?.unreadCount).toBe(4);
    const requests = recordRequests(client);
    client.markRead(conversationId, 3);
    client.markRead(conversationId, 5);
    client.markRead(conversationId, 4);
    expect(client.getConversation(conversationId)).toMatchObject({ readSeq: 5, unreadCount: 0 });
    expect(client.getUnreadTotal()).toEqual({ total: 0, muted: 0 });
    await until(
      other.client,
      () => other.client.getConversation(conversationId)?.readSeq === 5,
      'read on the other device',
    );
    expect(other.client.getConversation(conversationId)?.unreadCount).toBe(0);
    expect(requests).toEqual([{ op: 'read', body: { conversationId, seq: 5 } }]);
  });

  it('[OUTBOX] sendText shows an echo, the ack turns it into the stored message, and the peer gets it', async () => {
    const { conversationId, sender, client } = await pair();
    const peerDevice = f.device(sender.api.http.token ?? '');
    const peerSynced = nextSynced(peerDevice.client);
    await peerDevice.client.connect();
    await peerSynced;
    const sentEvent = new Promise<{ clientId: string; message: Message }>((resolve) => {
      const off = client.on('sent', (s) => {
        off();
        resolve(s);
      });
    });
    const item = await client.sendText(conversationId, '收到 👍');
    const echo = await client.getTimeline(conversationId);
    expect(echo.at(-1)).toMatchObject({ kind: 'echo', key: item.clientId, item: { state: 'sending' } });
    const { clientId, message } = await sentEvent;
    expect(clientId).toBe(item.clientId);
    expect(message).toMatchObject({
      seq: 3,
      clientId: item.clientId,
      content: { kind: 'text', text: '收到 👍' },
    });
    const lines = await client.getTimeline(conversationId);
    expect(lines.map((l) => [l.kind, l.key])).toEqual([
      ['message', expect.any(String)],
      ['message', expect.any(String)],
      ['message', item.clientId],
    ]);
    expect(client.getOutbox()).toEqual([]);
    expect(client.getConversation(conversationId)).toMatchObject({ lastSeq: 3, readSeq: 3, unreadCount: 0 });
    await until(
      peerDevice.client,
      () => peerDevice.client.getConversation(conversationId)?.lastSeq === 3,
      'peer',
    );
    expect((await storedMessages(peerDevice.client, conversationId)).at(-1)).toEqual(message);
  });

  it('[OUTBOX give up] a send the server refuses is marked failed with its code', async () => {
    const { a, b, conversationId, client } = await pair();
    await b.api.api.deleteFriend(a.id);
    await client.sendText(conversationId, 'are you there?');
    await until(client, () => client.getOutbox()[0]?.state === 'failed', 'the refusal');
    expect(client.getOutbox()[0]?.error?.code).toBe('NOT_FRIENDS');
  });
});
