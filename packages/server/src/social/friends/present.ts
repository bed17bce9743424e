import type { Friend, FriendRequest, FriendRequestStatus } from '@liao/protocol';
import { accountsQueries as accounts, toPublicUser } from '../../identity/accounts';
import type { Db } from '../../platform/db/database';
import type { FriendshipsTable, UsersTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { indexName } from './contactIndex';
import type { FriendRequestRow } from './queries';

/** The users a set of rows mentions, by id, read in one query. */
export async function loadUsers(db: Db, ids: Iterable<string>): Promise<Map<string, UsersTable>> {
  const rows = await accounts.getUsers(db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The user with this id among those loaded; missing means a fault, not bad input. */
export function userOf(users: Map<string, UsersTable>, id: string): UsersTable {
  const row = users.get(id);
  // Requests and friendships go with their users (on delete cascade), so this is a fault.
  if (!row) throw new AppError('INTERNAL', `user ${id} is missing`);
  return row;
}

/**
 * A request as one side sees it. A pending request whose time ran out shows as expired. The
 * sender never learns of a decline: to them a declined request stays pending until it expires.
 */
export function viewStatus(row: FriendRequestRow, viewerId: string, now: number): FriendRequestStatus {
  const status = row.status as FriendRequestStatus;
  const stillPending = status === 'pending' || (status === 'declined' && viewerId === row.from_user_id);
  if (!stillPending) return status;
  return now < row.expires_at ? 'pending' : 'expired';
}

export function toFriendRequest(
  row: FriendRequestRow,
  viewerId: string,
  users: Map<string, UsersTable>,
  now: number,
): FriendRequest {
  return {
    id: row.id,
    from: toPublicUser(userOf(users, row.from_user_id)),
    to: toPublicUser(userOf(users, row.to_user_id)),
    greeting: row.greeting,
    status: viewStatus(row, viewerId, now),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
  };
}

/** A friend from the list owner's side: the friend's card, the owner's remark, where it files. */
export function toFriend(friendship: FriendshipsTable, friend: UsersTable): Friend {
  const { initial, sortKey } = indexName(friendship.remark || friend.display_name);
  return {
    user: toPublicUser(friend),
    remark: friendship.remark,
    initial,
    sortKey,
    since: friendship.created_at,
  };
}
