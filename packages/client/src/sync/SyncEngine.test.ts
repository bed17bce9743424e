import type { Conversation, Message, RequestOp } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { RateWindow } from '../connection/pacer';
import { LiaoError } from '../errors';
import { MemoryStore } from '../store/MemoryStore';
import { C1, C2, makeConversation, makeMessage, TEST_USER } from '../testing';
import { type Requester, SyncEngine } from './SyncEngine';

/**
 * A stand-in for the server's sync and history (sync/rules.ts, messages/rules.ts) over a few
 * conversations whose messages take positions from one counter, as on the server.
 */
class FakeServer {
  pos = 0;
  readonly messages = new Map<string, Message[]>();
  readonly calls: { op: RequestOp; body: Record<string, unknown> }[] = [];
  /** Sync calls wait on this when set (to hold a sync in flight). */
  gate: Promise<void> | null = null;

  add(conversationId: string, count: number, text?: string): Message[] {
    const list = this.messages.get(conversationId) ?? [];
    this.messages.set(conversationId, list);
    const added: Message[] = [];
    for (let i = 0; i < count; i++) {
      const m = makeMessage(conversationId, list.length + 1, {
        pos: ++this.pos,
        id: `${conversationId}-${list.length + 1}`,
        ...(text ? { content: { kind: 'text', text } } : {}),
      });
      list.push(m);
      added.push(m);
    }
    return added;
  }

  view(id: string): Conversation {
    const list = this.messages.get(id) ?? [];
    const last = list.at(-1) ?? null;
    return makeConversation(id, {
      lastSeq: list.length,
      lastMessage: last,
      lastMessageAt: last?.createdAt ?? null,
      unreadCount: list.length,
      peerReadSeq: list.length,
      pos: last?.pos ?? 1,
    });
  }

  /** Goes back to the store as it was at `pos` (a restore from a backup taken then). */
  restore(pos: number): void {
    this.pos = pos;
    for (const [id, list] of this.messages) {
      const kept = list.filter((m) => m.pos <= pos);
      if (kept.length > 0) this.messages.set(id, kept);
      else this.messages.delete(id);
    }
  }

  readonly request: Requester = (async (op: RequestOp, body: Record<string, unknown>) => {
    this.calls.push({ op, body });
    if (op === 'sync') {
      if (this.gate) await this.gate;
      const cursor = body.cursor as number | null;
      // As the server does (sync/rules.ts checkCursorKnown).
      if ((cursor ?? 0) > this.pos) throw new LiaoError('SYNC_CURSOR_UNKNOWN', 0, 'unknown cursor');
      const limit = body.limit as number;
      const conversations = [...this.messages.keys()]
        .filter((id) => cursor === null || this.view(id).pos > cursor)
        .map((id) => {
          const changed = (this.messages.get(id) ?? []).filter((m) => cursor === null || m.pos > cursor);
          return {
            conversation: this.view(id),
            messages: changed.slice(-limit),
            limited: changed.length > limit,
          };
        });
      return { cursor: this.pos, conversations, more: false };
    }
    if (op === 'history') {
      const list = this.messages.get(body.conversationId as string) ?? [];
      const limit = body.limit as number;
      if (body.after !== undefined) {
        const rest = list.filter((m) => m.seq > (body.after as number));
        return { messages: rest.slice(0, limit), hasMore: rest.length > limit };
      }
      const below = list.filter(
        (m) => m.seq < ((body.before as number | undefined) ?? Number.POSITIVE_INFINITY),
      );
      return { messages: below.slice(-limit), hasMore: below.length > limit };
    }
    if (op === 'read') return { readSeq: body.seq };
    throw new Error(`unexpected ${op}`);
  }) as Requester;
}

async function setup(options: ConstructorParameters<typeof SyncEngine>[4] = {}) {
  const server = new FakeServer();
  const store = new MemoryStore();
  const engine = new SyncEngine(store, server.request, () => true, new RateWindow(1000, 1000), options);
  await engine.load();
  engine.setUser(TEST_USER);
  return { server, store, engine };
}

