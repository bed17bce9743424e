import type { MessagesTable } from '../../platform/db/schema';
import type { SendRequest, SendVerdict } from './sendBatch';
import type { SqliteSendPlans } from './sqliteSendPlans';

/**
 * What the main thread and the message writer's thread say to each other (sqliteWriterThread.ts,
 * sqliteWriterWorker.ts). Its own module, holding no code the thread does not need, because the
 * thread's bundle takes in whatever it imports.
 */

/** What the thread is started with: the database file, and its statements compiled on the main thread. */
export interface WriterThreadData {
  file: string;
  plans: SqliteSendPlans;
}

/** Sends to store, posted as they arrive; `now` is the main thread's clock when it posted them. */
export interface BatchRequest {
  type: 'batch';
  id: number;
  requests: readonly SendRequest[];
  now: number;
}

export type WriterRequest = BatchRequest | { type: 'close' };

/** A verdict as it crosses back: a stored message as the values only the thread knows. */
export type CompactVerdict =
  | { kind: 'stored'; id: string; seq: number; pos: number }
  | Exclude<SendVerdict, { kind: 'stored' }>;

/**
 * The thread's answer to one transaction, which held one batch or several merged: each batch's
 * verdicts and the time its messages were stored at, or why the transaction failed (rolled back).
 */
export type WriterReply =
  | { at: number; batches: { id: number; verdicts: CompactVerdict[] }[] }
  | { ids: number[]; error: { message: string; code: string | undefined } };

/** At most this many sends in one of the thread's transactions (unless one batch alone has more). */
export const MAX_MERGED = 1024;

/** The row of a message the thread stored, put back together from its request. */
export function storedRow(
  request: SendRequest,
  stored: { id: string; seq: number; pos: number },
  at: number,
): MessagesTable {
  return {
    conversation_id: request.conversationId,
    seq: stored.seq,
    id: stored.id,
    sender_id: request.senderId,
    client_id: request.clientId,
    kind: request.kind,
    content: request.contentJson,
    created_at: at,
    pos: stored.pos,
  };
}
