import type { AppContext } from '../../platform/context';
import { isUniqueViolation } from '../../platform/db/dialect';
import { takePositions } from '../../platform/db/positions';
import type { ConversationMembersTable, ConversationsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { friendsRules as friends } from '../../social/friends';
import { directKey, membershipQueries as q } from '../membership';
import { appendMessages, type NewMessage, publishMessages } from '../messages';
import { doShowConversation } from './settings';

function newMember(conversationId: string, userId: string, at: number): ConversationMembersTable {
  return {
    conversation_id: conversationId,
    user_id: userId,
    role: 'member',
    nickname: '',
    status: 'active',
    joined_at: at,
    first_seq: 1,
    left_seq: null,
    read_seq: 0,
    marked_unread: 0,
    pinned: 0,
    muted: 0,
    hidden_seq: null,
    draft: '',
    draft_updated_at: null,
    pos: 0,
  };
}

/** The one-to-one chat of two users, made on first use (one per pair, whoever opens it). */
async function ensureDirect(
  ctx: AppContext,
  a: string,
  b: string,
): Promise<{ row: ConversationsTable; created: boolean }> {
  const key = directKey(a, b);
  const existing = await q.findDirectConversation(ctx.db, key);
  if (existing) return { row: existing, created: false };
  const now = ctx.now();
  const row: ConversationsTable = {
    id: newId(),
    kind: 'direct',
    direct_key: key,
    name: null,
    owner_id: null,
    member_count: 2,
    last_seq: 0,
    last_pos: 0,
    last_message_at: null,
    members_version: 0,
    dissolved_at: null,
    created_at: now,
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await q.insertConversation(trx, row);
      await q.insertMembers(trx, [newMember(row.id, a, now), newMember(row.id, b, now)]);
      const pos = await takePositions(trx, 1);
      await q.setConversationPos(trx, row.id, pos);
      row.last_pos = pos;
      row.members_version = pos;
      await trx.updateTable('conversations').set({ members_version: pos }).where('id', '=', row.id).execute();
    });
  } catch (error) {
    // Both opened it at the same instant: the store's unique key made one; use it.
    if (!isUniqueViolation(error)) throw error;
    const raced = await q.findDirectConversation(ctx.db, key);
    if (!raced) throw error;
    return { row: raced, created: false };
  }
  return { row, created: true };
}

/** Opens (or finds) the caller's one-to-one chat with a friend. */
export async function doOpenDirect(ctx: AppContext, userId: string, otherId: string): Promise<string> {
  if (userId === otherId) throw new AppError('NOT_FRIENDS', 'You cannot chat with yourself.');
  if (!(await friends.areFriends(ctx, userId, otherId))) throw new AppError('NOT_FRIENDS');
  const { row, created } = await ensureDirect(ctx, userId, otherId);
  if (created) {
    for (const id of [userId, otherId]) {
      await ctx.bus.publish({
        kind: 'event',
        userIds: [id],
        event: { type: 'conversation.changed', conversationId: row.id, pos: row.last_pos },
      });
    }
  } else await doShowConversation(ctx, userId, row.id);
  return row.id;
}

/**
 * Two people just became friends: their chat opens (or reopens) with the request's greeting
 * as a line from the one who asked, then a system line saying they are friends now.
 * Who may call it: the friends domain, after the friendship is committed.
 */
export async function doStartFriendChat(
  ctx: AppContext,
  requesterId: string,
  accepterId: string,
  greeting: string,
): Promise<string> {
  const { row } = await ensureDirect(ctx, requesterId, accepterId);
  const lines: NewMessage[] = [];
  if (greeting)
    lines.push({
      conversationId: row.id,
      senderId: requesterId,
      clientId: null,
      content: { kind: 'text', text: greeting },
    });
  lines.push({
    conversationId: row.id,
    senderId: null,
    clientId: null,
    content: { kind: 'system', event: { type: 'friends.started' } },
  });
  const rows = await ctx.db.transaction().execute((trx) => appendMessages(trx, lines, ctx.now()));
  await publishMessages(ctx, rows);
  return row.id;
}
