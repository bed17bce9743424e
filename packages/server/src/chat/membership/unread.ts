import { sql } from 'kysely';
import type { Db } from '../../platform/db/database';
import type { ConversationMembersTable, ConversationsTable, MessagesTable } from '../../platform/db/schema';
import { visibleLastSeq } from './present';

/**
 * Unread messages of a member: those past their read mark that people wrote. System lines
 * ("你们已成为好友", a member joined) are not unread: a new friend shows no badge before anyone
 * writes.
 *
 * `newest` are the member's newest visible rows, newest first, as the caller already read them
 * (the last message of a list entry, a sync page); when they reach back to the read mark the
 * system lines are counted from them, otherwise with one indexed count.
 */
export async function unreadCountOf(
  db: Db,
  c: ConversationsTable,
  m: ConversationMembersTable,
  newest: readonly MessagesTable[],
): Promise<number> {
  const after = Math.max(m.read_seq, m.first_seq - 1);
  const upTo = visibleLastSeq(c, m);
  if (after >= upTo) return 0;
  const oldest = newest.at(-1);
  const systemLines =
    oldest !== undefined && oldest.seq <= after + 1
      ? newest.filter((r) => r.seq > after && r.seq <= upTo && r.kind === 'system').length
      : await countSystemLines(db, c.id, after, upTo);
  return Math.max(0, upTo - after - systemLines);
}

/** System lines with seq in (after, upTo]; the partial index messages_system serves it. */
async function countSystemLines(
  db: Db,
  conversationId: string,
  after: number,
  upTo: number,
): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('conversation_id', '=', conversationId)
    // A literal, not a bound value, so that both stores can match it to the partial index.
    .where(sql<boolean>`kind = 'system'`)
    .where('seq', '>', after)
    .where('seq', '<=', upTo)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
