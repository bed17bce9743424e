import type { UploadedImage } from '@liao/protocol';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { enforce } from '../../platform/ratelimit/enforce';
import { type Membership, requireMembership, requireSendable, visibleLastSeq } from '../membership';
import type { ContentKind } from '../messages';
import { makeChatImage } from './chatImage';
import * as q from './queries';

/*
 * Images in chats. Uploaded into one conversation by someone who may send there, sent from
 * there only by the one who uploaded it, and served only to that conversation's members who
 * may read a message carrying it (not to those who joined after it was sent).
 */

export type ImageVariant = 'full' | 'thumb';

function imageKey(id: string, variant: ImageVariant): string {
  return variant === 'full' ? `images/${id}` : `images/${id}.thumb`;
}

/**
 * Checks made before the body is read (a 20 MB body is not worth reading for a refusal): the
 * upload rate (per minute, against bursts, and per 10 minutes) and the permission to send in
 * the conversation.
 */
export async function checkImageUpload(ctx: AppContext, auth: Auth, conversationId: string): Promise<void> {
  const { imageUploadsPerUser, imageUploadsPerUserPerMinute } = ctx.config.rateLimits;
  enforce(await ctx.limiter.hit(`imageUpload:minute:user:${auth.userId}`, imageUploadsPerUserPerMinute));
  enforce(await ctx.limiter.hit(`imageUpload:user:${auth.userId}`, imageUploadsPerUser));
  await requireSendable(ctx, conversationId, auth.userId);
}

/** Checks an upload by content, re-encodes it, stores the image and its thumbnail. */
export async function doUploadImage(
  ctx: AppContext,
  auth: Auth,
  conversationId: string,
  input: Buffer,
): Promise<UploadedImage> {
  // Again, as the permission may have gone while the body came in (checkImageUpload counted it).
  await requireSendable(ctx, conversationId, auth.userId);
  const { image, thumb } = await makeChatImage(input);
  const id = newId();
  // Files first: a row never names a file that is not there.
  await ctx.media.put(imageKey(id, 'full'), image.data);
  await ctx.media.put(imageKey(id, 'thumb'), thumb.data);
  try {
    await q.insertImage(ctx.db, {
      id,
      conversation_id: conversationId,
      uploader_id: auth.userId,
      mime: image.mime,
      width: image.width,
      height: image.height,
      bytes: image.data.length,
      thumb_bytes: thumb.data.length,
      created_at: ctx.now(),
    });
  } catch (error) {
    await Promise.all([ctx.media.remove(imageKey(id, 'full')), ctx.media.remove(imageKey(id, 'thumb'))]);
    throw error;
  }
  return { imageId: id, width: image.width, height: image.height };
}

/**
 * The image an image message may carry: one the sender uploaded into this conversation. Its
 * measured size is what the message stores, whatever size the client sent.
 */
export async function requireOwnImage(
  ctx: AppContext,
  senderId: string,
  conversationId: string,
  imageId: string,
): Promise<UploadedImage> {
  const row = await q.getImage(ctx.db, imageId);
  if (!row || row.uploader_id !== senderId || row.conversation_id !== conversationId) {
    throw new AppError('IMAGE_NOT_FOUND');
  }
  return { imageId: row.id, width: row.width, height: row.height };
}

/**
 * Opens an image or its thumbnail for a current member of its conversation who may see a
 * message carrying it: one at or after their first visible seq, where they joined or cleared
 * the chat up to, the rule history follows. Its uploader may open it before it is sent (the
 * echo of an unsent image shows it). Anyone else (never a member, removed, left, joined after
 * it was sent) is told it does not exist: MEDIA_NOT_FOUND, as for an unknown id.
 */
export async function openChatImage(ctx: AppContext, auth: Auth, imageId: string, variant: ImageVariant) {
  const row = await q.getImage(ctx.db, imageId);
  if (!row) throw new AppError('MEDIA_NOT_FOUND');
  let membership: Membership;
  try {
    membership = await requireMembership(ctx, row.conversation_id, auth.userId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONVERSATION_NOT_FOUND')
      throw new AppError('MEDIA_NOT_FOUND');
    throw error;
  }
  if (row.uploader_id !== auth.userId && !(await isSentWithinView(ctx, membership, imageId))) {
    throw new AppError('MEDIA_NOT_FOUND');
  }
  const file = await ctx.media.open(imageKey(imageId, variant));
  if (!file) throw new AppError('MEDIA_NOT_FOUND');
  return { ...file, mime: variant === 'full' ? row.mime : 'image/webp' };
}

/** Whether a message carrying the image lies in the part of the history the member may read. */
async function isSentWithinView(
  ctx: AppContext,
  { conversation, member }: Membership,
  imageId: string,
): Promise<boolean> {
  const seqs = await q.imageMessageSeqs(ctx.db, ctx.store.dialect, conversation.id, imageId);
  const last = visibleLastSeq(conversation, member);
  return seqs.some((seq) => seq >= member.first_seq && seq <= last);
}

/** Image messages: an image the sender uploaded into this conversation, at the size measured. */
export const imageContent: ContentKind<'image'> = {
  kind: 'image',
  async check(ctx, senderId, conversationId, sent) {
    return { kind: 'image', ...(await requireOwnImage(ctx, senderId, conversationId, sent.imageId)) };
  },
};
