import {
  type Conversation,
  MAX_PAGE_SIZE,
  type Message,
  type ServerEvent,
  SYNC_MESSAGES_DEFAULT,
  type SyncResult,
  type SyncResume,
} from '@liao/protocol';
import { backoffDelay } from '../connection/backoff';
import { Pacer, type RateWindow } from '../connection/pacer';
import type { LocalStore, SeqRange, StoredConversation } from '../store/types';
import { TypedEmitter } from '../typedEmitter';
import { mergeConversation, withMessage, withOwnReadMark, withReadMark } from './merge';
import { ReadMarks } from './ReadMarks';
import { addRange, holesOf, isKnown, olderPage, runsOf, topOf } from './ranges';
import { isUnknownCursor } from './retry';
import type { Requester, SyncEvents, SyncOptions } from './syncTypes';

export { isRetryable } from './retry';
export type { Requester, SyncEvents, SyncOptions } from './syncTypes';

/**
 * Catching up beyond this many messages after a missed live event is left to loadOlder (or
 * fillGaps), as for a `limited` sync: a device should not page through thousands at once.
 */
const LIVE_GAP_FETCH_MAX = 10 * MAX_PAGE_SIZE;
/** A page of older history for loadOlder, when the app does not say. */
const OLDER_PAGE_SIZE = 50;
/** History requests in flight at once: few, because each reply can be 100 messages. */
const HISTORY_CONCURRENCY = 4;

/**
 * Keeps the local store in step with the server (DESIGN.md §5): a sync from the stored cursor
 * on every (re)connection and whenever a conversation changes (from nothing again when the
 * server does not know the cursor), live messages applied in seq order with exactly the
 * missed range fetched when a seq jumps, read marks, and older history paged on demand.
 * Conversation state lives in memory too (`records`), written through to the store; every
 * write puts messages first and the ranges that claim them after.
 */
