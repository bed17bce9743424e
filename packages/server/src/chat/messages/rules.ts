import type {
  HistoryBody,
  HistoryResult,
  Message,
  MessageContent,
  ReadBody,
  SendMessageBody,
  TypingBody,
} from '@liao/protocol';
import type { z } from 'zod';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { takePositions } from '../../platform/db/positions';
import type { SendPermissions } from '../membership';
import {
  checkCanSend,
  membershipQueries as conversations,
  requireMembership,
  requireSendable,
  visibleLastSeq,
} from '../membership';
import { checkedKind, presented } from './contentKinds';
import type { MessageHooks } from './messageHooks';
import { toMessage, withContent } from './present';
import { announceMessages } from './publish';
import * as q from './queries';
import { quoteFor } from './replies';
import type { MessageWriter, SendOutcome } from './writer';

/** What sending needs beside the context: the group-commit writer and the cache of send rights. */
export interface Sending {
  writer: MessageWriter;
  permissions: SendPermissions;
}

/** Who is asking over the socket: the session and the connection, so it can skip its own echo. */
import type { Caller } from '../../platform/caller';

/**
 * Sends a message: checked, stored with the next seq (in a group commit), acknowledged after
 * the commit, then announced to every device of every member. A resend of the same client id
 * gets the first acknowledgement and announces nothing.
 */
export async function doSendMessage(
  ctx: AppContext,
  sending: Sending,
  caller: Caller,
  body: z.output<typeof SendMessageBody>,
): Promise<Message> {
  // Sends pipelined on one connection reach the writer in the order they arrived, whatever
  // their permission checks cost: each waits for the one before it to be queued (not stored).
  const key = caller.connId ?? caller.sessionId;
  const { writer, permissions } = sending;
  const sendTurns = writer.turns;
  const before = sendTurns.get(key);
  let submitted: Promise<SendOutcome> | undefined;
  let content: MessageContent | undefined;
  const turn = (before ?? Promise.resolve()).then(async () => {
    await checkCanSend(ctx, permissions, body.conversationId, caller.userId);
    content = await checkedContent(ctx, caller.userId, body);
    submitted = writer.submit({
      senderId: caller.userId,
      conversationId: body.conversationId,
      clientId: body.clientId,
      content,
    });
  });
  const settled = turn.catch(() => undefined);
  sendTurns.set(key, settled);
  void settled.then(() => {
    if (sendTurns.get(key) === settled) sendTurns.delete(key);
  });
  await turn;
  const { row, created } = await (submitted as Promise<SendOutcome>);
  // A resend is answered only when its content is the stored content (see MessageWriter), so
  // the object sent is the message's content either way: one presentation serves the
  // acknowledgement and the announcement.
  const [message] = (await presented(ctx, [withContent(row, content as MessageContent)])) as [Message];
  if (created) await announceMessages(ctx, [message], caller.connId);
  return message;
}

/**
 * What a message stores: the text as sent, another kind as its handler checked it (an image
 * only when the sender uploaded it into this conversation, chat/images; a video with its card,
 * features/videos/shares.ts), and a reply with the quote of what it answers.
 */
async function checkedContent(
  ctx: AppContext,
  senderId: string,
  body: z.output<typeof SendMessageBody>,
): Promise<MessageContent> {
  const { replyTo, ...content } = body.content;
  const quote = replyTo ? { replyTo: await quoteFor(ctx, body.conversationId, senderId, replyTo) } : {};
  return { ...(await checkedKind(ctx, senderId, body.conversationId, content)), ...quote } as MessageContent;
}

/** A page of history, within what the caller may see (from joining or clearing, to leaving). */
export async function getHistory(
  ctx: AppContext,
  caller: Auth,
  body: z.output<typeof HistoryBody>,
): Promise<HistoryResult> {
  const { conversation, member } = await requireMembership(ctx, body.conversationId, caller.userId, {
    former: true,
  });
  const first = member.first_seq;
  const last = visibleLastSeq(conversation, member);
  const limit = body.limit;
  if (body.after !== undefined) {
    const rows = await q.messagesInRange(
      ctx.db,
      conversation.id,
      Math.max(first, body.after + 1),
      last,
      limit + 1,
      'asc',
    );
    const messages = await presented(ctx, rows.slice(0, limit).map(toMessage));
    return { messages, hasMore: rows.length > limit };
  }
  const upTo = body.before !== undefined ? Math.min(last, body.before - 1) : last;
  const rows = await q.newestMessages(ctx.db, conversation.id, first, upTo, limit + 1);
  const messages = await presented(ctx, rows.slice(0, limit).reverse().map(toMessage));
  return { messages, hasMore: rows.length > limit };
}

/**
 * Moves the caller's read mark forward (never back, never past the last message) and clears a
 * hand-made unread mark (reading a chat marked unread clears it even when the mark cannot move).
 * The caller's other devices hear of it, and in a one-to-one chat so does the other side, which
 * shows 已读 / read.
 */
export async function doMarkRead(
  ctx: AppContext,
  hooks: MessageHooks,
  caller: Caller,
  body: z.output<typeof ReadBody>,
): Promise<{ readSeq: number }> {
  const { conversation, member } = await requireMembership(ctx, body.conversationId, caller.userId);
  const target = Math.max(member.read_seq, Math.min(body.seq, visibleLastSeq(conversation, member)));
  if (target === member.read_seq && member.marked_unread === 0) return { readSeq: member.read_seq };
  const direct = conversation.kind === 'direct';
  const pos = await ctx.db.transaction().execute(async (trx) => {
    // Row locks first (the conversation's only where the other side must learn of it), then the position.
    if (direct) await conversations.lockConversation(trx, conversation.id);
    await conversations.updateMember(trx, conversation.id, caller.userId, {
      read_seq: target,
      marked_unread: 0,
    });
    const p = await takePositions(trx, 1);
    await conversations.updateMember(trx, conversation.id, caller.userId, { pos: p });
    if (direct) await conversations.setConversationPos(trx, conversation.id, p);
    return p;
  });
  const event = {
    type: 'read.updated' as const,
    conversationId: conversation.id,
    userId: caller.userId,
    readSeq: target,
    pos,
  };
  if (direct)
    await ctx.bus.publish({
      kind: 'conversation',
      conversationId: conversation.id,
      event,
      exceptConnId: caller.connId,
    });
  else await ctx.bus.publish({ kind: 'event', userIds: [caller.userId], event });
  if (target > member.read_seq) {
    await hooks.read.run({
      conversationId: conversation.id,
      userId: caller.userId,
      sessionId: caller.sessionId,
      readSeq: target,
    });
  }
  return { readSeq: target };
}

/**
 * Relays "typing…" to the other side of a one-to-one chat; nothing is stored. Only someone
 * who may send there may say they are typing; in groups it is shown to no one.
 */
export async function doTyping(
  ctx: AppContext,
  caller: Caller,
  body: z.output<typeof TypingBody>,
): Promise<void> {
  const { conversation } = await requireSendable(ctx, body.conversationId, caller.userId);
  if (conversation.kind !== 'direct') return;
  const peer = await conversations.getPeerMember(ctx.db, conversation.id, caller.userId);
  if (!peer) return;
  await ctx.bus.publish({
    kind: 'event',
    userIds: [peer.user_id],
    event: {
      type: 'typing',
      conversationId: conversation.id,
      userId: caller.userId,
      ...(body.stopped ? { stopped: true } : {}),
    },
  });
}
