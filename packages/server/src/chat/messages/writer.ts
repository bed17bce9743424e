import type { MessageContent } from '@liao/protocol';
import type { Store } from '../../platform/db/database';
import { isUniqueViolation } from '../../platform/db/dialect';
import type { MessagesTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { kyselySendStatements } from './kyselySendStatements';
import { type SendRequest, type SendVerdict, writeSendBatch } from './sendBatch';
import { SqliteWriterThread } from './sqliteWriterThread';

export type { SendRequest } from './sendBatch';

export interface SendOutcome {
  row: MessagesTable;
  /** False when the client id was seen before and the first acknowledgement is returned again. */
  created: boolean;
}

interface Pending {
  request: SendRequest;
  resolve(outcome: SendOutcome): void;
  reject(error: unknown): void;
}

/** Stores one batch and says what became of each send. */
type WriteBatch = (requests: readonly SendRequest[], now: number) => Promise<SendVerdict[]>;

/**
 * Many sends in one transaction cost little more than one, because the commit's sync to disk
 * dominates: at most this many go together.
 */
const MAX_BATCH = 512;

/**
 * Sends the SQLite writer lets be with its thread at once, answered or not: about two of its
 * transactions, the one being written and the next, gathering. More would not go faster, and
 * would make a write waiting for the connection wait for all of them.
 */
const MAX_OUT = 1024;

/**
 * How long the SQLite writer keeps the main connection while sends keep coming, before it lets
 * the main thread's own writes (read marks, group changes) have a turn: they wait at most this
 * long, plus a transaction, under a sustained load.
 */
const HOLD_MS = 50;

/**
 * Group commit for sends. Sends that arrive while a transaction is being written wait and go
 * together in the next one, so the batch size follows the load: one at a time when quiet,
 * hundreds under pressure. Each send is acknowledged only after the commit that stored it, in
 * the order the sends arrived.
 *
 * On SQLite the transaction runs on a thread of its own (SqliteWriterThread), with its own
 * connection. Sends are posted to it as they arrive, while it writes the batch before, and
 * it merges what waits into its next transaction; so this thread parses, checks, acknowledges
 * and delivers while the commit and its fsync run on the other core, and neither waits for the
 * other. On PostgreSQL the transaction runs through kysely, and the database server does the work.
 */
export class MessageWriter {
  /** Each connection's last send still on its way into the queue (see doSendMessage). */
  readonly turns = new Map<string, Promise<unknown>>();
  /** Messages this writer has stored since it started (metrics read it). */
  storedCount = 0;
  /** Told each batch's time in the store, from hand-over to commit (metrics listen). */
  onCommit: ((seconds: number) => void) | undefined;
  /** Told each batch's newly stored messages, once their senders are answered (MessageHooks.committed). */
  onStored: ((rows: MessagesTable[]) => void) | undefined;
  private queue: Pending[] = [];
  private readonly pump: SqlitePump | PostgresLoop;
  private readonly thread: SqliteWriterThread | undefined;
  private batches = 0;

  constructor(store: Store, now: () => number) {
    const write = async (batch: Pending[], into: WriteBatch): Promise<SendVerdict[]> => {
      const started = performance.now();
      const verdicts = await into(
        batch.map((p) => p.request),
        now(),
      );
      this.storedCount += verdicts.filter((v) => v.kind === 'stored').length;
      this.batches++;
      this.onCommit?.((performance.now() - started) / 1000);
      return verdicts;
    };
    this.thread = store.sqliteFile ? new SqliteWriterThread(store.sqliteFile) : undefined;
    const stored = (rows: MessagesTable[]) => {
      if (rows.length > 0) this.onStored?.(rows);
    };
    this.pump = this.thread
      ? new SqlitePump(store, this.thread, this.queue, write, stored)
      : new PostgresLoop(store, this.queue, write, stored);
  }

  /**
   * Transactions this writer has committed: stored ÷ commits is the group commit's batch size.
   * On PostgreSQL each batch is one; SQLite's thread merges the batches waiting for it.
   */
  get commitCount(): number {
    return this.thread ? this.thread.transactions : this.batches;
  }

  /** Sends waiting for the next transaction: the queue's depth (metrics). */
  get pendingCount(): number {
    return this.queue.length;
  }

  /** Stores the message (or finds it stored under its client id); resolves after commit. */
  submit(message: {
    senderId: string;
    conversationId: string;
    clientId: string;
    content: MessageContent;
  }): Promise<SendOutcome> {
    const { senderId, conversationId, clientId, content } = message;
    return new Promise((resolve, reject) => {
      this.queue.push({
        request: {
          senderId,
          conversationId,
          clientId,
          kind: content.kind,
          contentJson: JSON.stringify(content),
        },
        resolve,
        reject,
      });
      this.pump.wake();
    });
  }

  /** Stops the writer's thread, once the sends already queued are stored. */
  close(): Promise<void> {
    return this.pump.close();
  }
}

/** Runs a batch through the store, counting it. */
type Write = (batch: Pending[], into: WriteBatch) => Promise<SendVerdict[]>;
/** Hears of a batch's newly stored messages. */
type Stored = (rows: MessagesTable[]) => void;

/**
 * Store, on PostgreSQL: one batch in one transaction, and the next one started as soon as the
 * one before holds its conversation locks, on another pooled connection, so that its reads and
 * checks overlap the commit before it (pipelining). Two batches at most are under way.
 *
 * Order is kept: a batch that shares a conversation with the one before waits at that
 * conversation's lock until the one before commits, so its seqs come after; and the batches
 * are acknowledged in the order they were taken, whichever commits first.
 */
class PostgresLoop {
  private running = false;
  /** Settles when the queue last ran dry (close waits for it). */
  private drained: Promise<void> = Promise.resolve();
  /** Wakes the loop when something changed: a send queued, a batch locked or answered. */
  private changed: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly queue: Pending[],
    private readonly write: Write,
    private readonly stored: Stored,
  ) {}

  wake(): void {
    this.changed?.();
    if (this.running) return;
    this.running = true;
    // Let the sends that arrived in this same turn of the event loop join the batch.
    this.drained = new Promise((done) => setImmediate(() => void this.drain().then(done)));
  }

  close(): Promise<void> {
    return this.drained;
  }

  private async drain(): Promise<void> {
    const under: UnderWay[] = [];
    for (;;) {
      while (under[0]?.answered) under.shift();
      const last = under.at(-1);
      if (this.queue.length > 0 && under.length < 2 && (!last || last.locked)) {
        under.push(this.start(this.queue.splice(0, MAX_BATCH), last?.done));
        continue;
      }
      if (under.length === 0) break;
      await new Promise<void>((resolve) => {
        this.changed = resolve;
      });
      this.changed = undefined;
    }
    this.running = false;
  }

  /** Starts a batch; it is answered once it is written and the batch before (`before`) has been answered. */
  private start(batch: Pending[], before: Promise<void> | undefined): UnderWay {
    const state: UnderWay = { locked: false, answered: false, done: Promise.resolve() };
    const locked = () => {
      if (state.locked) return;
      state.locked = true;
      this.changed?.();
    };
    state.done = this.writeLocked(batch, locked).then(async (answer) => {
      await before;
      answer();
      state.answered = true;
      this.changed?.();
    });
    return state;
  }

  /**
   * Writes the batch, telling `locked` once it holds its locks (or failed before); resolves
   * to what answers its sends, which the caller runs once the batch before has been answered.
   */
  private async writeLocked(batch: Pending[], locked: () => void): Promise<() => void> {
    const attempt = () =>
      this.write(batch, (requests, now) =>
        this.store.db.transaction().execute(async (trx) => {
          const statements = kyselySendStatements(trx);
          const lockConversations = statements.lockConversations;
          statements.lockConversations = async (ids) => {
            await lockConversations(ids);
            locked();
          };
          return writeSendBatch(statements, requests, now);
        }),
      );
    try {
      const verdicts = await attempt().finally(locked);
      return () => settle(batch, verdicts, this.stored);
    } catch (error) {
      if (!isUniqueViolation(error)) return () => rejectAll(batch, error);
      // Another node stored one of these client ids first: look again, once. (The batch after
      // this one may have started meanwhile; only a send resent through another node at this
      // very moment can be numbered after a later send of its own connection.)
      return attempt().then(
        (verdicts) => () => settle(batch, verdicts, this.stored),
        (again: unknown) => () => rejectAll(batch, again),
      );
    }
  }
}

