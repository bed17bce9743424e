import type { Db } from '../db/database';
import type { MessagesTable } from '../db/schema';

export async function insertMessages(db: Db, rows: MessagesTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('messages').values(rows).execute();
}

/** Messages already stored under any of these client ids (any sender; the caller matches). */
export async function findByClientIds(db: Db, clientIds: string[]): Promise<MessagesTable[]> {
  if (clientIds.length === 0) return [];
  return db.selectFrom('messages').selectAll().where('client_id', 'in', clientIds).execute();
}

/** Advances a conversation's counter by `count` messages; returns the new last seq. */
export async function advanceSeq(db: Db, conversationId: string, count: number, at: number): Promise<number> {
  const row = await db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', count), last_message_at: at }))
    .where('id', '=', conversationId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

export async function setConversationPos(db: Db, conversationId: string, pos: number): Promise<void> {
  await db.updateTable('conversations').set({ last_pos: pos }).where('id', '=', conversationId).execute();
}

/** Sending a message reads the conversation up to it, for the sender. */
export async function raiseReadSeq(
  db: Db,
  conversationId: string,
  userId: string,
  seq: number,
): Promise<void> {
  await db
    .updateTable('conversation_members')
    .set({ read_seq: seq })
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .where('read_seq', '<', seq)
    .execute();
}

/** Up to `limit` messages with seq in [fromSeq, toSeq], newest first. */
export async function newestMessages(
  db: Db,
  conversationId: string,
  fromSeq: number,
  toSeq: number,
  limit: number,
): Promise<MessagesTable[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('seq', '>=', fromSeq)
    .where('seq', '<=', toSeq)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

/** Up to `limit` messages with seq in [fromSeq, toSeq], oldest first. */
export async function oldestMessages(
  db: Db,
  conversationId: string,
  fromSeq: number,
  toSeq: number,
  limit: number,
): Promise<MessagesTable[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('seq', '>=', fromSeq)
    .where('seq', '<=', toSeq)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
}
