import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullHistory, makeChatPair, newClientId, sendText } from '../../support/chat-fixtures';
import { makeFixtures, recordEvents } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { openSocket } from '../../support/sockets';

describeEachStore('messages', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  describe('one-to-one chats', () => {
    it('accepting a request opens the chat: the greeting from the one who asked is seq 1, then a system line', async () => {
      const { a, conversationId } = await makeChatPair(f, '你好，我是小明 👋');
      const history = await fullHistory(a.client, conversationId);
      expect(history.map((m) => [m.seq, m.senderId, m.content])).toEqual([
        [1, a.id, { kind: 'text', text: '你好，我是小明 👋' }],
        [2, null, { kind: 'system', event: { type: 'friends.started' } }],
      ]);
    });

    it('a send is acknowledged with the next seq, and reaches the peer and the sender’s other device live', async () => {
      const { a, b, conversationId } = await makeChatPair(f);
      const aOther = await f.addDevice(a);
      const toPeer = b.client.waitForEvent('message.new', (e) => e.message.conversationId === conversationId);
      const toOther = aOther.waitForEvent('message.new', (e) => e.message.conversationId === conversationId);
      const sent = await sendText(a.client, conversationId, 'hello 🌏');
      expect(sent).toMatchObject({ seq: 3, senderId: a.id, content: { kind: 'text', text: 'hello 🌏' } });
      expect((await toPeer).message).toEqual(sent);
      expect((await toOther).message).toEqual(sent);
    });

    it('[MSG idempotent] resending a client id returns the first acknowledgement and never a second message', async () => {
      const { a, b, conversationId } = await makeChatPair(f);
      const clientId = newClientId();
      const first = await sendText(a.client, conversationId, 'once', clientId);
      const events = recordEvents(b.client);
      const again = await Promise.all(
        [1, 2, 3].map(() => sendText(a.client, conversationId, 'once', clientId)),
      );
      for (const m of again) expect(m).toEqual(first);
      const markerArrived = b.client.waitForEvent(
        'message.new',
        (e) => e.message.content.kind === 'text' && e.message.content.text === 'marker',
      );
      const marker = await sendText(a.client, conversationId, 'marker');
      await markerArrived;
      expect(
        events.filter((e) => e.type === 'message.new').map((e) => e.type === 'message.new' && e.message.seq),
      ).toEqual([marker.seq]);
      const history = await fullHistory(b.client, conversationId);
      expect(history.filter((m) => m.clientId === clientId)).toHaveLength(1);
      expect(marker.seq).toBe(first.seq + 1);
    });

    it('resending a client id with other content is refused with CLIENT_ID_REUSED and stores nothing', async () => {
      const { a, conversationId } = await makeChatPair(f);
      const clientId = newClientId();
      const first = await sendText(a.client, conversationId, 'original', clientId);
      await expect(sendText(a.client, conversationId, 'changed', clientId)).rejects.toMatchObject({
        code: 'CLIENT_ID_REUSED',
      });
      const history = await fullHistory(a.client, conversationId);
      expect(history.at(-1)).toEqual(first);
    });

    it('[MSG order] concurrent sends from both sides and two devices are numbered 1…N with no gap, the same for everyone', async () => {
      const { a, b, conversationId } = await makeChatPair(f);
      const a2 = await f.addDevice(a);
      const senders = [a.client, b.client, a2];
      const sends = Array.from({ length: 60 }, (_, i) =>
        sendText(senders[i % senders.length]!, conversationId, `m${i}`),
      );
      const acks = await Promise.all(sends);
      const seqs = acks.map((m) => m.seq).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 3));
      const fromA = await fullHistory(a.client, conversationId);
      const fromB = await fullHistory(b.client, conversationId);
      expect(fromA.map((m) => m.seq)).toEqual(Array.from({ length: 62 }, (_, i) => i + 1));
      expect(fromB).toEqual(fromA);
    });

    it('sends pipelined on one connection are stored in the order they were sent', async () => {
      const { a, conversationId } = await makeChatPair(f);
      const socket = await openSocket(t.url, { token: a.token });
      await socket.next((fr) => fr.type === 'hello');
      for (let i = 0; i < 40; i++) {
        socket.send({
          type: 'req',
          id: `p${i}`,
          op: 'message.send',
          body: { conversationId, clientId: newClientId(), content: { kind: 'text', text: `p${i}` } },
        });
      }
      for (let i = 0; i < 40; i++) await socket.next((fr) => fr.type === 'res' && fr.id === `p${i}`);
      socket.close();
      const texts = (await fullHistory(a.client, conversationId))
        .slice(2)
        .map((m) => (m.content.kind === 'text' ? m.content.text : ''));
      expect(texts).toEqual(Array.from({ length: 40 }, (_, i) => `p${i}`));
    });

    it('after a friend is deleted the history stays readable but sending is refused until they are friends again', async () => {
      const { a, b, conversationId } = await makeChatPair(f);
      await sendText(a.client, conversationId, 'before');
      await a.client.api.deleteFriend(b.id);
      await expect(sendText(b.client, conversationId, 'after')).rejects.toMatchObject({
        code: 'NOT_FRIENDS',
      });
      await expect(sendText(a.client, conversationId, 'after')).rejects.toMatchObject({
        code: 'NOT_FRIENDS',
      });
      expect((await fullHistory(b.client, conversationId)).at(-1)?.content).toEqual({
        kind: 'text',
        text: 'before',
      });
      await f.befriend(a, b);
      expect(await a.client.api.openDirect(b.id)).toBe(conversationId);
      const again = await sendText(b.client, conversationId, 'friends again');
      expect(again.seq).toBeGreaterThan(3);
    });

    it('a user who blocked you refuses your messages (MESSAGE_REFUSED); they can still write to you', async () => {
      const { a, b, conversationId } = await makeChatPair(f);
      await b.client.api.block(a.id);
      await expect(sendText(a.client, conversationId, 'hello?')).rejects.toMatchObject({
        code: 'MESSAGE_REFUSED',
      });
      const fromB = await sendText(b.client, conversationId, 'I can write');
      expect((await fullHistory(a.client, conversationId)).at(-1)).toEqual(fromB);
    });

    it('someone outside the chat can neither read, send nor mark it read: CONVERSATION_NOT_FOUND, as for an unknown id', async () => {
      const { conversationId } = await makeChatPair(f);
      const stranger = await f.makeUser();
      await stranger.client.connect();
      for (const attempt of [
        () => stranger.client.request('history', { conversationId }),
        () => sendText(stranger.client, conversationId, 'let me in'),
        () => stranger.client.request('read', { conversationId, seq: 1 }),
        () => stranger.client.request('typing', { conversationId }),
      ]) {
        await expect(attempt()).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
      }
      await expect(
        stranger.client.request('history', { conversationId: '01900000-0000-7000-8000-000000000000' }),
      ).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    });
  });

  describe('history', () => {
    it('pages backwards and forwards by seq, at most the limit a page, with hasMore', async () => {
      const { a, conversationId } = await makeChatPair(f);
      for (let i = 0; i < 8; i++) await sendText(a.client, conversationId, `h${i}`);
      // seqs 1..10
      const newest = await a.client.request('history', { conversationId, limit: 4 });
      expect(newest.messages.map((m) => m.seq)).toEqual([7, 8, 9, 10]);
      expect(newest.hasMore).toBe(true);
      const older = await a.client.request('history', { conversationId, before: 7, limit: 4 });
      expect(older.messages.map((m) => m.seq)).toEqual([3, 4, 5, 6]);
      const oldest = await a.client.request('history', { conversationId, before: 3, limit: 4 });
      expect(oldest).toMatchObject({ hasMore: false });
      expect(oldest.messages.map((m) => m.seq)).toEqual([1, 2]);
      const forward = await a.client.request('history', { conversationId, after: 2, limit: 3 });
      expect(forward.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
      expect(forward.hasMore).toBe(true);
      const end = await a.client.request('history', { conversationId, after: 8, limit: 3 });
      expect(end.messages.map((m) => m.seq)).toEqual([9, 10]);
      expect(end.hasMore).toBe(false);
      const past = await a.client.request('history', { conversationId, after: 10 });
      expect(past).toEqual({ messages: [], hasMore: false });
    });
  });

  describe('read state', () => {
    it('read marks move forward only, stop at the last message, and show as 已读 on the sender’s side', async () => {
      const { a, b, conversationId } = await makeChatPair(f);
      const m = await sendText(a.client, conversationId, 'did you read this?');
      const seenByA = a.client.waitForEvent('read.updated', (e) => e.userId === b.id && e.readSeq === m.seq);
      expect(await b.client.request('read', { conversationId, seq: m.seq + 50 })).toEqual({ readSeq: m.seq });
      await seenByA;
      expect(await b.client.request('read', { conversationId, seq: 1 })).toEqual({ readSeq: m.seq });
      const sync = await a.client.request('sync', { cursor: null });
      const view = sync.conversations.find((c) => c.conversation.id === conversationId)?.conversation;
      expect(view).toMatchObject({ peerReadSeq: m.seq, readSeq: m.seq, unreadCount: 0 });
    });

    it('unread counts what arrived after the read mark; sending reads your own chat up to your message', async () => {
      const { a, b, conversationId } = await makeChatPair(f);
      // seq 1 (greeting from a), 2 (system): nothing read by b yet
      await sendText(a.client, conversationId, 'one');
      await sendText(a.client, conversationId, 'two');
      const viewOf = async (user: typeof a) =>
        (await user.client.request('sync', { cursor: null })).conversations.find(
          (c) => c.conversation.id === conversationId,
        )?.conversation;
      // The system line is not unread.
      expect(await viewOf(b)).toMatchObject({ lastSeq: 4, readSeq: 0, unreadCount: 3 });
      expect(await viewOf(a)).toMatchObject({ lastSeq: 4, readSeq: 4, unreadCount: 0 });
      await b.client.request('read', { conversationId, seq: 3 });
      expect(await viewOf(b)).toMatchObject({ readSeq: 3, unreadCount: 1 });
      const reply = await sendText(b.client, conversationId, 'reply');
      expect(await viewOf(b)).toMatchObject({ readSeq: reply.seq, unreadCount: 0 });
    });
  });
});
