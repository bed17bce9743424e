import {
  heirOf,
  MAX_GROUP_MEMBERS,
  type MemberList,
  mayRemoveMembers,
  ownsGroup,
  removalRefusal,
  type SystemEvent,
} from '@liao/protocol';
import { avatarUrl } from '../../identity/accounts';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { membershipQueries as q, requireMembership } from '../membership';
import { type GroupTx, runGroupChange } from './groupChange';
import { checkFriendsToAdd, joiningMember } from './groups';

/*
 * Who is in a group and in what role. Any member invites their friends and sets their own
 * group nickname; the owner and admins remove members (admins only plain members); the owner
 * alone hands over ownership and appoints or dismisses admins. Someone who leaves or is
 * removed keeps the history up to that line and sees nothing after it.
 */

/**
 * The group's members (active ones), with roles, nicknames and each one's name and picture, and
 * the version to compare. Members see one another's names whether or not they are friends; only
 * active members may ask (someone who left no longer learns who comes and goes).
 */
export async function listGroupMembers(
  ctx: AppContext,
  auth: Auth,
  conversationId: string,
): Promise<MemberList> {
  const { conversation } = await requireMembership(ctx, conversationId, auth.userId);
  const rows = await q.listMembersWithProfiles(ctx.db, conversationId);
  return {
    membersVersion: conversation.members_version,
    members: rows.map((m) => ({
      userId: m.user_id,
      role: m.role,
      nickname: m.nickname,
      joinedAt: m.joined_at,
      user: {
        id: m.user_id,
        username: m.username,
        displayName: m.display_name,
        avatarUrl: avatarUrl(m.avatar_id),
      },
    })),
  };
}

/** An active member's row, locked; USER_NOT_FOUND for anyone not in the group now. */
async function lockActiveMember(tx: GroupTx, userId: string) {
  const [row] = await q.lockMembers(tx.trx, tx.conversation.id, [userId]);
  if (row?.status !== 'active') throw new AppError('USER_NOT_FOUND', 'That user is not in this group.');
  return row;
}

/**
 * Adds the caller's friends (those already in it are skipped). Someone who had left or been
 * removed comes back from the invitation line on: they do not see what was said meanwhile,
 * nor before they first joined, as in WeChat.
 */
export async function doInviteMembers(
  ctx: AppContext,
  auth: Auth,
  conversationId: string,
  userIds: string[],
): Promise<void> {
  await checkFriendsToAdd(ctx, auth.userId, userIds, 'userIds');
  await runGroupChange(ctx, conversationId, auth.userId, async (tx) => {
    const { trx, conversation, now, nextSeq } = tx;
    const rows = await q.lockMembers(trx, conversationId, userIds);
    const known = new Map(rows.map((r) => [r.user_id, r]));
    const joining = userIds.filter((id) => known.get(id)?.status !== 'active');
    if (joining.length === 0) return null;
    if (conversation.member_count + joining.length > MAX_GROUP_MEMBERS) {
      throw new AppError('GROUP_FULL', `A group has at most ${MAX_GROUP_MEMBERS} members.`);
    }
    const fresh = joining.filter((id) => !known.has(id));
    // Invited together, they join a millisecond apart in the order given (see doCreateGroup).
    const joinedAt = (id: string) => now + joining.indexOf(id);
    for (const id of joining) {
      if (!known.has(id)) continue;
      await q.updateMember(trx, conversationId, id, {
        status: 'active',
        role: 'member',
        first_seq: nextSeq,
        left_seq: null,
        read_seq: nextSeq - 1,
        marked_unread: 0,
        hidden_seq: null,
        joined_at: joinedAt(id),
      });
    }
    await q.insertMembers(
      trx,
      fresh.map((id) => joiningMember(conversationId, id, 'member', nextSeq, joinedAt(id))),
    );
    return {
      lines: [{ type: 'members.invited', actorId: auth.userId, memberIds: joining }],
      conversation: { member_count: conversation.member_count + joining.length },
      touched: joining,
      membersVersion: true,
      memberIds: true,
    };
  });
}

/**
 * Removes a member: the owner removes anyone, an admin only plain members. Removing oneself
 * is leaving.
 */
