import { type CreateGroupBody, MAX_GROUP_MEMBERS, type MemberRole, ownsGroup } from '@liao/protocol';
import type { z } from 'zod';
import { accountsQueries as accounts } from '../../identity/accounts';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import type { ConversationMembersTable, ConversationsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { getFriendIds } from '../../social/friends';
import { membershipQueries as q } from '../membership';
import { appendMessages, publishMessages } from '../messages';
import { runGroupChange } from './groupChange';

/*
 * Group chats: made by one person with their friends, run by an owner and admins, changed
 * only through system lines that every member sees in message order. Membership changes live
 * in members.ts; both go through runGroupChange.
 */

/** A member row for someone who joins at `firstSeq` (they do not see what came before). */
export function joiningMember(
  conversationId: string,
  userId: string,
  role: MemberRole,
  firstSeq: number,
  at: number,
): ConversationMembersTable {
  return {
    conversation_id: conversationId,
    user_id: userId,
    role,
    nickname: '',
    status: 'active',
    joined_at: at,
    first_seq: firstSeq,
    left_seq: null,
    read_seq: firstSeq - 1,
    marked_unread: 0,
    pinned: 0,
    muted: 0,
    hidden_seq: null,
    draft: '',
    draft_updated_at: null,
    pos: 0,
  };
}

/**
 * Checks a list of people to add: no one twice, never the caller, every id a user, and every
 * one of them the caller's friend. Answers with the one code of the first kind of fault, and
 * names no one in particular.
 */
export async function checkFriendsToAdd(
  ctx: AppContext,
  callerId: string,
  userIds: string[],
  field: string,
): Promise<void> {
  if (new Set(userIds).size !== userIds.length) {
    throw new AppError('VALIDATION_FAILED', 'The same person is listed twice.', {
      issues: [{ path: field, message: 'contains duplicates' }],
    });
  }
  if (userIds.includes(callerId)) {
    throw new AppError('VALIDATION_FAILED', 'List the others, not yourself.', {
      issues: [{ path: field, message: 'contains yourself' }],
    });
  }
  const users = await accounts.getUsers(ctx.db, userIds);
  if (users.length !== userIds.length) throw new AppError('USER_NOT_FOUND');
  const friends = new Set(await getFriendIds(ctx, callerId));
  if (!userIds.every((id) => friends.has(id))) {
    throw new AppError('NOT_FRIENDS', 'You can only add your friends to a group.');
  }
}

/**
 * Makes a group of the caller (its owner) and two or more of their friends. Its first line,
 * seq 1, says who made it with whom; it has no name until someone sets one.
 */
export async function doCreateGroup(
  ctx: AppContext,
  auth: Auth,
  body: z.output<typeof CreateGroupBody>,
): Promise<string> {
  const memberIds = body.memberIds;
  await checkFriendsToAdd(ctx, auth.userId, memberIds, 'memberIds');
  const now = ctx.now();
  const row: ConversationsTable = {
    id: newId(),
    kind: 'group',
    direct_key: null,
    name: body.name ?? null,
    owner_id: auth.userId,
    member_count: memberIds.length + 1,
    last_seq: 0,
    last_pos: 0,
    last_message_at: null,
    members_version: 0,
    dissolved_at: null,
    created_at: now,
  };
  if (row.member_count > MAX_GROUP_MEMBERS) throw new AppError('GROUP_FULL');
  // People added together join a millisecond apart, in the order given: the member list is in
  // joining order (the owner first), and ties would otherwise fall to the order of their ids.
  const members = [
    { ...joiningMember(row.id, auth.userId, 'owner', 1, now), read_seq: 1 },
    ...memberIds.map((id, i) => joiningMember(row.id, id, 'member', 1, now + 1 + i)),
  ];
  const lines = await ctx.db.transaction().execute(async (trx) => {
    await q.insertConversation(trx, row);
    await q.insertMembers(trx, members);
    const appended = await appendMessages(
      trx,
      [
        {
          conversationId: row.id,
          senderId: auth.userId,
          clientId: null,
          content: { kind: 'system', event: { type: 'group.created', actorId: auth.userId, memberIds } },
        },
      ],
      now,
    );
    const pos = appended[0]?.pos ?? 0;
    await q.updateConversation(trx, row.id, { members_version: pos });
    return appended;
  });
  // Every member's devices learn of it: the line, then the state to sync.
  const pos = lines[0]?.pos ?? 0;
  await publishMessages(ctx, lines);
  await ctx.bus.publish({
    kind: 'conversation',
    conversationId: row.id,
    event: { type: 'conversation.changed', conversationId: row.id, pos },
  });
  return row.id;
}

/** Names the group (any member may, as in WeChat); the same name again changes nothing. */
export async function doRenameGroup(
  ctx: AppContext,
  auth: Auth,
  conversationId: string,
  name: string,
): Promise<void> {
  await runGroupChange(ctx, conversationId, auth.userId, async ({ conversation }) => {
    if (conversation.name === name) return null;
    return {
      lines: [{ type: 'group.renamed', actorId: auth.userId, name }],
      conversation: { name },
    };
  });
}

/** Ends the group (owner only): it stays, read-only, in every member's list, marked dissolved. */
export async function doDissolveGroup(ctx: AppContext, auth: Auth, conversationId: string): Promise<void> {
  await runGroupChange(ctx, conversationId, auth.userId, async ({ actor, now }) => {
    if (!ownsGroup(actor.role)) throw new AppError('NOT_GROUP_OWNER');
    return {
      lines: [{ type: 'group.dissolved', actorId: auth.userId }],
      conversation: { dissolved_at: now },
      // Nobody may send any more: the bus message also drops every node's cached send rights.
      memberIds: true,
    };
  });
}
