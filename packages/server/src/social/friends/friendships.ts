import type { Friend, FriendList } from '@liao/protocol';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { compareContacts } from './contactIndex';
import type { FriendHooks } from './friendHooks';
import { notifyUser } from './notify';
import { loadUsers, toFriend, userOf } from './present';
import * as q from './queries';

/** The caller's friends in contact-list order: A…Z by remark or name (Chinese by pinyin), then '#'. */
export async function listFriends(ctx: AppContext, auth: Auth): Promise<FriendList> {
  const rows = await q.listFriendships(ctx.db, auth.userId);
  const users = await loadUsers(
    ctx.db,
    rows.map((r) => r.friend_id),
  );
  const friends = rows.map((r) => toFriend(r, userOf(users, r.friend_id)));
  return { friends: friends.sort(compareContacts) };
}

/** Sets or clears ('') the caller's private remark for a friend; the caller's other devices follow. */
export async function doSetRemark(
  ctx: AppContext,
  auth: Auth,
  friendId: string,
  remark: string,
): Promise<Friend> {
  if (!(await q.updateRemark(ctx.db, auth.userId, friendId, remark))) throw new AppError('FRIEND_NOT_FOUND');
  // Read back, as the friendship may have ended in between.
  const friendship = await q.getFriendship(ctx.db, auth.userId, friendId);
  if (!friendship) throw new AppError('FRIEND_NOT_FOUND');
  const users = await loadUsers(ctx.db, [friendId]);
  const friend = toFriend(friendship, userOf(users, friendId));
  await notifyUser(ctx, auth.userId, { type: 'friend.updated', friend });
  return friend;
}

/** Ends a friendship for both sides; every device of both hears of it. */
export async function doDeleteFriend(
  ctx: AppContext,
  hooks: FriendHooks,
  auth: Auth,
  friendId: string,
): Promise<void> {
  const ended = await ctx.db.transaction().execute(async (trx) => {
    await hooks.ending.run(trx, auth.userId, friendId);
    return q.deleteFriendship(trx, auth.userId, friendId);
  });
  if (!ended) throw new AppError('FRIEND_NOT_FOUND');
  await notifyUser(ctx, auth.userId, { type: 'friend.removed', userId: friendId });
  await notifyUser(ctx, friendId, { type: 'friend.removed', userId: auth.userId });
}