export class SyncEngine extends TypedEmitter<SyncEvents> {
  private readonly records = new Map<string, StoredConversation>();
  private readonly serials = new Map<string, Promise<void>>();
  private readonly fills = new Map<string, Promise<void>>();
  private readonly reads: ReadMarks;
  private readonly pacer: Pacer;
  private readonly limit: number;
  private readonly fillGaps: boolean;
  private me: string | null = null;
  private syncing: Promise<void> | null = null;
  private syncQueued: Promise<void> | null = null;
  private syncAttempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private work = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly store: LocalStore,
    private readonly request: Requester,
    private readonly isOpen: () => boolean,
    window: RateWindow,
    options: SyncOptions = {},
  ) {
    super();
    this.limit = options.limit ?? SYNC_MESSAGES_DEFAULT;
    this.fillGaps = options.fillGaps ?? false;
    this.pacer = new Pacer(options.historyConcurrency ?? HISTORY_CONCURRENCY, window);
    this.reads = new ReadMarks({
      send: (conversationId, seq) => this.pacer.run(() => this.request('read', { conversationId, seq })),
      confirmed: async (conversationId, readSeq) => {
        const record = this.records.get(conversationId);
        if (!record || (readSeq <= record.conversation.readSeq && !record.conversation.markedUnread)) return;
        const conversation = withOwnReadMark(record.conversation, readSeq, record.conversation.pos);
        await this.saveRecord({ ...record, conversation });
      },
      track: (promise) => this.track(promise),
    });
  }

  /** Loads the stored conversations; call once, before anything else. */
  async load(): Promise<void> {
    this.records.clear();
    for (const record of await this.store.listConversations()) {
      this.records.set(record.conversation.id, record);
    }
  }

  /** Whose device this is (from the connection's hello), for telling own messages apart. */
  setUser(userId: string): void {
    this.me = userId;
  }

  /** Stops timers and retries; the client is going away. */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.reads.clear();
  }

  /**
   * Lets go of an account whose stored data is being wiped (LiaoClient.forgetLocalData): read
   * marks not sent yet and retries would otherwise reach the server for the next account.
   */
  forget(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.reads.clear();
    this.syncAttempt = 0;
    this.me = null;
  }

  /** Every stored conversation. */
  list(): StoredConversation[] {
    return [...this.records.values()];
  }

  get(conversationId: string): StoredConversation | undefined {
    return this.records.get(conversationId);
  }

  /** The link is (re)open: catch up from the cursor, and send read marks that waited. */
  onOpen(): void {
    this.syncAttempt = 0;
    void this.requestSync().catch(() => {});
    this.reads.onOpen();
  }

  /** A live event from the server. */
  onEvent(event: ServerEvent): void {
    switch (event.type) {
      case 'message.new':
        void this.applyLive(event.message);
        return;
      case 'read.updated': {
        const record = this.records.get(event.conversationId);
        if (!record) return;
        let conversation = withReadMark(record.conversation, event.userId, event.readSeq, event.pos, this.me);
        // The echo of a read that reached the server before a later "mark unread" (its change is
        // already merged here, with a higher pos) must not clear that mark again.
        if (
          event.userId === this.me &&
          record.conversation.markedUnread &&
          event.pos < record.conversation.pos
        )
          conversation = { ...conversation, markedUnread: true };
        if (conversation !== record.conversation)
          void this.track(this.saveRecord({ ...record, conversation }));
        return;
      }
      case 'conversation.changed':
        void this.requestSync().catch(() => {});
        return;
      default:
        return;
    }
  }

  /**
   * Syncs from the stored cursor until the server has nothing more. Calls during a sync share
   * one more sync after it (bursts of conversation.changed cost two syncs, not one each).
   */
  requestSync(): Promise<void> {
    if (this.syncQueued) return this.syncQueued;
    if (this.syncing) {
      this.syncQueued = this.syncing
        .catch(() => {})
        .then(() => {
          this.syncQueued = null;
          return this.requestSync();
        });
      return this.syncQueued;
    }
    this.syncing = this.track(this.runSync()).finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  /**
   * A message this device learned of on its own (the ack of its send), or live: applied in seq
   * order. When its seq jumps past the newest known, exactly the missing range is fetched
   * first. Messages of conversations not yet known wait for the sync that brings them.
   */
  applyLive(message: Message): Promise<void> {
    return this.serial(message.conversationId, async () => {
      const record = this.records.get(message.conversationId);
      if (!record) {
        void this.requestSync().catch(() => {});
        return;
      }
      if (isKnown(record.known, message.seq)) return;
      const top = topOf(record.known) ?? record.conversation.lastSeq;
      const missing = message.seq - 1 - top;
      if (missing > 0 && missing <= LIVE_GAP_FETCH_MAX) {
        // On failure the hole stays in the ranges, for fillGaps or loadOlder to fill later.
        await this.fetchAfter(message.conversationId, top, message.seq - 1).catch(() => {});
      }
      await this.storeMessages(message.conversationId, [message]);
    });
  }

  /**
   * Loads the next page of older messages of a conversation (what the app shows when the user
   * scrolls up), first filling any hole just below the newest known messages. Resolves with
   * how many messages came; 0 when nothing older is left.
   */
  loadOlder(conversationId: string, pageSize = OLDER_PAGE_SIZE): Promise<number> {
    return this.track(
      (async () => {
        const record = this.records.get(conversationId);
        if (!record) return 0;
        const { firstSeq, lastSeq } = record.conversation;
        const page = olderPage(record.known, firstSeq, lastSeq, Math.min(pageSize, MAX_PAGE_SIZE));
        if (!page) return 0;
        return this.fetchBefore(conversationId, page.before, page.limit);
      })(),
    );
  }

  /** Whether older messages than those stored exist for loadOlder. */
  hasOlder(conversationId: string): boolean {
    const record = this.records.get(conversationId);
    if (!record) return false;
    const { firstSeq, lastSeq } = record.conversation;
    return olderPage(record.known, firstSeq, lastSeq, 1) !== null;
  }

  /** Fetches every hole of every conversation (what fillGaps does after each sync). */
  fillAllHoles(): Promise<void> {
    const ids = [...this.records.values()]
      .filter((r) => holesOf(r.known, r.conversation.firstSeq, r.conversation.lastSeq).length > 0)
      .map((r) => r.conversation.id);
    return Promise.all(ids.map((id) => this.fillHoles(id))).then(() => {});
  }

  /**
   * Moves the user's read mark forward (never back): shown at once, sent to the server after a
   * short pause that gathers a reader's quick successive marks into one request.
   */
  markRead(conversationId: string, seq: number): void {
    const record = this.records.get(conversationId);
    // A chat marked unread by hand is cleared by reading it, even where the mark cannot move.
    if (!record || (seq <= record.conversation.readSeq && !record.conversation.markedUnread)) return;
    const conversation = withOwnReadMark(record.conversation, seq, record.conversation.pos);
    void this.track(this.saveRecord({ ...record, conversation }));
    this.reads.add(conversationId, seq);
  }

  /**
   * Sends the read mark still waiting (or on its way) for this conversation and resolves once
   * the server has it, so that a change made next reaches the server after the read: a chat
   * read and at once marked unread stays marked unread. Rejects when the read could not be
   * sent but will be again (it would arrive later and clear the change).
   */
  sendPendingRead(conversationId: string): Promise<void> {
    return this.reads.sendPending(conversationId);
  }

  /** A conversation as the server answered a change to it, merged in as a sync reply is. */
  async applyServerView(incoming: Conversation): Promise<void> {
    const record = this.records.get(incoming.id);
    if (!record) return;
    await this.track(
      this.saveRecord({ ...record, conversation: mergeConversation(record.conversation, incoming) }),
    );
  }

  /** Resolves once no sync, history page, live message or read mark is being worked on. */
  whenIdle(): Promise<void> {
    if (this.work === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async runSync(): Promise<void> {
    try {
      let cursor = await this.store.getSyncCursor();
      let first = cursor === null;
      let resume: SyncResume | undefined;
      let restarted = false;
      for (;;) {
        let reply: SyncResult;
        try {
          reply = await this.request('sync', {
            cursor,
            limit: this.limit,
            ...(resume ? { resume } : {}),
          });
        } catch (error) {
          // The server never gave this cursor (it was restored from a backup taken before, or
          // the cursor is corrupt): what this device holds may be history the server no
          // longer has. Start again from nothing, once, as a new device would.
          if (restarted || !isUnknownCursor(error)) throw error;
          restarted = true;
          await this.resetSyncState();
          [cursor, first, resume] = [null, true, undefined];
          continue;
        }
        await this.applySync(reply, first);
        // A split reply keeps the old cursor and says where to resume; only the last one
        // moves the stored cursor, so an interruption starts again with nothing skipped.
        if (reply.more && reply.resume) {
          resume = reply.resume;
          continue;
        }
        cursor = reply.cursor;
        await this.store.setSyncCursor(cursor);
        break;
      }
      this.syncAttempt = 0;
      this.emit('synced', cursor);
      if (this.fillGaps) void this.track(this.fillAllHoles());
    } catch (error) {
      // The next open syncs anyway; while the link stays up, try again after a pause.
      if (!this.stopped && this.isOpen() && !this.retryTimer) {
        this.retryTimer = setTimeout(
          () => {
            this.retryTimer = null;
            if (this.isOpen()) void this.requestSync().catch(() => {});
          },
          backoffDelay(this.syncAttempt++),
        );
      }
      throw error;
    }
  }

  /**
   * Forgets everything synced: the store's cursor, conversations and messages, the records here,
   * and read marks not yet sent (they name seqs of the history as it was). The outbox is not
   * the engine's and stays, so unsent messages still go once the link is up.
   */
  private async resetSyncState(): Promise<void> {
    const ids = [...this.records.keys()];
    this.records.clear();
    this.reads.clear();
    await this.store.clearSyncState();
    this.emit('conversations');
    for (const id of ids) this.emit('messages', id);
  }

  /**
   * Stores one sync reply. A conversation seen for the first time in the device's first sync
   * has older history to page on demand; one that appears in a later sync is new since then,
   * so all of it counts as missed (a hole from seq 1) for fillGaps to fetch.
   */
  private async applySync(reply: SyncResult, firstSync: boolean): Promise<void> {
    await this.store.putMessages(reply.conversations.flatMap((s) => s.messages));
    const records: StoredConversation[] = [];
    for (const synced of reply.conversations) {
      const previous = this.records.get(synced.conversation.id);
      const conversation = mergeConversation(previous?.conversation, synced.conversation);
      let known = previous?.known ?? [];
      for (const [from, to] of runsOf(synced.messages)) known = addRange(known, from, to);
      if (!previous) {
        const oldest = synced.messages[0]?.seq ?? conversation.lastSeq + 1;
        const whole = oldest <= Math.max(conversation.firstSeq, 1);
        if (whole || !firstSync) known = addRange(known, 0, whole ? oldest - 1 : 0);
      }
      const record = { conversation, known };
      this.records.set(conversation.id, record);
      records.push(record);
    }
    await this.store.putConversations(records);
    this.emit('conversations');
    for (const synced of reply.conversations) {
      if (synced.messages.length > 0) this.emit('messages', synced.conversation.id);
    }
    const all = reply.conversations.flatMap((s) => s.messages);
    if (all.length > 0) this.emit('stored', all);
  }

  /** Fetches a conversation's holes, newest first, one page after another. */
  private fillHoles(conversationId: string): Promise<void> {
    const running = this.fills.get(conversationId);
    if (running) return running;
    const fill = this.track(
      (async () => {
        for (;;) {
          const record = this.records.get(conversationId);
          if (!record) return;
          const hole = holesOf(record.known, record.conversation.firstSeq, record.conversation.lastSeq).at(
            -1,
          );
          if (!hole) return;
          const [from, to] = hole;
          await this.fetchBefore(conversationId, to + 1, Math.min(MAX_PAGE_SIZE, to - from + 1), from);
        }
      })(),
    ).finally(() => this.fills.delete(conversationId));
    this.fills.set(conversationId, fill);
    return fill;
  }

  /**
   * One page backwards from `before`. The page is the newest `limit` visible messages below
   * `before`, so every seq from its oldest up is known, and when the server has nothing older,
   * everything below is. An empty page (nothing the user may read) settles the rest of a hole
   * down to its `floor`.
   */
  private async fetchBefore(
    conversationId: string,
    before: number,
    limit: number,
    floor = 0,
  ): Promise<number> {
    const page = await this.pacer.run(() => this.request('history', { conversationId, before, limit }));
    const low = page.hasMore ? (page.messages[0]?.seq ?? floor) : 0;
    await this.storeMessages(conversationId, page.messages, [low, before - 1]);
    return page.messages.length;
  }

  /** Pages forwards from `after` until `upTo` is stored (or the server has no more). */
  private async fetchAfter(conversationId: string, after: number, upTo: number): Promise<void> {
    let from = after;
    while (from < upTo) {
      const limit = Math.min(MAX_PAGE_SIZE, upTo - from);
      const page = await this.pacer.run(() =>
        this.request('history', { conversationId, after: from, limit }),
      );
      await this.storeMessages(conversationId, page.messages);
      const last = page.messages.at(-1)?.seq;
      if (last === undefined || last <= from) return;
      from = last;
    }
  }

  /** Stores messages of one conversation, then the ranges and state that include them. */
  private async storeMessages(
    conversationId: string,
    messages: readonly Message[],
    extra?: SeqRange,
  ): Promise<void> {
    if (messages.length > 0) await this.store.putMessages(messages);
    const record = this.records.get(conversationId);
    if (!record) return;
    let { conversation, known } = record;
    for (const m of messages) conversation = withMessage(conversation, m, this.me);
    for (const [from, to] of runsOf(messages)) known = addRange(known, from, to);
    if (extra) known = addRange(known, extra[0], extra[1]);
    await this.saveRecord({ conversation, known });
    if (messages.length > 0) {
      this.emit('messages', conversationId);
      this.emit('stored', messages);
    }
  }

  private async saveRecord(record: StoredConversation): Promise<void> {
    this.records.set(record.conversation.id, record);
    this.emit('conversations');
    await this.store.putConversations([record]);
  }

  /** Runs work for one conversation after the work queued for it before. */
  private serial(conversationId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.serials.get(conversationId) ?? Promise.resolve();
    const next = this.track(previous.then(work)).catch(() => {});
    this.serials.set(conversationId, next);
    void next.then(() => {
      if (this.serials.get(conversationId) === next) this.serials.delete(conversationId);
    });
    return next;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.work++;
    const done = () => {
      this.work--;
      if (this.work > 0) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    };
    promise.then(done, done);
    return promise;
  }
}
