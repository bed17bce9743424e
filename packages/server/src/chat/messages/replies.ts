import { type MessageContent, REPLY_EXCERPT_LENGTH, type ReplyQuote, type ReplyTarget } from '@liao/protocol';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { requireMembership, visibleLastSeq } from '../membership';
import * as q from './queries';

/**
 * The quote a reply stores: the message at `target.seq` of the same conversation, which the
 * sender may see (from their firstSeq, which joining late or clearing the chat moves, to the
 * newest). One refusal for every message that isn't there for them — never sent, out of their
 * view, or a system or call line (not something a person said) — so nobody learns which seqs exist.
 */
export async function quoteFor(
  ctx: AppContext,
  conversationId: string,
  senderId: string,
  target: ReplyTarget,
): Promise<ReplyQuote> {
  const { conversation, member } = await requireMembership(ctx, conversationId, senderId);
  const visible = target.seq >= member.first_seq && target.seq <= visibleLastSeq(conversation, member);
  const row = visible ? await q.messageAt(ctx.db, conversationId, target.seq) : undefined;
  if (!row) throw new AppError('REPLY_TARGET_NOT_FOUND');
  const content = JSON.parse(row.content) as MessageContent;
  const base = { seq: row.seq, senderId: row.sender_id };
  switch (content.kind) {
    case 'text':
      return { ...base, kind: 'text', excerpt: excerptOf(content.text) };
    case 'image':
      return { ...base, kind: 'image', imageId: content.imageId };
    case 'video':
      return {
        ...base,
        kind: 'video',
        videoId: content.videoId,
        ...(content.comment ? { excerpt: excerptOf(content.comment) } : {}),
      };
    // A line the server wrote is not something a person said.
    case 'system':
    case 'call':
      throw new AppError('REPLY_TARGET_NOT_FOUND');
  }
}

/** The first REPLY_EXCERPT_LENGTH code points (an emoji is never cut in half). */
export function excerptOf(text: string): string {
  return Array.from(text).slice(0, REPLY_EXCERPT_LENGTH).join('');
}
