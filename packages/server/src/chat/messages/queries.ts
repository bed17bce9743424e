import { sql } from 'kysely';
import type { Db } from '../../platform/db/database';
import { type DialectName, greatest } from '../../platform/db/dialect';
import type { MessagesTable } from '../../platform/db/schema';
import type { ReadMark } from './numbering';

export async function insertMessages(db: Db, rows: MessagesTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('messages').values(rows).execute();
}

/** Messages already stored under any of these client ids (any sender; the caller matches). */
export async function findByClientIds(db: Db, clientIds: string[]): Promise<MessagesTable[]> {
  if (clientIds.length === 0) return [];
  return db.selectFrom('messages').selectAll().where('client_id', 'in', clientIds).execute();
}

/**
 * Up to `limit` messages with seq in [fromSeq, toSeq]: the newest first ('desc', for the
 * newest page and paging backwards) or the oldest first ('asc', paging forwards).
 */
export async function messagesInRange(
  db: Db,
  conversationId: string,
  fromSeq: number,
  toSeq: number,
  limit: number,
  order: 'asc' | 'desc',
): Promise<MessagesTable[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('seq', '>=', fromSeq)
    .where('seq', '<=', toSeq)
    .orderBy('seq', order)
    .limit(limit)
    .execute();
}

/** Up to `limit` messages with seq in [fromSeq, toSeq], newest first. */
export function newestMessages(
  db: Db,
  conversationId: string,
  fromSeq: number,
  toSeq: number,
  limit: number,
): Promise<MessagesTable[]> {
  return messagesInRange(db, conversationId, fromSeq, toSeq, limit, 'desc');
}

/**
 * Advances several conversations' counters in one statement (`count` messages each); returns
 * each conversation's new last seq.
 */
export async function advanceSeqs(
  db: Db,
  counts: ReadonlyMap<string, number>,
  at: number,
): Promise<Map<string, number>> {
  const ids = [...counts.keys()];
  const increments = sql.join(
    ids.map((id) => sql`when ${id} then cast(${counts.get(id)} as bigint)`),
    sql` `,
  );
  const result = await sql<{ id: string; last_seq: number }>`
    update conversations
    set last_seq = last_seq + (case id ${increments} end), last_message_at = ${at}
    where id in (${sql.join(ids)})
    returning id, last_seq`.execute(db);
  return new Map(result.rows.map((r) => [r.id, Number(r.last_seq)]));
}

/** Records each conversation's newest position, in one statement. */
export async function setConversationPositions(
  db: Db,
  positions: ReadonlyMap<string, number>,
): Promise<void> {
  const ids = [...positions.keys()];
  const cases = sql.join(
    ids.map((id) => sql`when ${id} then cast(${positions.get(id)} as bigint)`),
    sql` `,
  );
  await sql`update conversations set last_pos = (case id ${cases} end) where id in (${sql.join(ids)})`.execute(
    db,
  );
}

/** Raises read marks (never lowers them) and clears hand-made unread marks, in one statement. */
export async function raiseReadSeqs(db: Db, dialect: DialectName, marks: readonly ReadMark[]): Promise<void> {
  if (marks.length === 0) return;
  const cases = sql.join(
    marks.map(
      (m) =>
        sql`when conversation_id = ${m.conversationId} and user_id = ${m.userId} then cast(${m.seq} as bigint)`,
    ),
    sql` `,
  );
  const target = sql<number>`(case ${cases} else read_seq end)`;
  const rows = sql.join(marks.map((m) => sql`(${m.conversationId}, ${m.userId})`));
  await sql`
    update conversation_members
    set read_seq = ${greatest(dialect, sql<number>`read_seq`, target)}, marked_unread = 0
    where (conversation_id, user_id) in (values ${rows})`.execute(db);
}

/** The message at one seq of a conversation, if there is one. */
export async function messageAt(
  db: Db,
  conversationId: string,
  seq: number,
): Promise<MessagesTable | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('seq', '=', seq)
    .executeTakeFirst();
}
