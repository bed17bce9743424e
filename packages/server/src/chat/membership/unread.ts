import { sql } from 'kysely';
import type { Db } from '../../platform/db/database';
import { type DialectName, greatest } from '../../platform/db/dialect';
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

/**
 * Unread messages of all the user's chats that are not muted, as the app's badge counts them
 * (push hands it to the service worker for navigator.setAppBadge). One query: each chat's
 * messages past the read mark, less its system lines there.
 */
export async function unreadTotalOf(db: Db, dialect: DialectName, userId: string): Promise<number> {
  const after = greatest(dialect, sql<number>`m.read_seq`, sql<number>`m.first_seq - 1`);
  const row = await db
    .selectFrom('conversation_members as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(
      sql<number | string>`coalesce(sum(c.last_seq - ${after} - (
        select count(*) from messages s
        where s.conversation_id = m.conversation_id and s.kind = 'system'
          and s.seq > ${after} and s.seq <= c.last_seq
      )), 0)`.as('n'),
    )
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .where('m.muted', '=', 0)
    .whereRef('c.last_seq', '>', 'm.read_seq')
    .executeTakeFirst();
  return Math.max(0, Number(row?.n ?? 0));
}
