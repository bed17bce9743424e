import type { AppContext } from '../../platform/context';
import type { ConversationMembersTable, ConversationsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import * as q from './queries';
import type { SendPermissions } from './sendPermissions';
import { findSendRefusals } from './sendRights';
import { sendPairKey } from './sendRule';

export interface Membership {
  conversation: ConversationsTable;
  member: ConversationMembersTable;
}

/**
 * The caller's membership of a conversation. Someone who was never in it gets the same
 * CONVERSATION_NOT_FOUND as for an unknown id; a former member only where `former` is allowed
 * (reading what they could see before they left).
 */
export async function requireMembership(
  ctx: AppContext,
  conversationId: string,
  userId: string,
  options: { former?: boolean } = {},
): Promise<Membership> {
  const member = await q.getMember(ctx.db, conversationId, userId);
  if (!member || (member.status !== 'active' && !options.former))
    throw new AppError('CONVERSATION_NOT_FOUND');
  const conversation = await q.getConversation(ctx.db, conversationId);
  if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND');
  return { conversation, member };
}

/**
 * Whether the caller may send to the conversation now: an active member of a group that still
 * exists, or in a one-to-one chat a friend of the other side who has not blocked them.
 */
export async function checkCanSend(
  ctx: AppContext,
  permissions: SendPermissions,
  conversationId: string,
  senderId: string,
): Promise<void> {
  if (permissions.has(conversationId, senderId)) return;
  await requireSendable(ctx, conversationId, senderId);
  permissions.remember(conversationId, senderId);
}

/** The full check behind checkCanSend, reading the store; returns the membership. */
export async function requireSendable(
  ctx: AppContext,
  conversationId: string,
  senderId: string,
): Promise<Membership> {
  const membership = await requireMembership(ctx, conversationId, senderId);
  const pair = { conversationId, senderId };
  const refusal = (await findSendRefusals(ctx.db, [pair])).get(sendPairKey(pair));
  if (refusal) throw refusal;
  return membership;
}