/** A PostgreSQL batch under way: whether it holds its locks yet, and whether its sends are answered. */
interface UnderWay {
  locked: boolean;
  answered: boolean;
  /** Settles once it is answered. */
  done: Promise<void>;
}

function rejectAll(batch: Pending[], error: unknown): void {
  for (const p of batch) p.reject(error);
}

/**
 * Store, on SQLite: each turn of the event loop's sends are posted to the writer's thread at
 * once, without waiting for the batches before, and answered as its verdicts come back.
 *
 * The main connection is held while batches are with the thread: no statement of this thread's
 * meets the other connection's write lock (which would make SQLite sleep this thread), and no
 * transaction here has read a snapshot that a batch then moves past. Under a load that never
 * lets up, it is let go every HOLD_MS, once the batches out are answered, for the writes waiting on it.
 */
class SqlitePump {
  private readonly writeBatch: WriteBatch;
  /** Lets the main connection go; set while it is held. */
  private release: (() => void) | undefined;
  private acquiring = false;
  private heldSince = 0;
  private scheduled = false;
  /** Batches with the thread and not yet answered, and the sends in them. */
  private out = 0;
  private outSends = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly thread: SqliteWriterThread,
    private readonly queue: Pending[],
    private readonly write: Write,
    private readonly stored: Stored,
  ) {
    this.writeBatch = (requests, now) => thread.write(requests, now);
  }

  /** Called for each send queued: the turn's sends are posted together, after it. */
  wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.step();
    });
  }

  async close(): Promise<void> {
    if (!this.idle()) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.thread.close();
  }

  private idle(): boolean {
    return this.queue.length === 0 && this.out === 0 && !this.release && !this.acquiring && !this.scheduled;
  }

  private step(): void {
    if (!this.release) {
      if (this.queue.length > 0) this.acquire();
      else this.notifyIdle();
      return;
    }
    const holding = performance.now() - this.heldSince < HOLD_MS;
    while (holding && this.queue.length > 0 && this.outSends < MAX_OUT)
      this.post(this.queue.splice(0, Math.min(MAX_BATCH, MAX_OUT - this.outSends)));
    if (this.out > 0) return;
    this.release();
    this.release = undefined;
    // The writes that waited for the connection take it first; then the sends that wait go on.
    if (this.queue.length > 0) this.wake();
    else this.notifyIdle();
  }

  private acquire(): void {
    if (this.acquiring) return;
    this.acquiring = true;
    this.store.db
      .connection()
      .execute(
        () =>
          new Promise<void>((release) => {
            this.acquiring = false;
            this.release = release;
            this.heldSince = performance.now();
            this.step();
          }),
      )
      .catch((error: unknown) => {
        // The store is closed: nothing queued can be written.
        this.acquiring = false;
        for (const p of this.queue.splice(0)) p.reject(error);
        this.notifyIdle();
      });
  }

  private post(batch: Pending[]): void {
    this.out++;
    this.outSends += batch.length;
    this.write(batch, this.writeBatch).then(
      (verdicts) => this.answered(batch, () => settle(batch, verdicts, this.stored)),
      (error: unknown) =>
        this.answered(batch, () => {
          for (const p of batch) p.reject(error);
        }),
    );
  }

  private answered(batch: Pending[], settleBatch: () => void): void {
    this.out--;
    this.outSends -= batch.length;
    // Post what waits before acknowledging this batch, so the thread has it as soon as it can.
    this.step();
    settleBatch();
  }

  private notifyIdle(): void {
    if (!this.idle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/** Acknowledged only now, after the commit, in the order the sends arrived; then `stored` hears of them. */
function settle(batch: Pending[], verdicts: SendVerdict[], stored: Stored): void {
  const rows: MessagesTable[] = [];
  batch.forEach((p, i) => {
    const verdict = verdicts[i] as SendVerdict;
    if (verdict.kind === 'stored') {
      rows.push(verdict.row);
      p.resolve({ row: verdict.row, created: true });
    } else if (verdict.kind === 'seen') answerResend(p, verdict.row);
    else p.reject(new AppError(verdict.code, verdict.message));
  });
  stored(rows);
}

/** A resend gets the first acknowledgement, unless the same id now carries other content. */
function answerResend(p: Pending, row: MessagesTable): void {
  if (row.conversation_id !== p.request.conversationId || row.content !== p.request.contentJson) {
    p.reject(new AppError('CLIENT_ID_REUSED'));
    return;
  }
  p.resolve({ row, created: false });
}
