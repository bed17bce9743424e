import { sql } from 'kysely';
import type { Db } from '../../platform/db/database';
import { type DialectName, greatest } from '../../platform/db/dialect';
import type { ConversationMembersTable, ConversationsTable } from '../../platform/db/schema';

export interface ChangedRow {
  conversation: ConversationsTable;
  member: ConversationMembersTable;
  changePos: number;
}

/*
 * What a first sync (cursor null) lists: every conversation the user is in, and every one they
 * left or were removed from unless they deleted it from their list since. As in WeChat, a group
 * one was removed from stays in the list, its history readable up to the removal, until one
 * deletes it; a new device must show it too, or the list would depend on which device one looks
 * at (and a later sync would bring it back whenever its position happened to lie above the
 * cursor). A departed conversation once deleted is left out: nothing can happen in it for the
 * user any more except being invited back, which moves their row and so reaches every device
 * as a change. A device that knew it learns of the deletion as a change (hidden: true), so both
 * devices list the same chats. Deleted conversations the user is still in stay in (as hidden),
 * since a new message brings them back.
 *
 * Hidden, as chat/membership/present.ts computes it: hidden_seq at or past the last seq the member
 * may read, which for someone who left is the smaller of the conversation's and left_seq.
 */
const listedOnFirstSync = sql<boolean>`(m.status = 'active' or m.hidden_seq is null
  or (m.hidden_seq < c.last_seq and (m.left_seq is null or m.hidden_seq < m.left_seq)))`;

/**
 * The user's conversations that changed after `cursor`, in the order of their newest change.
 * A conversation changes for a member when their own row does (read mark, settings, joining,
 * leaving) or, while they are in it, when the conversation does (messages, name, members).
 * With `cursor` null: what a first sync lists (above). `resume` continues a split reply after
 * the conversation it names.
 */
export async function listChangedConversations(
  db: Db,
  dialect: DialectName,
  userId: string,
  cursor: number | null,
  resume: { pos: number; conversationId: string } | undefined,
  limit: number,
): Promise<ChangedRow[]> {
  const activePos = sql<number>`case when m.status = 'active' then c.last_pos else 0 end`;
  const changePos = greatest(dialect, sql<number>`m.pos`, activePos);
  let query = db
    .selectFrom('conversation_members as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .selectAll('c')
    .select([
      'm.conversation_id as m_conversation_id',
      'm.user_id as m_user_id',
      'm.role as m_role',
      'm.nickname as m_nickname',
      'm.status as m_status',
      'm.joined_at as m_joined_at',
      'm.first_seq as m_first_seq',
      'm.left_seq as m_left_seq',
      'm.read_seq as m_read_seq',
      'm.marked_unread as m_marked_unread',
      'm.pinned as m_pinned',
      'm.muted as m_muted',
      'm.hidden_seq as m_hidden_seq',
      'm.draft as m_draft',
      'm.draft_updated_at as m_draft_updated_at',
      'm.pos as m_pos',
      changePos.as('change_pos'),
    ])
    .where('m.user_id', '=', userId);
  query =
    cursor === null ? query.where(listedOnFirstSync) : query.where(sql<boolean>`${changePos} > ${cursor}`);
  if (resume) {
    query = query.where(
      sql<boolean>`(${changePos} > ${resume.pos} or (${changePos} = ${resume.pos} and c.id > ${resume.conversationId}))`,
    );
  }
  const rows = await query.orderBy(sql`change_pos`).orderBy('c.id').limit(limit).execute();
  return rows.map((r) => ({
    conversation: {
      id: r.id,
      kind: r.kind,
      direct_key: r.direct_key,
      name: r.name,
      owner_id: r.owner_id,
      member_count: r.member_count,
      last_seq: r.last_seq,
      last_pos: r.last_pos,
      last_message_at: r.last_message_at,
      members_version: r.members_version,
      dissolved_at: r.dissolved_at,
      created_at: r.created_at,
    },
    member: {
      conversation_id: r.m_conversation_id,
      user_id: r.m_user_id,
      role: r.m_role,
      nickname: r.m_nickname,
      status: r.m_status,
      joined_at: r.m_joined_at,
      first_seq: r.m_first_seq,
      left_seq: r.m_left_seq,
      read_seq: r.m_read_seq,
      marked_unread: r.m_marked_unread,
      pinned: r.m_pinned,
      muted: r.m_muted,
      hidden_seq: r.m_hidden_seq,
      draft: r.m_draft,
      draft_updated_at: r.m_draft_updated_at,
      pos: r.m_pos,
    },
    changePos: Number(r.change_pos),
  }));
}

/** Read marks of the other members of one-to-one chats, by conversation id. */
export async function peerMembers(
  db: Db,
  conversationIds: string[],
  userId: string,
): Promise<Map<string, ConversationMembersTable>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('conversation_members')
    .selectAll()
    .where('conversation_id', 'in', conversationIds)
    .where('user_id', '!=', userId)
    .execute();
  return new Map(rows.map((r) => [r.conversation_id, r]));
}
