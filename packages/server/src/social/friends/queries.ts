import type { Db } from '../../platform/db/database';
import type { BlocksTable, FriendRequestsTable, FriendshipsTable } from '../../platform/db/schema';

/** A friend_requests row as read (the generated flag resolved to a number). */
export type FriendRequestRow = Omit<FriendRequestsTable, 'hidden_from_recipient'> & {
  hidden_from_recipient: number;
};

/** Lists are for people, not for export; a cap keeps one call cheap whatever is stored. */
const LIST_CAP = 500;

// Friend requests

export async function insertRequest(db: Db, row: FriendRequestRow): Promise<void> {
  await db.insertInto('friend_requests').values(row).execute();
}

export async function getRequest(db: Db, id: string): Promise<FriendRequestRow | undefined> {
  return db.selectFrom('friend_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks pending requests from one user to another whose time ran out as expired. */
export async function expireStaleRequests(db: Db, fromId: string, toId: string, now: number): Promise<void> {
  await db
    .updateTable('friend_requests')
    .set({ status: 'expired' })
    .where('from_user_id', '=', fromId)
    .where('to_user_id', '=', toId)
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .execute();
}

/** The pending request from one user to another that is still in time, if any. */
export async function findPendingRequest(
  db: Db,
  fromId: string,
  toId: string,
  now: number,
): Promise<FriendRequestRow | undefined> {
  return db
    .selectFrom('friend_requests')
    .selectAll()
    .where('from_user_id', '=', fromId)
    .where('to_user_id', '=', toId)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * The request the sender still sees as pending: a pending one, or else a declined one still
 * in time (the sender is never told of a decline, so a resend reopens it).
 */
export async function findOpenRequest(
  db: Db,
  fromId: string,
  toId: string,
  now: number,
): Promise<FriendRequestRow | undefined> {
  return db
    .selectFrom('friend_requests')
    .selectAll()
    .where('from_user_id', '=', fromId)
    .where('to_user_id', '=', toId)
    .where('status', 'in', ['pending', 'declined'])
    .where('expires_at', '>', now)
    .orderBy('status', 'desc') // 'pending' before 'declined'
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
}

export type RequestChanges = Partial<
  Pick<FriendRequestRow, 'status' | 'greeting' | 'updated_at' | 'expires_at' | 'hidden_from_recipient'>
>;

/**
 * Changes a request only while its status is one of `fromStatuses`, so that two answers racing
 * cannot both win. Returns whether it changed.
 */
export async function updateRequest(
  db: Db,
  id: string,
  fromStatuses: readonly string[],
  changes: RequestChanges,
): Promise<boolean> {
  const result = await db
    .updateTable('friend_requests')
    .set(changes)
    .where('id', '=', id)
    .where('status', 'in', fromStatuses)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Requests addressed to the user since `since`, newest first: never hidden ones, nor ones from
 * users the recipient blocks, nor ones the sender withdrew.
 */
export async function listIncomingRequests(
  db: Db,
  userId: string,
  since: number,
): Promise<FriendRequestRow[]> {
  return db
    .selectFrom('friend_requests')
    .selectAll()
    .where('to_user_id', '=', userId)
    .where('hidden_from_recipient', '=', 0)
    .where('status', '!=', 'cancelled')
    .where('updated_at', '>=', since)
    .where('from_user_id', 'not in', (eb) =>
      eb.selectFrom('blocks').select('blocked_id').where('user_id', '=', userId),
    )
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LIST_CAP)
    .execute();
}

/**
 * Requests waiting for the user's answer, as the app's badge counts them: pending, not
 * expired, and not from someone they block.
 */
export async function countPendingIncoming(db: Db, userId: string, now: number): Promise<number> {
  const row = await db
    .selectFrom('friend_requests')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('to_user_id', '=', userId)
    .where('hidden_from_recipient', '=', 0)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .where('from_user_id', 'not in', (eb) =>
      eb.selectFrom('blocks').select('blocked_id').where('user_id', '=', userId),
    )
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Requests the user sent since `since`, newest first. */
export async function listOutgoingRequests(
  db: Db,
  userId: string,
  since: number,
): Promise<FriendRequestRow[]> {
  return db
    .selectFrom('friend_requests')
    .selectAll()
    .where('from_user_id', '=', userId)
    .where('updated_at', '>=', since)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LIST_CAP)
    .execute();
}

// Friendships

export async function listFriendIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('friendships').select('friend_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.friend_id);
}

export async function listFriendships(db: Db, userId: string): Promise<FriendshipsTable[]> {
  return db.selectFrom('friendships').selectAll().where('user_id', '=', userId).execute();
}

/** The user's side of a friendship (with the user's remark), if they are friends. */
export async function getFriendship(
  db: Db,
  userId: string,
  friendId: string,
): Promise<FriendshipsTable | undefined> {
  return db
    .selectFrom('friendships')
    .selectAll()
    .where('user_id', '=', userId)
    .where('friend_id', '=', friendId)
    .executeTakeFirst();
}

/** Makes two users friends: one row per direction. Already being friends is success. */
export async function insertFriendship(db: Db, a: string, b: string, at: number): Promise<void> {
  await db
    .insertInto('friendships')
    .values([
      { user_id: a, friend_id: b, remark: '', created_at: at },
      { user_id: b, friend_id: a, remark: '', created_at: at },
    ])
    .onConflict((oc) => oc.columns(['user_id', 'friend_id']).doNothing())
    .execute();
}

/** Sets the user's remark for a friend; returns false when they are not friends. */
export async function updateRemark(
  db: Db,
  userId: string,
  friendId: string,
  remark: string,
): Promise<boolean> {
  const result = await db
    .updateTable('friendships')
    .set({ remark })
    .where('user_id', '=', userId)
    .where('friend_id', '=', friendId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a friendship in both directions; returns false when they were not friends. */
export async function deleteFriendship(db: Db, a: string, b: string): Promise<boolean> {
  const rows = await db
    .deleteFrom('friendships')
    .where((eb) =>
      eb.or([
        eb.and([eb('user_id', '=', a), eb('friend_id', '=', b)]),
        eb.and([eb('user_id', '=', b), eb('friend_id', '=', a)]),
      ]),
    )
    .returning('user_id')
    .execute();
  return rows.some((r) => r.user_id === a);
}

// Blocks

/** Whether `userId` blocks `otherId`. */
export async function isBlocking(db: Db, userId: string, otherId: string): Promise<boolean> {
  const row = await db
    .selectFrom('blocks')
    .select('blocked_id')
    .where('user_id', '=', userId)
    .where('blocked_id', '=', otherId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listBlocks(db: Db, userId: string): Promise<BlocksTable[]> {
  return db
    .selectFrom('blocks')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('blocked_id')
    .limit(LIST_CAP)
    .execute();
}

/** Adds a block; returns false when it was already there. */
export async function insertBlock(db: Db, row: BlocksTable): Promise<boolean> {
  const rows = await db
    .insertInto('blocks')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'blocked_id']).doNothing())
    .returning('blocked_id')
    .execute();
  return rows.length > 0;
}

/** Removes a block; returns false when there was none. */
export async function deleteBlock(db: Db, userId: string, blockedId: string): Promise<boolean> {
  const rows = await db
    .deleteFrom('blocks')
    .where('user_id', '=', userId)
    .where('blocked_id', '=', blockedId)
    .returning('blocked_id')
    .execute();
  return rows.length > 0;
}
