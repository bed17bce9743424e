import type { MessageContent } from '@liao/protocol';
import type { Db } from '../db/database';
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
 * row records both, and each sender has read up to their own message. Returns the rows in the
 * order of `items`.
 *
 * Conversation rows are locked in id order, so that two transactions writing to the same
 * conversations cannot deadlock; positions are taken after them (see takePositions).
 */
export async function appendMessages(trx: Db, items: NewMessage[], now: number): Promise<MessagesTable[]> {
  if (items.length === 0) return [];
  const byConversation = new Map<string, number[]>();
  items.forEach((item, i) => {
    const list = byConversation.get(item.conversationId);
    if (list) list.push(i);
    else byConversation.set(item.conversationId, [i]);
  });
  const conversationIds = [...byConversation.keys()].sort();

  const firstSeq = new Map<string, number>();
  for (const id of conversationIds) {
    const count = byConversation.get(id)?.length ?? 0;
    firstSeq.set(id, (await q.advanceSeq(trx, id, count, now)) - count + 1);
  }

  let pos = await takePositions(trx, items.length);
  const rows: MessagesTable[] = new Array(items.length);
  for (const id of conversationIds) {
    let seq = firstSeq.get(id) ?? 1;
    const readUpTo = new Map<string, number>();
    for (const i of byConversation.get(id) ?? []) {
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
      if (item.senderId && item.content.kind !== 'system') readUpTo.set(item.senderId, seq);
      seq++;
      pos++;
    }
    await q.setConversationPos(trx, id, pos - 1);
    for (const [userId, upTo] of readUpTo) await q.raiseReadSeq(trx, id, userId, upTo);
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await q.insertMessages(trx, rows.slice(i, i + INSERT_CHUNK));
  }
  return rows;
}
