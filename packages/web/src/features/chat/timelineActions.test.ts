import type { TimelineItem } from '@liao/client';
import type { Conversation, Message } from '@liao/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../app/state/createAppStore';
import { makeMe } from '../../app/state/testBuilders';
import type { Sdk } from '../../app/state/types';
import { HISTORY_PAGE, OPEN_WINDOW, UNREAD_WINDOW_MAX } from './timelineActions';

const CHAT = '01964f5e-8b1c-7a2b-9c3d-0000000000cc';
const PEER = '01964f5e-8b1c-7a2b-9c3d-000000000002';

function message(seq: number): Message {
  return {
    id: `01964f5e-8b1c-7a2b-9c3d-${seq.toString(16).padStart(12, '0')}`,
    conversationId: CHAT,
    seq,
    pos: seq,
    senderId: PEER,
    clientId: null,
    content: { kind: 'text', text: `m${seq}` },
    createdAt: seq * 1000,
  };
}

/**
 * A chat of `total` messages on the server, of which this device stores `stored` seqs. The SDK's
 * rules as LiaoClient keeps them: getTimeline reads the local store (newest `limit`, paged with
 * before/after); hasOlder/loadOlder page the server below the newest gap-free run, at most 100.
 */
class HistoryServer {
  readonly local = new Set<number>();
  failing = false;
  /** Whether the SDK has synced the chat yet (a new device learns of it in its first sync). */
  known = true;
  loads = 0;

  constructor(
    public total: number,
    stored: Iterable<number>,
    public readSeq = total,
  ) {
    for (const seq of stored) this.local.add(seq);
  }

  /** The lowest seq of the run that holds the newest stored message. */
  private topRunStart(): number {
    let seq = Math.max(0, ...this.local);
    while (this.local.has(seq - 1)) seq--;
    return seq;
  }

  conversation(): Conversation {
    return {
      id: CHAT,
      kind: 'direct',
      name: null,
      peerId: PEER,
      ownerId: null,
      memberCount: 2,
      active: true,
      dissolved: false,
      myRole: 'member',
      lastSeq: this.total,
      lastMessage: null,
      lastMessageAt: this.total * 1000,
      firstSeq: 1,
      readSeq: this.readSeq,
      peerReadSeq: 0,
      unreadCount: this.total - this.readSeq,
      markedUnread: false,
      pinned: false,
      muted: false,
      hidden: false,
      draft: '',
      draftUpdatedAt: null,
      membersVersion: 1,
      pos: this.total,
    };
  }

  /** A new message arrives live and is stored. */
  receive(): void {
    this.total++;
    this.local.add(this.total);
  }

