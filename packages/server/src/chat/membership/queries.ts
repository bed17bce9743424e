import type { Db } from '../../platform/db/database';
import type { ConversationMembersTable, ConversationsTable, UsersTable } from '../../platform/db/schema';
import { directKey } from './directKey';

export async function getConversation(db: Db, id: string): Promise<ConversationsTable | undefined> {
  return db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDirectConversation(
  db: Db,
  directKey: string,
): Promise<ConversationsTable | undefined> {
  return db.selectFrom('conversations').selectAll().where('direct_key', '=', directKey).executeTakeFirst();
}

export async function insertConversation(db: Db, row: ConversationsTable): Promise<void> {
  await db.insertInto('conversations').values(row).execute();
}

export async function insertMembers(db: Db, rows: ConversationMembersTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('conversation_members').values(rows).execute();
}

export async function getMember(
  db: Db,
  conversationId: string,
  userId: string,
): Promise<ConversationMembersTable | undefined> {
  return db
    .selectFrom('conversation_members')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function listActiveMemberIds(db: Db, conversationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('conversation_members')
    .select('user_id')
    .where('conversation_id', '=', conversationId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function listMembers(db: Db, conversationId: string): Promise<ConversationMembersTable[]> {
  return db
    .selectFrom('conversation_members')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('status', '=', 'active')
    .orderBy('joined_at')
    .orderBy('user_id')
    .execute();
}

/** A member row with the public part of the member's profile beside it. */
export type MemberWithProfile = ConversationMembersTable &
  Pick<UsersTable, 'username' | 'display_name' | 'avatar_id'>;

/**
 * The active members with their names and pictures, in joining order: one query, so that a
 * group of 500 costs the same round trip as a group of three.
 */
export async function listMembersWithProfiles(db: Db, conversationId: string): Promise<MemberWithProfile[]> {
  return db
    .selectFrom('conversation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('m')
    .select(['u.username', 'u.display_name', 'u.avatar_id'])
    .where('m.conversation_id', '=', conversationId)
    .where('m.status', '=', 'active')
    .orderBy('m.joined_at')
    .orderBy('m.user_id')
    .execute();
}

/** The other member's row of a one-to-one chat. */
export async function getPeerMember(
  db: Db,
  conversationId: string,
  userId: string,
): Promise<ConversationMembersTable | undefined> {
  return db
    .selectFrom('conversation_members')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('user_id', '!=', userId)
    .executeTakeFirst();
}

export type MemberChanges = Partial<
  Pick<
    ConversationMembersTable,
    | 'read_seq'
    | 'marked_unread'
    | 'pinned'
    | 'muted'
    | 'draft'
    | 'draft_updated_at'
    | 'hidden_seq'
    | 'first_seq'
    | 'pos'
    | 'role'
    | 'nickname'
    | 'status'
    | 'left_seq'
    | 'joined_at'
  >
>;

export async function updateMember(
  db: Db,
  conversationId: string,
  userId: string,
  changes: MemberChanges,
): Promise<void> {
  await db
    .updateTable('conversation_members')
    .set(changes)
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .execute();
}

/** Locks the conversation row for the rest of the transaction and returns it. */
export async function lockConversation(db: Db, id: string): Promise<ConversationsTable | undefined> {
  return db
    .updateTable('conversations')
    .set((eb) => ({ last_pos: eb.ref('last_pos') }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function setConversationPos(db: Db, id: string, pos: number): Promise<void> {
  await db.updateTable('conversations').set({ last_pos: pos }).where('id', '=', id).execute();
}

/**
 * Locks these members' rows (any status) for the rest of the transaction and returns them.
 * Who may call it: a transaction that already locked the conversation row (lock order).
 */
export async function lockMembers(
  db: Db,
  conversationId: string,
  userIds: readonly string[],
): Promise<ConversationMembersTable[]> {
  if (userIds.length === 0) return [];
  return db
    .updateTable('conversation_members')
    .set((eb) => ({ pos: eb.ref('pos') }))
    .where('conversation_id', '=', conversationId)
    .where('user_id', 'in', userIds)
    .returningAll()
    .execute();
}

export type ConversationChanges = Partial<
  Pick<
    ConversationsTable,
    'name' | 'owner_id' | 'member_count' | 'dissolved_at' | 'members_version' | 'last_pos'
  >
>;

export async function updateConversation(db: Db, id: string, changes: ConversationChanges): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('conversations').set(changes).where('id', '=', id).execute();
}

/**
 * Locks the two users' one-to-one chat row, if they have one, until the transaction ends.
 * The message writer holds that lock while it checks and stores a batch, so an unfriending or
 * a block that takes it (friends' `ending` hook) lands wholly before or wholly after each batch: no message is stored
 * after the change that forbids it.
 */
export async function lockDirectChat(db: Db, a: string, b: string): Promise<void> {
  await db
    .updateTable('conversations')
    .set((eb) => ({ last_pos: eb.ref('last_pos') }))
    .where('direct_key', '=', directKey(a, b))
    .execute();
}
