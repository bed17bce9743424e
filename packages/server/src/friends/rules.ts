import type { AppContext } from '../context';
import * as q from './queries';

/** The ids of the user's friends (who see the user's profile changes live). */
export async function getFriendIds(ctx: AppContext, userId: string): Promise<string[]> {
  return q.listFriendIds(ctx.db, userId);
}
