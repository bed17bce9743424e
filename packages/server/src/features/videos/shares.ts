import { createHash } from 'node:crypto';
import type { Message, ShareVideoBody, ShareVideoResult, VideoCard } from '@liao/protocol';
import type { z } from 'zod';
import type { ContentKind } from '../../chat/messages';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { canSeeVideo } from './access';
import { toVideoCard } from './present';
import * as q from './queries';
import { recordShare } from './rules';
import { videosByIds } from './shareQueries';

/*
 * Videos shared into chats. Sending one records the share and stores its card in the message;
 * the share and the message together let the chat's members who may see that message watch it
 * (videos/access.ts: not those who joined after it was sent).
 *
 * Whether a card is still `available` is computed when a message is presented (history, sync,
 * the live event, the acknowledgement), not written into old messages when the owner deletes
 * the video or makes it private. Rewriting them would give old messages new positions, and
 * sync's promise rests on positions growing with seq in a conversation (a changed conversation
 * sends its newest messages; the device's ranges say what it holds); a message's stored bytes
 * would also stop matching a resend of the same client id. Computed on read, every reply about
 * a message tells the truth at that moment, and a device still holding an old copy learns it
 * the moment it asks for the poster or stream, which answer VIDEO_NOT_FOUND from then on.
 */

/**
 * The card a video message stores, after checking that the sender may share the video: they
 * may watch it (owner, or per its visibility) and it is ready. Records the share first, so that
 * a member who sees the message can always watch it. Who may call it: message sending, after
 * checking the sender may send in the conversation.
 */
export async function cardToShare(
  ctx: AppContext,
  senderId: string,
  conversationId: string,
  videoId: string,
): Promise<VideoCard> {
  const row = await q.getVideo(ctx.db, videoId);
  if (!row || !(await canSeeVideo(ctx, senderId, row))) throw new AppError('VIDEO_NOT_FOUND');
  if (row.state !== 'ready') throw new AppError('VIDEO_NOT_READY');
  await recordShare(ctx.db, videoId, conversationId, senderId, ctx.now());
  return toVideoCard(row.id, row.owner_id, row);
}

/**
 * Messages as they are shown: each video card as the chat may see it now. A card is available
 * while the video exists, is ready and is not private (a share lets every member watch a
 * friends-only video), and then shows the video's current caption; otherwise it is blanked.
 */
export async function withLiveCards(ctx: AppContext, messages: Message[]): Promise<Message[]> {
  const ids = messages.flatMap((m) => (m.content.kind === 'video' ? [m.content.videoId] : []));
  if (ids.length === 0) return messages;
  const rows = new Map((await videosByIds(ctx.db, ids)).map((r) => [r.id, r]));
  return messages.map((m) => {
    if (m.content.kind !== 'video') return m;
    const row = rows.get(m.content.videoId);
    const shown = row && row.state === 'ready' && row.visibility !== 'private' ? row : undefined;
    const card = toVideoCard(m.content.videoId, m.content.card.ownerId, shown);
    return { ...m, content: { ...m.content, card } };
  });
}

/** What sends one message for the share (doSendMessage, bound to the server's writer). */
export type SendAs = (
  sender: Auth,
  body: {
    conversationId: string;
    clientId: string;
    content: { kind: 'video'; videoId: string; comment?: string };
  },
) => Promise<Message>;

/**
 * Shares a video into up to nine chats: one video message per chat, each under a client id
 * derived from the request id and the chat (so a repeated request answers the same messages),
 * with per-chat results. The video is checked once first: one the caller may not share refuses
 * the whole request.
 */
export async function doShareVideo(
  ctx: AppContext,
  send: SendAs,
  auth: Auth,
  videoId: string,
  body: z.output<typeof ShareVideoBody>,
): Promise<ShareVideoResult> {
  const row = await q.getVideo(ctx.db, videoId);
  if (!row || !(await canSeeVideo(ctx, auth.userId, row))) throw new AppError('VIDEO_NOT_FOUND');
  if (row.state !== 'ready') throw new AppError('VIDEO_NOT_READY');
  const results: ShareVideoResult['results'] = [];
  // One chat after another: each is a message the writer batches anyway, and a share is rare.
  for (const conversationId of body.conversationIds) {
    try {
      const message = await send(auth, {
        conversationId,
        clientId: shareClientId(body.requestId, conversationId),
        content: { kind: 'video', videoId, ...(body.comment ? { comment: body.comment } : {}) },
      });
      results.push({ conversationId, message });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      results.push({ conversationId, error: { code: error.code, message: error.message } });
    }
  }
  return { results };
}

/** The client id of a share's message in one chat: the request id and a digest of the chat. */
export function shareClientId(requestId: string, conversationId: string): string {
  const digest = createHash('sha256').update(conversationId).digest('base64url').slice(0, 22);
  return `${requestId}_${digest}`;
}

/** Video messages: the card of a video the sender may share, shown as the chat may see it now. */
export const videoContent: ContentKind<'video'> = {
  kind: 'video',
  async check(ctx, senderId, conversationId, sent) {
    return { ...sent, card: await cardToShare(ctx, senderId, conversationId, sent.videoId) };
  },
  present: withLiveCards,
};