const seqs = async (store: MemoryStore, id: string) => (await store.listMessages(id)).map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('sync engine', () => {
  it('a first sync stores conversations, their newest messages and the cursor; whole histories are complete', async () => {
    const { server, store, engine } = await setup({ limit: 5 });
    server.add(C1, 3);
    server.add(C2, 8);
    await engine.requestSync();
    expect(await seqs(store, C1)).toEqual([1, 2, 3]);
    expect(await seqs(store, C2)).toEqual([4, 5, 6, 7, 8]);
    expect(engine.get(C1)?.known).toEqual([[0, 3]]);
    expect(engine.get(C2)?.known).toEqual([[4, 8]]);
    expect(engine.hasOlder(C1)).toBe(false);
    expect(engine.hasOlder(C2)).toBe(true);
    expect(await store.getSyncCursor()).toBe(11);
    expect((await store.getConversation(C2))?.conversation).toEqual(server.view(C2));
  });

  it('a limited sync leaves a hole that fillGaps fetches with one page of exactly its size', async () => {
    const { server, store, engine } = await setup({ limit: 5, fillGaps: true });
    server.add(C1, 2);
    await engine.requestSync();
    server.add(C1, 30);
    server.calls.length = 0;
    await engine.requestSync();
    await engine.whenIdle();
    expect(server.calls.map((c) => [c.op, c.body])).toEqual([
      ['sync', { cursor: 2, limit: 5 }],
      ['history', { conversationId: C1, before: 28, limit: 25 }],
    ]);
    expect(await seqs(store, C1)).toEqual(range(1, 32));
    expect(engine.get(C1)?.known).toEqual([[0, 32]]);
  });

  it('live messages in order are stored without a request; a jump fetches exactly what is missing first', async () => {
    const { server, store, engine } = await setup();
    server.add(C1, 2);
    await engine.requestSync();
    server.calls.length = 0;
    const [m3, m4, m5, m6] = server.add(C1, 4) as [Message, Message, Message, Message];
    await engine.applyLive(m3);
    expect(server.calls).toEqual([]);
    await engine.applyLive(m6);
    expect(server.calls).toEqual([{ op: 'history', body: { conversationId: C1, after: 3, limit: 2 } }]);
    expect(await seqs(store, C1)).toEqual(range(1, 6));
    // Late arrivals of what was fetched change nothing.
    await engine.applyLive(m4);
    await engine.applyLive(m5);
    expect(server.calls).toHaveLength(1);
    expect(engine.get(C1)?.conversation).toMatchObject({ lastSeq: 6, lastMessage: m6, unreadCount: 6 });
  });

  it('a live message of a conversation not yet known asks for a sync, which brings it', async () => {
    const { server, store, engine } = await setup();
    const [m1] = server.add(C1, 1) as [Message];
    engine.onEvent({ type: 'message.new', message: m1 });
    await engine.whenIdle();
    expect(server.calls.map((c) => c.op)).toEqual(['sync']);
    expect(await seqs(store, C1)).toEqual([1]);
  });

  it('[SYNC coalesce] calls while a sync is in flight share one more sync', async () => {
    const { server, engine } = await setup();
    server.add(C1, 1);
    let open: () => void = () => {};
    server.gate = new Promise((resolve) => {
      open = resolve;
    });
    const first = engine.requestSync();
    const queued = Array.from({ length: 5 }, () => engine.requestSync());
    for (let i = 0; i < 5; i++) engine.onEvent({ type: 'conversation.changed', conversationId: C1, pos: 1 });
    open();
    server.gate = null;
    await Promise.all([first, ...queued]);
    await engine.whenIdle();
    expect(server.calls.filter((c) => c.op === 'sync')).toHaveLength(2);
  });

  it('loadOlder pages backwards from the newest known messages down to the first', async () => {
    const { server, store, engine } = await setup({ limit: 10 });
    server.add(C1, 45);
    await engine.requestSync();
    expect(await engine.loadOlder(C1, 20)).toBe(20);
    expect(await engine.loadOlder(C1, 20)).toBe(15);
    expect(await engine.loadOlder(C1, 20)).toBe(0);
    expect(await seqs(store, C1)).toEqual(range(1, 45));
    expect(engine.get(C1)?.known).toEqual([[0, 45]]);
  });

  it('read marks: shown at once, sent once after a pause with the highest seq, never backwards', async () => {
    const { server, engine } = await setup();
    server.add(C1, 9);
    await engine.requestSync();
    server.calls.length = 0;
    engine.markRead(C1, 4);
    engine.markRead(C1, 7);
    engine.markRead(C1, 5);
    expect(engine.get(C1)?.conversation).toMatchObject({ readSeq: 7, unreadCount: 2 });
    while (server.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await engine.whenIdle();
    expect(server.calls).toEqual([{ op: 'read', body: { conversationId: C1, seq: 7 } }]);
    engine.onEvent({ type: 'read.updated', conversationId: C1, userId: TEST_USER, readSeq: 3, pos: 99 });
    expect(engine.get(C1)?.conversation.readSeq).toBe(7);
  });

  it('mark unread: the waiting read is sent first, before the caller goes on', async () => {
    const { server, engine } = await setup();
    server.add(C1, 6);
    await engine.requestSync();
    server.calls.length = 0;
    engine.markRead(C1, 6);
    await engine.sendPendingRead(C1);
    expect(server.calls).toEqual([{ op: 'read', body: { conversationId: C1, seq: 6 } }]);
    // Nothing is left for the timer to send later.
    await engine.whenIdle();
    await engine.sendPendingRead(C1);
    expect(server.calls).toHaveLength(1);
  });

  it('mark unread: the echo of the earlier read does not clear the mark; a later read does', async () => {
    const { server, engine } = await setup();
    server.add(C1, 6);
    await engine.requestSync();
    const view = server.view(C1);
    await engine.applyServerView({ ...view, readSeq: 6, unreadCount: 0, markedUnread: true, pos: 40 });
    engine.onEvent({ type: 'read.updated', conversationId: C1, userId: TEST_USER, readSeq: 6, pos: 39 });
    expect(engine.get(C1)?.conversation).toMatchObject({ readSeq: 6, markedUnread: true });
    engine.onEvent({ type: 'read.updated', conversationId: C1, userId: TEST_USER, readSeq: 6, pos: 41 });
    expect(engine.get(C1)?.conversation).toMatchObject({ readSeq: 6, markedUnread: false });
  });

  it('[issue 14.7] a cursor the server does not know (restored from a backup): everything synced is dropped and synced again from nothing; the outbox stays', async () => {
    const { server, store, engine } = await setup();
    server.add(C2, 3);
    server.add(C1, 5);
    await engine.requestSync();
    expect(await store.getSyncCursor()).toBe(8);
    const unsent = {
      clientId: 'unsent-0001',
      conversationId: C1,
      content: { kind: 'text' as const, text: 'still to send' },
      createdAt: 1,
      order: 1,
      state: 'sending' as const,
    };
    await store.putOutboxItem(unsent);
    engine.markRead(C1, 5);

    // The server goes back to position 5 (C2's three messages and C1's first two), then moves on.
    server.restore(5);
    server.add(C1, 1, 'after the restore');
    server.calls.length = 0;
    const emitted: string[] = [];
    engine.on('messages', (id) => emitted.push(id));
    await engine.requestSync();

    expect(server.calls.filter((c) => c.op === 'sync').map((c) => c.body.cursor)).toEqual([8, null]);
    expect(await store.getSyncCursor()).toBe(6);
    expect(await seqs(store, C1)).toEqual([1, 2, 3]);
    expect((await store.listMessages(C1)).at(-1)?.content).toEqual({
      kind: 'text',
      text: 'after the restore',
    });
    expect(engine.get(C1)?.conversation).toEqual(server.view(C1));
    expect(engine.get(C1)?.known).toEqual([[0, 3]]);
    expect(await seqs(store, C2)).toEqual([1, 2, 3]);
    expect(await store.listOutbox()).toEqual([unsent]);
    expect(new Set(emitted)).toEqual(new Set([C1, C2]));
    // The read mark named the history as it was: it is not sent into the new one.
    await engine.sendPendingRead(C1);
    expect(server.calls.filter((c) => c.op === 'read')).toEqual([]);
  });

  it('[issue 14.7] starts again only once per sync: a server that refuses even a first sync gets its error back', async () => {
    const { server, engine } = await setup();
    server.add(C1, 2);
    await engine.requestSync();
    server.restore(1);
    server.pos = -1; // refuses every cursor, null included
    await expect(engine.requestSync()).rejects.toMatchObject({ code: 'SYNC_CURSOR_UNKNOWN' });
    engine.stop();
    expect(server.calls.filter((c) => c.op === 'sync').map((c) => c.body.cursor)).toEqual([null, 2, null]);
  });
});
