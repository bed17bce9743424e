import type { Store } from '../db/database';
import { isUniqueViolation } from '../db/dialect';
import type { MessagesTable } from '../db/schema';
import { AppError } from '../errors';
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

/** Stores one batch in one transaction and says what became of each send. */
type WriteBatch = (requests: readonly SendRequest[], now: number) => Promise<SendVerdict[]>;

/**
 * Many sends in one transaction cost little more than one, because the commit's sync to disk
 * dominates: at most this many go together.
 */
const MAX_BATCH = 512;

/**
 * Group commit for sends. Sends that arrive while a transaction is being written wait and go
 * together in the next one, so the batch size follows the load: one at a time when quiet,
 * hundreds under pressure. Each send is acknowledged only after the commit that stored it.
 *
 * On SQLite the transaction runs on a thread of its own (SqliteWriterThread), with its own
 * connection, so that this thread parses, checks, acknowledges and delivers while the commit
 * and its fsync run on the other core. On PostgreSQL it runs through kysely, and the database
 * server does the work.
 */
export class MessageWriter {
  /** Each connection's last send still on its way into the queue (see doSendMessage). */
  readonly turns = new Map<string, Promise<unknown>>();
  /** Messages this writer has stored since it started (metrics read it). */
  storedCount = 0;
  /** Transactions this writer has committed: stored ÷ commits is the group commit's batch size. */
  commitCount = 0;
  /** Told each batch's time in the store, from hand-over to commit (metrics listen). */
  onCommit: ((seconds: number) => void) | undefined;
  private queue: Pending[] = [];
  private running = false;
  /** Settles when the queue last ran dry (close waits for it). */
  private drained: Promise<void> = Promise.resolve();
  private readonly writeBatch: WriteBatch;
  private readonly thread: SqliteWriterThread | undefined;

  constructor(
    store: Store,
    private readonly now: () => number,
  ) {
    if (store.sqliteFile) {
      const thread = new SqliteWriterThread(store.sqliteFile);
      this.thread = thread;
      // The main connection is held while the thread writes: no statement of this thread's
      // meets the other connection's write lock (which would make SQLite sleep this thread),
      // and no transaction here has read a snapshot that the batch then moves past.
      this.writeBatch = (requests, now) => store.db.connection().execute(() => thread.write(requests, now));
    } else {
      this.writeBatch = (requests, now) =>
        store.db.transaction().execute((trx) => writeSendBatch(kyselySendStatements(trx), requests, now));
    }
  }

  /** Sends waiting for the next transaction: the queue's depth (metrics). */
  get pendingCount(): number {
    return this.queue.length;
  }

  /** Stores the message (or finds it stored under its client id); resolves after commit. */
  submit(request: Omit<SendRequest, 'contentJson'>): Promise<SendOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        request: { ...request, contentJson: JSON.stringify(request.content) },
        resolve,
        reject,
      });
      if (!this.running) {
        this.running = true;
        // Let the sends that arrived in this same turn of the event loop join the batch.
        this.drained = new Promise((done) => setImmediate(() => void this.drain().then(done)));
      }
    });
  }

  /** Stops the writer's thread, once the sends already queued are stored. */
  async close(): Promise<void> {
    await this.drained;
    await this.thread?.close();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        this.settle(batch, await this.write(batch));
      } catch (error) {
        if (!isUniqueViolation(error)) {
          for (const p of batch) p.reject(error);
          continue;
        }
        // Another node stored one of these client ids first: look again, once.
        await this.write(batch).then(
          (verdicts) => this.settle(batch, verdicts),
          (again: unknown) => {
            for (const p of batch) p.reject(again);
          },
        );
      }
    }
    this.running = false;
  }

  private async write(batch: Pending[]): Promise<SendVerdict[]> {
    const started = performance.now();
    const verdicts = await this.writeBatch(
      batch.map((p) => p.request),
      this.now(),
    );
    this.storedCount += verdicts.filter((v) => v.kind === 'stored').length;
    this.commitCount++;
    this.onCommit?.((performance.now() - started) / 1000);
    return verdicts;
  }

  /** Acknowledged only now, after the commit, in the order the sends arrived. */
  private settle(batch: Pending[], verdicts: SendVerdict[]): void {
    batch.forEach((p, i) => {
      const verdict = verdicts[i] as SendVerdict;
      if (verdict.kind === 'stored') p.resolve({ row: verdict.row, created: true });
      else if (verdict.kind === 'seen') answerResend(p, verdict.row);
      else p.reject(new AppError(verdict.code, verdict.message));
    });
  }
}

/** A resend gets the first acknowledgement, unless the same id now carries other content. */
function answerResend(p: Pending, row: MessagesTable): void {
  if (row.conversation_id !== p.request.conversationId || row.content !== p.request.contentJson) {
    p.reject(new AppError('CLIENT_ID_REUSED'));
    return;
  }
  p.resolve({ row, created: false });
}
