import { unreadTotalOf } from '../../chat/membership';
import type { AppContext } from '../../platform/context';
import { countPendingIncoming } from '../../social/friends';

/**
 * The number on the app's icon, as the web app counts it (app/useAttentionSignals.ts): unread
 * messages in chats that are not muted, plus friend requests waiting for an answer.
 */
export async function badgeCountOf(ctx: AppContext, userId: string): Promise<number> {
  const [unread, requests] = await Promise.all([
    unreadTotalOf(ctx.db, ctx.store.dialect, userId),
    countPendingIncoming(ctx.db, userId, ctx.now()),
  ]);
  return unread + requests;
}