  sdk(): Sdk {
    const sdk = {
      api: {
        getMe: async () => makeMe(),
        listFriends: async () => [],
        listFriendRequests: async () => ({ incoming: [], outgoing: [] }),
        listBlocked: async () => [],
        listDevices: async () => [],
      },
      connect: vi.fn(async () => {}),
      disconnect: vi.fn(),
      forgetLocalData: vi.fn(async () => false),
      getConversations: () => (this.known ? [this.conversation()] : []),
      getConversation: () => (this.known ? this.conversation() : undefined),
      getUnreadTotal: () => ({ total: this.total - this.readSeq, muted: 0 }),
      getTimeline: async (_id: string, query: { before?: number; after?: number; limit?: number } = {}) => {
        let seqs = [...this.local].sort((a, b) => a - b);
        if (query.before !== undefined) seqs = seqs.filter((s) => s < (query.before as number));
        if (query.after !== undefined) seqs = seqs.filter((s) => s > (query.after as number));
        if (query.limit !== undefined)
          seqs = query.after !== undefined ? seqs.slice(0, query.limit) : seqs.slice(-query.limit);
        return seqs.map((s): TimelineItem => ({ kind: 'message', key: `k${s}`, message: message(s) }));
      },
      hasOlder: () => this.known && this.topRunStart() > 1,
      loadOlder: async (_id: string, pageSize = 50) => {
        this.loads++;
        if (this.failing) throw new Error('offline');
        const top = this.topRunStart();
        let came = 0;
        for (let s = top - 1; s >= 1 && came < Math.min(pageSize, 100) && !this.local.has(s); s--) {
          this.local.add(s);
          came++;
        }
        return came;
      },
    };
    return sdk as unknown as Sdk;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function openChat(server: HistoryServer) {
  const store = createAppStore(server.sdk());
  await store.getState().boot();
  store.getState().refreshConversations();
  await store.getState().openTimeline(CHAT);
  const seqs = () =>
    (store.getState().timelines[CHAT] ?? []).flatMap((i) => (i.kind === 'message' ? [i.message.seq] : []));
  return { store, seqs };
}

describe('an open chat’s window of history', () => {
  it('opens on the newest messages, fetching from the server what the device lacks', async () => {
    const server = new HistoryServer(1000, range(981, 1000));
    const { store, seqs } = await openChat(server);
    expect(seqs()).toEqual(range(1000 - OPEN_WINDOW + 1, 1000));
    expect(store.getState().historyStatus[CHAT]).toBe('more');
  });

  it('grows by a page each time the reader reaches the top, until the first message', async () => {
    const server = new HistoryServer(130, range(111, 130));
    const { store, seqs } = await openChat(server);
    await store.getState().loadOlderMessages(CHAT);
    expect(seqs()).toEqual(range(130 - OPEN_WINDOW - HISTORY_PAGE + 1, 130));
    expect(store.getState().historyStatus[CHAT]).toBe('more');
    await store.getState().loadOlderMessages(CHAT);
    expect(seqs()).toEqual(range(1, 130));
    expect(store.getState().historyStatus[CHAT]).toBe('done');
    // Nothing is left: no more requests.
    const loads = server.loads;
    await store.getState().loadOlderMessages(CHAT);
    expect(server.loads).toBe(loads);
  });

  it('keeps every row when a new message arrives: it is added below', async () => {
    const server = new HistoryServer(200, range(181, 200));
    const { store, seqs } = await openChat(server);
    await store.getState().loadOlderMessages(CHAT);
    server.receive();
    await store.getState().refreshTimeline(CHAT);
    expect(seqs()).toEqual(range(201 - OPEN_WINDOW - HISTORY_PAGE, 201));
  });

  it('loads all unread messages at opening, so the pane can start at the first one', async () => {
    const server = new HistoryServer(500, range(481, 500), 380);
    const { seqs } = await openChat(server);
    expect(seqs()[0]).toBeLessThanOrEqual(381);
    // Past the cap it opens at the newest, with a cap's worth loaded.
    const many = new HistoryServer(5000, range(4981, 5000), 10);
    const opened = await openChat(many);
    expect(opened.seqs()).toEqual(range(5000 - UNREAD_WINDOW_MAX + 1, 5000));
  });

  it('never shows messages across a hole: it fetches the missing ones first', async () => {
    const server = new HistoryServer(100, [...range(1, 10), ...range(91, 100)]);
    const { store, seqs } = await openChat(server);
    expect(seqs()).toEqual(range(51, 100));
    await store.getState().loadOlderMessages(CHAT);
    expect(seqs()).toEqual(range(1, 100));
    expect(store.getState().historyStatus[CHAT]).toBe('done');
  });

  it('shows what the device holds when the server cannot be reached, and tries again later', async () => {
    const server = new HistoryServer(300, range(281, 300));
    server.failing = true;
    const { store, seqs } = await openChat(server);
    expect(seqs()).toEqual(range(281, 300));
    expect(store.getState().historyStatus[CHAT]).toBe('error');
    // Back online, the next load is the one that failed: the opening window.
    server.failing = false;
    await store.getState().loadOlderMessages(CHAT);
    expect(seqs()).toEqual(range(301 - OPEN_WINDOW, 300));
    await store.getState().loadOlderMessages(CHAT);
    expect(seqs()).toEqual(range(301 - OPEN_WINDOW - HISTORY_PAGE, 300));
    expect(store.getState().historyStatus[CHAT]).toBe('more');
  });

  it('waits for the first sync of a chat this device has not seen, then fills the window', async () => {
    const server = new HistoryServer(300, []);
    server.known = false;
    const { store, seqs } = await openChat(server);
    expect(seqs()).toEqual([]);
    expect(store.getState().historyStatus[CHAT]).toBe('pending');
    // The sync stores the newest 20 and the SDK emits 'messages': the store reads them again.
    server.known = true;
    for (const seq of range(281, 300)) server.local.add(seq);
    await store.getState().refreshTimeline(CHAT);
    await vi.waitFor(() => expect(store.getState().historyStatus[CHAT]).toBe('more'));
    expect(seqs()).toEqual(range(301 - OPEN_WINDOW, 300));
  });

  it('forgets a closed chat, and a load that ends after closing writes nothing', async () => {
    const server = new HistoryServer(300, range(281, 300));
    const { store } = await openChat(server);
    const loading = store.getState().loadOlderMessages(CHAT);
    store.getState().closeTimeline(CHAT);
    await loading;
    expect(store.getState().timelines[CHAT]).toBeUndefined();
    expect(store.getState().timelineFrom[CHAT]).toBeUndefined();
    expect(store.getState().historyStatus[CHAT]).toBeUndefined();
  });
});