export async function doRemoveMember(
  ctx: AppContext,
  auth: Auth,
  conversationId: string,
  userId: string,
): Promise<void> {
  if (userId === auth.userId) return doLeaveGroup(ctx, auth, conversationId);
  await runGroupChange(ctx, conversationId, auth.userId, async (tx) => {
    const { trx, conversation, actor, nextSeq } = tx;
    if (!mayRemoveMembers(actor.role)) throw new AppError('NOT_GROUP_ADMIN');
    const target = await lockActiveMember(tx, userId);
    const refusal = removalRefusal(actor.role, target.role);
    if (refusal) throw new AppError(refusal, 'Only the owner may remove the owner or an admin.');
    await q.updateMember(trx, conversationId, userId, {
      status: 'removed',
      role: 'member',
      left_seq: nextSeq,
    });
    return {
      lines: [{ type: 'member.removed', actorId: auth.userId, memberId: userId }],
      conversation: { member_count: conversation.member_count - 1 },
      departed: [userId],
      membersVersion: true,
      memberIds: true,
    };
  });
}

/**
 * Leaves the group. An owner who leaves hands it to the longest-standing admin, else the
 * longest-standing member; the last one to leave ends it.
 */
export async function doLeaveGroup(ctx: AppContext, auth: Auth, conversationId: string): Promise<void> {
  await runGroupChange(ctx, conversationId, auth.userId, async (tx) => {
    const { trx, conversation, actor, now, nextSeq } = tx;
    const lines: SystemEvent[] = [];
    const changes: q.ConversationChanges = { member_count: conversation.member_count - 1 };
    const touched: string[] = [];
    const others = (await q.listMembers(trx, conversationId)).filter((m) => m.user_id !== auth.userId);
    if (others.length === 0) {
      changes.dissolved_at = now;
      changes.owner_id = null;
    } else if (actor.role === 'owner') {
      // listMembers is in joining order, as heirOf needs it.
      const heir = heirOf(others)!;
      await lockActiveMember(tx, heir.user_id);
      await q.updateMember(trx, conversationId, heir.user_id, { role: 'owner' });
      changes.owner_id = heir.user_id;
      touched.push(heir.user_id);
      lines.push({ type: 'owner.transferred', actorId: auth.userId, ownerId: heir.user_id });
    }
    lines.push({ type: 'member.left', actorId: auth.userId });
    await q.updateMember(trx, conversationId, auth.userId, {
      status: 'left',
      role: 'member',
      left_seq: nextSeq + lines.length - 1,
    });
    return {
      lines,
      conversation: changes,
      touched,
      departed: [auth.userId],
      membersVersion: true,
      memberIds: true,
    };
  });
}

/** Hands ownership to another member (owner only); the former owner becomes a plain member. */
export async function doTransferOwnership(
  ctx: AppContext,
  auth: Auth,
  conversationId: string,
  userId: string,
): Promise<void> {
  await runGroupChange(ctx, conversationId, auth.userId, async (tx) => {
    if (!ownsGroup(tx.actor.role)) throw new AppError('NOT_GROUP_OWNER');
    if (userId === auth.userId) return null;
    await lockActiveMember(tx, userId);
    await q.updateMember(tx.trx, conversationId, userId, { role: 'owner' });
    await q.updateMember(tx.trx, conversationId, auth.userId, { role: 'member' });
    return {
      lines: [{ type: 'owner.transferred', actorId: auth.userId, ownerId: userId }],
      conversation: { owner_id: userId },
      touched: [userId, auth.userId],
      membersVersion: true,
    };
  });
}

/** Appoints (`admin` true) or dismisses an admin (owner only); asking for what is already so changes nothing. */
export async function doSetAdmin(
  ctx: AppContext,
  auth: Auth,
  conversationId: string,
  userId: string,
  admin: boolean,
): Promise<void> {
  await runGroupChange(ctx, conversationId, auth.userId, async (tx) => {
    if (!ownsGroup(tx.actor.role)) throw new AppError('NOT_GROUP_OWNER');
    const target = await lockActiveMember(tx, userId);
    if (target.role === 'owner' || (target.role === 'admin') === admin) return null;
    await q.updateMember(tx.trx, conversationId, userId, { role: admin ? 'admin' : 'member' });
    return {
      lines: [
        { type: admin ? 'admin.appointed' : 'admin.dismissed', actorId: auth.userId, memberId: userId },
      ],
      touched: [userId],
      membersVersion: true,
    };
  });
}

/** Sets the caller's 群昵称 in this group ('' clears it). No line: the member list shows it. */
export async function doSetNickname(
  ctx: AppContext,
  auth: Auth,
  conversationId: string,
  nickname: string,
): Promise<void> {
  await runGroupChange(ctx, conversationId, auth.userId, async ({ trx, actor }) => {
    if (actor.nickname === nickname) return null;
    await q.updateMember(trx, conversationId, auth.userId, { nickname });
    return { lines: [], touched: [auth.userId], membersVersion: true };
  });
}
