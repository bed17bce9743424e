import type { MessageContent } from '@liao/protocol';
import type { Db } from '../db/database';
import { dialectOf, lockConversationsInOrder } from '../db/dialect';
import { takePositions } from '../db/positions';
import type { MessagesTable } from '../db/schema';
import { newId } from '../ids';
import * as q from './queries';

export interface NewMessage {
  conversationId: string;
  senderId: string | null;
  clientId: string | null;
  content: MessageContent;
}

/** Rows per INSERT: well inside both stores' limits on bound parameters. */
const INSERT_CHUNK = 500;

/**
 * Stores messages inside the caller's transaction: each gets the next numbers of its
 * conversation (1, 2, 3, … no gaps) and a position in the change stream, the conversation
 * rows record both, and each sender has read up to their own message. Returns the rows in the
 * order of `items`. `locked`: the caller already holds the conversation rows (in id order).
 *
 * A constant number of statements per call, however many conversations it touches: the
 * conversation rows are locked (in id order), numbered, the senders' read marks raised,
 * positions taken last (see takePositions), then positions and messages written.
 */
export async function appendMessages(
  trx: Db,
  items: NewMessage[],
  now: number,
  options: { locked?: boolean } = {},
): Promise<MessagesTable[]> {
  if (items.length === 0) return [];
  const dialect = dialectOf(trx);
  const byConversation = new Map<string, number[]>();
  items.forEach((item, i) => {
    const list = byConversation.get(item.conversationId);
    if (list) list.push(i);
    else byConversation.set(item.conversationId, [i]);
  });
  const conversationIds = [...byConversation.keys()];
  if (!options.locked) await lockConversationsInOrder(trx, dialect, conversationIds);
  const counts = new Map(conversationIds.map((id) => [id, byConversation.get(id)?.length ?? 0]));
  const lastSeqs = await q.advanceSeqs(trx, counts, now);
  const firstSeq = (id: string) => (lastSeqs.get(id) ?? 0) - (counts.get(id) ?? 0) + 1;

  // Read marks are member rows: written (locked) before the positions, never after, or a
  // group's read mark (member row, then positions) and this would wait for each other.
  const reads: q.ReadMark[] = [];
  for (const id of conversationIds) {
    const readUpTo = new Map<string, number>();
    let seq = firstSeq(id);
    for (const i of byConversation.get(id) ?? []) {
      const item = items[i] as NewMessage;
      if (item.senderId && item.content.kind !== 'system') readUpTo.set(item.senderId, seq);
      seq++;
    }
    for (const [userId, upTo] of readUpTo) reads.push({ conversationId: id, userId, seq: upTo });
  }
  await q.raiseReadSeqs(trx, dialect, reads);

  let pos = await takePositions(trx, items.length);
  const rows: MessagesTable[] = new Array(items.length);
  const positions = new Map<string, number>();
  for (const id of conversationIds) {
    const indexes = byConversation.get(id) ?? [];
    let seq = firstSeq(id);
    for (const i of indexes) {
      const item = items[i] as NewMessage;
      rows[i] = {
        conversation_id: id,
        seq,
        id: newId(),
        sender_id: item.senderId,
        client_id: item.clientId,
        kind: item.content.kind,
        content: JSON.stringify(item.content),
        created_at: now,
        pos,
      };
      seq++;
      pos++;
    }
    positions.set(id, pos - 1);
  }
  await q.setConversationPositions(trx, positions);
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await q.insertMessages(trx, rows.slice(i, i + INSERT_CHUNK));
  }
  return rows;
}
