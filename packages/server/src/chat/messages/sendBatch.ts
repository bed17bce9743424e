import type { MessagesTable } from '../../platform/db/schema';
import { type SendPair, type SendRefusal, type SendRightRow, sendPairKey, sendRefusals } from '../membership';
import { type AppendStatements, appendWith, type MessageToStore } from './numbering';

/** A message to send, as the writer hands it to the store: its content is JSON already, stored as it is and compared with a resend's. */
export interface SendRequest extends MessageToStore {
  senderId: string;
  clientId: string;
}

/**
 * What became of one send of a batch. Plain data, so that it crosses from the writer's thread:
 * - `stored`: numbered and stored now;
 * - `seen`: a message was already stored under this sender's client id (by an earlier batch,
 *   or by an earlier send of this one), and this is it;
 * - `refused`: the sender may not write there now, with the error's code (and text, where the code's own is not enough).
 */
export type SendVerdict =
  | { kind: 'stored'; row: MessagesTable }
  | { kind: 'seen'; row: MessagesTable }
  | ({ kind: 'refused' } & SendRefusal);

/** The statements a send batch runs, besides numbering: its two reads and, on PostgreSQL, the locks. */
export interface SendBatchStatements extends AppendStatements {
  /** Messages already stored under any of these client ids (any sender; the caller matches). */
  storedByClientIds(clientIds: readonly string[]): MessagesTable[] | Promise<MessagesTable[]>;
  /** Locks these conversation rows, in id order, until the transaction ends (PostgreSQL). */
  lockConversations(ids: readonly string[]): void | Promise<void>;
  /** The rows sendRefusals judges these pairs by. */
  sendRights(pairs: readonly SendPair[]): SendRightRow[] | Promise<SendRightRow[]>;
}

/**
 * One group commit's work, inside the caller's transaction, whichever store and thread runs
 * it. Returns a verdict per request, in order:
 * - a client id stored before, or repeated within the batch, gets the stored message back;
 * - the right to send is judged again under the conversation locks that every change taking it
 *   away also takes, so that a member removed (or a friend lost) after the first check but
 *   before this commit gets the refusal, not a message after the system line; one read serves
 *   the whole batch;
 * - the rest are numbered and stored (appendWith).
 */
export async function writeSendBatch(
  statements: SendBatchStatements,
  requests: readonly SendRequest[],
  now: number,
): Promise<SendVerdict[]> {
  const verdicts: (SendVerdict | undefined)[] = new Array(requests.length);
  const stored = await statements.storedByClientIds([...new Set(requests.map((r) => r.clientId))]);
  const known = new Map(stored.map((row) => [`${row.sender_id}\n${row.client_id}`, row]));
  const fresh: number[] = [];
  const firstOfKey = new Map<string, number>();
  const followers: [number, number][] = [];
  requests.forEach((request, i) => {
    const key = `${request.senderId}\n${request.clientId}`;
    const existing = known.get(key);
    const first = firstOfKey.get(key);
    if (existing) verdicts[i] = { kind: 'seen', row: existing };
    else if (first !== undefined) followers.push([i, first]);
    else {
      firstOfKey.set(key, i);
      fresh.push(i);
    }
  });

  const pairs = fresh.map((i) => requests[i] as SendRequest);
  await statements.lockConversations([...new Set(pairs.map((p) => p.conversationId))]);
  const refusals = pairs.length > 0 ? sendRefusals(pairs, await statements.sendRights(pairs)) : new Map();
  const allowed: number[] = [];
  for (const i of fresh) {
    const refusal = refusals.get(sendPairKey(requests[i] as SendRequest));
    if (refusal) verdicts[i] = { kind: 'refused', ...refusal };
    else allowed.push(i);
  }
  const rows = await appendWith(
    statements,
    allowed.map((i) => requests[i] as SendRequest),
    now,
  );
  rows.forEach((row, n) => {
    verdicts[allowed[n] as number] = { kind: 'stored', row };
  });
  for (const [i, first] of followers) {
    const verdict = verdicts[first] as SendVerdict;
    verdicts[i] = verdict.kind === 'refused' ? verdict : { kind: 'seen', row: verdict.row };
  }
  return verdicts as SendVerdict[];
}
