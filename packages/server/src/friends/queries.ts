import type { Db } from '../db/database';

export async function listFriendIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('friendships').select('friend_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.friend_id);
}
