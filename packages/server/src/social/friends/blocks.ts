import type { BlockList } from '@liao/protocol';
import { accountsQueries as accounts, toPublicUser } from '../../identity/accounts';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { FriendHooks } from './friendHooks';
import { notifyUser } from './notify';
import { loadUsers, userOf } from './present';
import * as q from './queries';

/*
 * A block is silent: the blocked user is never told, and nothing they can see changes. It does
 * not end a friendship; it stops their friend requests (and later their messages) from
 * reaching the one who blocked them.
 */

export async function listBlocked(ctx: AppContext, auth: Auth): Promise<BlockList> {
  const rows = await q.listBlocks(ctx.db, auth.userId);
  const users = await loadUsers(
    ctx.db,
    rows.map((r) => r.blocked_id),
  );
  return {
    blocked: rows.map((r) => ({ user: toPublicUser(userOf(users, r.blocked_id)), since: r.created_at })),
  };
}

/** Blocks a user; blocking again changes nothing. The caller's other devices follow. */
export async function doBlock(
  ctx: AppContext,
  hooks: FriendHooks,
  auth: Auth,
  userId: string,
): Promise<void> {
  if (userId === auth.userId) throw new AppError('CANNOT_BLOCK_SELF');
  const user = await accounts.getUser(ctx.db, userId);
  if (!user) throw new AppError('USER_NOT_FOUND');
  const added = await ctx.db.transaction().execute(async (trx) => {
    await hooks.ending.run(trx, auth.userId, userId);
    return q.insertBlock(trx, { user_id: auth.userId, blocked_id: userId, created_at: ctx.now() });
  });
  if (added) {
    await notifyUser(ctx, auth.userId, { type: 'block.updated', user: toPublicUser(user), blocked: true });
  }
}

/** Lifts a block; lifting one that is not there changes nothing. The caller's other devices follow. */
export async function doUnblock(ctx: AppContext, auth: Auth, userId: string): Promise<void> {
  if (!(await q.deleteBlock(ctx.db, auth.userId, userId))) return;
  const user = await accounts.getUser(ctx.db, userId);
  if (user) {
    await notifyUser(ctx, auth.userId, { type: 'block.updated', user: toPublicUser(user), blocked: false });
  }
}
