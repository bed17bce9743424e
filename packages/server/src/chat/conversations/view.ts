import type { Conversation } from '@liao/protocol';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { membershipQueries as q, toConversation, unreadCountOf, visibleLastSeq } from '../membership';
import { newestMessages, presented, toMessage } from '../messages';

/**
 * The conversation as the user sees it now (also after leaving: the reply to a change they
 * made). CONVERSATION_NOT_FOUND for someone who was never in it.
 */
export async function getConversationView(
  ctx: AppContext,
  conversationId: string,
  userId: string,
): Promise<Conversation> {
  const [conversation, member] = await Promise.all([
    q.getConversation(ctx.db, conversationId),
    q.getMember(ctx.db, conversationId, userId),
  ]);
  if (!conversation || !member) throw new AppError('CONVERSATION_NOT_FOUND');
  const newest = await newestMessages(
    ctx.db,
    conversationId,
    member.first_seq,
    visibleLastSeq(conversation, member),
    1,
  );
  const peer =
    conversation.kind === 'direct' ? await q.getPeerMember(ctx.db, conversationId, userId) : undefined;
  const last = newest[0];
  return toConversation(conversation, member, {
    lastMessage: last ? ((await presented(ctx, [toMessage(last)]))[0] ?? null) : null,
    unreadCount: await unreadCountOf(ctx.db, conversation, member, newest),
    peerId: peer?.user_id ?? null,
    peerReadSeq: peer ? peer.read_seq : null,
  });
}
