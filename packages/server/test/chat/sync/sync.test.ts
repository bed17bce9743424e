import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeChatPair, sendText } from '../../support/chat-fixtures';
import { makeFixtures } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

describeEachStore('sync', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  it('a first sync lists every conversation with its newest messages; with nothing new the cursor stays and nothing comes', async () => {
    const { a, conversationId } = await makeChatPair(f);
    const first = await a.client.request('sync', { cursor: null });
    expect(first.more).toBe(false);
    expect(first.conversations).toHaveLength(1);
    const [entry] = first.conversations;
    expect(entry?.conversation).toMatchObject({
      id: conversationId,
      kind: 'direct',
      lastSeq: 2,
      active: true,
    });
    expect(entry?.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(entry?.limited).toBe(false);
    const again = await a.client.request('sync', { cursor: first.cursor });
    expect(again).toEqual({ cursor: first.cursor, resume: null, conversations: [], more: false });
  });

  it('a delta sync brings only what changed since the cursor, with the messages after it', async () => {
    const { a, b, conversationId } = await makeChatPair(f);
    const other = await makeChatPair(f);
    const base = await b.client.request('sync', { cursor: null });
    await sendText(a.client, conversationId, 'new 1');
    await sendText(a.client, conversationId, 'new 2');
    await sendText(other.a.client, other.conversationId, 'elsewhere, not for b');
    const delta = await b.client.request('sync', { cursor: base.cursor });
    expect(delta.conversations.map((c) => c.conversation.id)).toEqual([conversationId]);
    expect(delta.conversations[0]?.messages.map((m) => m.seq)).toEqual([3, 4]);
    expect(delta.conversations[0]?.limited).toBe(false);
    expect(delta.cursor).toBeGreaterThan(base.cursor);
  });

  it('marks `limited` when more changed messages exist than the limit, and paging fills exactly the rest', async () => {
    const { a, b, conversationId } = await makeChatPair(f);
    const base = await b.client.request('sync', { cursor: null });
    for (let i = 0; i < 12; i++) await sendText(a.client, conversationId, `m${i}`);
    const delta = await b.client.request('sync', { cursor: base.cursor, limit: 5 });
    const entry = delta.conversations[0];
    expect(entry?.limited).toBe(true);
    expect(entry?.messages.map((m) => m.seq)).toEqual([10, 11, 12, 13, 14]);
    const rest = await b.client.request('history', { conversationId, after: 2, limit: 7 });
    expect(rest.messages.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('a reply split for size continues from `resume` with the original cursor: nothing changed since it is skipped', async () => {
    const first = await makeChatPair(f);
    const reader = first.b;
    const chats = [first];
    for (let i = 0; i < 4; i++) {
      const other = await f.makeUser();
      const sent = await other.client.api.sendFriendRequest(reader.id, 'hi');
      await reader.client.api.acceptFriendRequest(sent.request.id);
      await other.client.connect();
      chats.push({ a: other, b: reader, conversationId: await other.client.api.openDirect(reader.id) });
    }
    const base = await reader.client.request('sync', { cursor: null });
    // Interleaved, so that each chat's missed messages sit between the others' in position order;
    // about 5 KB each, so that 5 × 100 of them are more than one reply may carry (2 MiB).
    const big = 'x'.repeat(4990);
    for (let k = 0; k < 100; k++) {
      await Promise.all(chats.map((c) => sendText(c.a.client, c.conversationId, `${big}${k}`)));
    }
    const seqs = new Map<string, number[]>();
    let reply = await reader.client.request('sync', { cursor: base.cursor, limit: 100 });
    let replies = 1;
    for (;;) {
      for (const c of reply.conversations) {
        expect(c.limited).toBe(false);
        seqs.set(c.conversation.id, [
          ...(seqs.get(c.conversation.id) ?? []),
          ...c.messages.map((m) => m.seq),
        ]);
      }
      if (!reply.more) break;
      expect(reply.cursor).toBe(base.cursor);
      expect(reply.resume).not.toBeNull();
      reply = await reader.client.request('sync', { cursor: base.cursor, limit: 100, resume: reply.resume! });
      replies++;
    }
    expect(replies).toBeGreaterThan(1);
    for (const c of chats) {
      const got = [...new Set(seqs.get(c.conversationId))].sort((x, y) => x - y);
      expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i + 3));
    }
    expect(reply.cursor).toBeGreaterThan(base.cursor);
    const after = await reader.client.request('sync', { cursor: reply.cursor });
    expect(after.conversations).toEqual([]);
  });

  it('your read mark moving (on another device) and the other side reading both reach you by sync', async () => {
    const { a, b, conversationId } = await makeChatPair(f);
    const base = await a.client.request('sync', { cursor: null });
    await b.client.request('read', { conversationId, seq: 2 });
    const afterPeer = await a.client.request('sync', { cursor: base.cursor });
    expect(afterPeer.conversations[0]?.conversation).toMatchObject({ peerReadSeq: 2 });
    expect(afterPeer.conversations[0]?.messages).toEqual([]);
    const bBase = await b.client.request('sync', { cursor: null });
    const bOther = await f.addDevice(b);
    await bOther.request('read', { conversationId, seq: 2 }); // already there: nothing changes
    expect((await b.client.request('sync', { cursor: bBase.cursor })).conversations).toEqual([]);
  });
});
