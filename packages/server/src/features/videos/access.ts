import type { AppContext } from '../../platform/context';
import { friendsRules as friends } from '../../social/friends';
import type { VideoRow } from './queries';
import * as q from './queries';

/**
 * Whether the viewer may watch the video: the owner always; nobody else while it is not ready
 * or once it is private; public ones every signed-in user the owner has not blocked;
 * friends-only ones the owner's friends and the members of a chat it was shared into, once
 * they were there (a share from before they joined is no more theirs than that history).
 */
export async function canSeeVideo(ctx: AppContext, viewerId: string, video: VideoRow): Promise<boolean> {
  if (video.owner_id === viewerId) return true;
  if (video.state !== 'ready' || video.visibility === 'private') return false;
  if (await friends.isBlocking(ctx, video.owner_id, viewerId)) return false;
  if (video.visibility === 'public') return true;
  if (await friends.areFriends(ctx, viewerId, video.owner_id)) return true;
  // Shared into a chat of theirs by a message they may see: at or after their first visible
  // seq (where they joined, or cleared the chat up to), as history goes.
  const shares = await q.sharesSeenBy(ctx.db, ctx.store.dialect, video.id, viewerId);
  return shares.some((share) => share.seq >= share.first_seq);
}
