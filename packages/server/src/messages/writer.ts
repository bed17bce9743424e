import type { MessageContent } from '@liao/protocol';
import { findSendRefusals, sendPairKey } from '../conversations/sendRights';
import type { Store } from '../db/database';
import { dialectOf, isUniqueViolation, lockConversationsInOrder } from '../db/dialect';
import type { MessagesTable } from '../db/schema';
import { AppError } from '../errors';
import { appendMessages } from './append';
import * as q from './queries';

export interface SendRequest {
  senderId: string;
  conversationId: string;
  clientId: string;
  content: MessageContent;
}

export interface SendOutcome {
  row: MessagesTable;
  /** False when the client id was seen before and the first acknowledgement is returned again. */
  created: boolean;
}

interface Pending {
  request: SendRequest;
  contentJson: string;
  resolve(outcome: SendOutcome): void;
  reject(error: unknown): void;
}

/**
 * Many sends in one transaction cost little more than one, because the commit's sync to disk
 * dominates: at most this many go together.
 */
const MAX_BATCH = 512;

/**
 * Group commit for sends. Sends that arrive while a transaction is being written wait and go
 * together in the next one, so the batch size follows the load: one at a time when quiet,
 * hundreds under pressure. Each send is acknowledged only after the commit that stored it.
 */
export class MessageWriter {
  /** Each connection's last send still on its way into the queue (see doSendMessage). */
  readonly turns = new Map<string, Promise<unknown>>();
  /** Messages this writer has stored since it started (metrics read it). */
  storedCount = 0;
  /** Transactions this writer has committed: stored ÷ commits is the group commit's batch size. */
  commitCount = 0;
  private queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Sends waiting for the next transaction: the queue's depth (metrics). */
  get pendingCount(): number {
    return this.queue.length;
  }

  /** Stores the message (or finds it stored under its client id); resolves after commit. */
  submit(request: SendRequest): Promise<SendOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, contentJson: JSON.stringify(request.content), resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the sends that arrived in this same turn of the event loop join the batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.writeBatch(batch);
      } catch (error) {
        if (!isUniqueViolation(error)) {
          for (const p of batch) p.reject(error);
          continue;
        }
        // Another node stored one of these client ids first: look again, once.
        await this.writeBatch(batch).catch((again: unknown) => {
          for (const p of batch) p.reject(again);
        });
      }
    }
    this.running = false;
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const settle: (() => void)[] = [];
    let created = 0;
    await this.store.db.transaction().execute(async (trx) => {
      const stored = await q.findByClientIds(
        trx,
        batch.map((p) => p.request.clientId),
      );
      const known = new Map(stored.map((row) => [`${row.sender_id}\n${row.client_id}`, row]));
      const fresh: Pending[] = [];
      const firstOfKey = new Map<string, Pending>();
      const followers: [Pending, Pending][] = [];
      for (const p of batch) {
        const key = `${p.request.senderId}\n${p.request.clientId}`;
        const existing = known.get(key);
        if (existing) {
          settle.push(() => answerResend(p, existing));
          continue;
        }
        const first = firstOfKey.get(key);
        if (first) {
          followers.push([p, first]);
          continue;
        }
        firstOfKey.set(key, p);
        fresh.push(p);
      }
      // The right to send is judged again here, under the conversation locks that every
      // change taking it away also takes: a member removed (or a friend lost) after the check
      // in doSendMessage but before this commit gets the refusal, not a message after the
      // system line. One read for the whole batch.
      const dialect = dialectOf(trx);
      const conversationIds = [...new Set(fresh.map((p) => p.request.conversationId))];
      await lockConversationsInOrder(trx, dialect, conversationIds, { evenOne: true });
      const refusals = await findSendRefusals(
        trx,
        fresh.map((p) => p.request),
      );
      const allowed = fresh.filter((p) => !refusals.has(sendPairKey(p.request)));
      const rows = await appendMessages(
        trx,
        allowed.map((p) => p.request),
        this.now(),
        { locked: true },
      );
      created = rows.length;
      const rowOf = new Map<Pending, MessagesTable>();
      rows.forEach((row, i) => {
        const p = allowed[i] as Pending;
        rowOf.set(p, row);
        settle.push(() => p.resolve({ row, created: true }));
      });
      for (const p of fresh) {
        const refusal = refusals.get(sendPairKey(p.request));
        if (refusal) settle.push(() => p.reject(refusal));
      }
      for (const [p, first] of followers) {
        const row = rowOf.get(first);
        const refusal = refusals.get(sendPairKey(first.request));
        settle.push(() => (row ? answerResend(p, row) : p.reject(refusal)));
      }
    });
    this.storedCount += created;
    this.commitCount++;
    // Acknowledged only now, after the commit, in the order the sends arrived.
    for (const done of settle) done();
  }
}

/** A resend gets the first acknowledgement, unless the same id now carries other content. */
function answerResend(p: Pending, row: MessagesTable): void {
  if (row.conversation_id !== p.request.conversationId || row.content !== p.contentJson) {
    p.reject(new AppError('CLIENT_ID_REUSED'));
    return;
  }
  p.resolve({ row, created: false });
}
