import type { AppContext } from '../../platform/context';
import * as q from './queries';

/*
 * What the friends domain offers other domains. Its rules live by subject: requests.ts,
 * friendships.ts, blocks.ts, search.ts; routes.ts calls them.
 */

/** The ids of the user's friends (who see the user's profile changes live). */
export async function getFriendIds(ctx: AppContext, userId: string): Promise<string[]> {
  return q.listFriendIds(ctx.db, userId);
}

/** Whether `userId` blocks `otherId`: their requests (and later messages) must not reach `userId`. */
export async function isBlocking(ctx: AppContext, userId: string, otherId: string): Promise<boolean> {
  return q.isBlocking(ctx.db, userId, otherId);
}

/** Whether the two are friends (each has the other in their list). */
export async function areFriends(ctx: AppContext, userId: string, otherId: string): Promise<boolean> {
  return (await q.getFriendship(ctx.db, userId, otherId)) !== undefined;
}
