import {
  FRIEND_REQUEST_TTL_MS,
  type Friend,
  type FriendRequest,
  type FriendRequestList,
  type FriendRequestStatus,
  type SendFriendRequestBody,
  type SendFriendRequestResult,
} from '@liao/protocol';
import type { z } from 'zod';
import { accountsQueries as accounts } from '../../identity/accounts';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/database';
import { fromBool, isUniqueViolation, lockPair } from '../../platform/db/dialect';
import type { UsersTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { enforce } from '../../platform/ratelimit/enforce';
import type { FriendHooks } from './friendHooks';
import { notifyUser } from './notify';
import { loadUsers, toFriend, toFriendRequest, userOf, viewStatus } from './present';
import type { FriendRequestRow } from './queries';
import * as q from './queries';

/** How far back the request lists reach; older requests are history nobody acts on. */
const LIST_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** Thrown inside a transaction when a concurrent writer changed a row first; the write is retried once. */
class LostRace extends Error {}

type SendOutcome =
  | { kind: 'pending'; mine: FriendRequestRow }
  | { kind: 'friends'; mine: FriendRequestRow; settled: FriendRequestRow[] };

/**
 * Sends (or sends again) a friend request. Sending again while one is pending updates it (same
 * id, new greeting, fresh expiry). If the other side had asked too, both are accepted and the
 * two become friends at once. A request to someone who blocks the sender is kept hidden from
 * them, and the sender sees it as any pending request.
 */
export async function doSendFriendRequest(
  ctx: AppContext,
  hooks: FriendHooks,
  auth: Auth,
  body: z.output<typeof SendFriendRequestBody>,
): Promise<SendFriendRequestResult> {
  const me = auth.userId;
  const them = body.userId;
  if (me === them) throw new AppError('CANNOT_FRIEND_SELF');
  enforce(await ctx.limiter.hit(`friendRequest:user:${me}`, ctx.config.rateLimits.friendRequestsPerUser));
  const target = await accounts.getUser(ctx.db, them);
  if (!target || target.disabled_at !== null) throw new AppError('USER_NOT_FOUND');
  if (await q.isBlocking(ctx.db, me, them))
    throw new AppError('USER_BLOCKED_BY_YOU', 'Unblock the user first.');
  if (await q.getFriendship(ctx.db, me, them)) throw new AppError('ALREADY_FRIENDS');
  // Read before the transaction: on SQLite a read through ctx.db inside it would wait for itself.
  const hidden = await q.isBlocking(ctx.db, them, me);
  const now = ctx.now();
  const write = () =>
    ctx.db.transaction().execute(async (trx) => {
      await lockPair(trx, ctx.store.dialect, me, them);
      return writeRequest(trx, me, them, body.greeting, hidden, now);
    });
  let outcome: SendOutcome;
  try {
    outcome = await write();
  } catch (error) {
    // Two sends raced (a double click, two devices): the second sees the first's row and refreshes it.
    if (!(error instanceof LostRace) && !isUniqueViolation(error)) throw error;
    outcome = await write();
  }

  const users = await loadUsers(ctx.db, [me, them]);
  if (outcome.kind === 'friends') {
    const friend = await announceFriendship(ctx, hooks, me, them, outcome.settled, users, now);
    return { request: toFriendRequest(outcome.mine, me, users, now), friend };
  }
  const request = toFriendRequest(outcome.mine, me, users, now);
  await notifyUser(ctx, me, { type: 'friendRequest.updated', request });
  if (!hidden) {
    const received = toFriendRequest(outcome.mine, them, users, now);
    await notifyUser(ctx, them, { type: 'friendRequest.received', request: received });
    await hooks.requested.run(received);
  }
  return { request, friend: null };
}

async function writeRequest(
  trx: Db,
  me: string,
  them: string,
  greeting: string,
  hidden: boolean,
  now: number,
): Promise<SendOutcome> {
  // Stale pending requests would hold the one-pending-per-direction index; they are expired first.
  await q.expireStaleRequests(trx, me, them, now);
  await q.expireStaleRequests(trx, them, me, now);
  const theirs = await q.findPendingRequest(trx, them, me, now);
  const open = await q.findOpenRequest(trx, me, them, now);
  const fields = { greeting, updated_at: now, expires_at: now + FRIEND_REQUEST_TTL_MS };

  if (theirs) {
    // Crossing requests: each asked the other, so both are accepted. This comes before the
    // block check: the other side asked for this friendship themselves.
    const accepted = { ...fields, status: 'accepted', hidden_from_recipient: 0 };
    const mine = await saveRequest(trx, open, { from_user_id: me, to_user_id: them, ...accepted }, now);
    const changes = { status: 'accepted', updated_at: now };
    if (!(await q.updateRequest(trx, theirs.id, ['pending'], changes))) throw new LostRace();
    await q.insertFriendship(trx, me, them, now);
    return { kind: 'friends', mine, settled: [mine, { ...theirs, ...changes }] };
  }
  const pending = { ...fields, status: 'pending', hidden_from_recipient: fromBool(hidden) };
  const mine = await saveRequest(trx, open, { from_user_id: me, to_user_id: them, ...pending }, now);
  return { kind: 'pending', mine };
}

/** Refreshes the sender's open request (same id) or inserts a new one. */
async function saveRequest(
  trx: Db,
  open: FriendRequestRow | undefined,
  fields: Omit<FriendRequestRow, 'id' | 'created_at'>,
  now: number,
): Promise<FriendRequestRow> {
  if (!open) {
    const row = { id: newId(), created_at: now, ...fields };
    await q.insertRequest(trx, row);
    return row;
  }
  const { from_user_id: _from, to_user_id: _to, ...changes } = fields;
  if (!(await q.updateRequest(trx, open.id, ['pending', 'declined'], changes))) throw new LostRace();
  return { ...open, ...changes };
}

/** Accepts a request addressed to the caller: both become friends, in one transaction. */
export async function doAcceptFriendRequest(
  ctx: AppContext,
  hooks: FriendHooks,
  auth: Auth,
  requestId: string,
): Promise<Friend> {
  const me = auth.userId;
  const now = ctx.now();
  const row = await getAnswerableRequest(ctx, me, requestId, now);
  const them = row.from_user_id;
  const settled = await ctx.db.transaction().execute(async (trx) => {
    await lockPair(trx, ctx.store.dialect, me, them);
    const changes = { status: 'accepted', updated_at: now };
    if (!(await q.updateRequest(trx, row.id, ['pending'], changes))) {
      throw new AppError('FRIEND_REQUEST_NOT_PENDING');
    }
    const rows: FriendRequestRow[] = [{ ...row, ...changes }];
    // A request the accepter had sent the other way is answered by this too.
    const reverse = await q.findOpenRequest(trx, me, them, now);
    if (reverse && (await q.updateRequest(trx, reverse.id, ['pending', 'declined'], changes))) {
      rows.push({ ...reverse, ...changes });
    }
    await q.insertFriendship(trx, them, me, now);
    return rows;
  });
  return announceFriendship(ctx, hooks, me, them, settled, await loadUsers(ctx.db, [me, them]), now);
}

/**
 * Declines a request addressed to the caller. Only the caller's devices hear of it: as in
 * WeChat the sender is not told, and keeps seeing the request as pending until it expires.
 */
export async function doDeclineFriendRequest(
  ctx: AppContext,
  auth: Auth,
  requestId: string,
): Promise<FriendRequest> {
  const me = auth.userId;
  const now = ctx.now();
  const row = await getAnswerableRequest(ctx, me, requestId, now);
  // updated_at stays: it is what the sender sees, and the sender must see no change.
  if (!(await q.updateRequest(ctx.db, row.id, ['pending'], { status: 'declined' }))) {
    throw new AppError('FRIEND_REQUEST_NOT_PENDING');
  }
  const users = await loadUsers(ctx.db, [me, row.from_user_id]);
  const request = toFriendRequest({ ...row, status: 'declined' }, me, users, now);
  await notifyUser(ctx, me, { type: 'friendRequest.updated', request });
  return request;
}

/** Withdraws a request the caller sent; it disappears from the recipient's list. */
export async function doCancelFriendRequest(
  ctx: AppContext,
  auth: Auth,
  requestId: string,
): Promise<FriendRequest> {
  const me = auth.userId;
  const now = ctx.now();
  const row = await q.getRequest(ctx.db, requestId);
  if (!row || row.from_user_id !== me) throw new AppError('FRIEND_REQUEST_NOT_FOUND');
  requirePending(viewStatus(row, me, now));
  const changes = { status: 'cancelled', updated_at: now };
  // A declined request is still pending in the sender's eyes, so it can be withdrawn too.
  if (!(await q.updateRequest(ctx.db, row.id, ['pending', 'declined'], changes))) {
    throw new AppError('FRIEND_REQUEST_NOT_PENDING');
  }
  const cancelled = { ...row, ...changes };
  const them = row.to_user_id;
  const users = await loadUsers(ctx.db, [me, them]);
  const request = toFriendRequest(cancelled, me, users, now);
  await notifyUser(ctx, me, { type: 'friendRequest.updated', request });
  if (!row.hidden_from_recipient && !(await q.isBlocking(ctx.db, them, me))) {
    await notifyUser(ctx, them, {
      type: 'friendRequest.updated',
      request: toFriendRequest(cancelled, them, users, now),
    });
  }
  return request;
}

/** The caller's requests of the last 30 days, each as the caller sees it, newest first. */
export async function listFriendRequests(ctx: AppContext, auth: Auth): Promise<FriendRequestList> {
  const me = auth.userId;
  const now = ctx.now();
  const since = now - LIST_WINDOW_MS;
  const incoming = await q.listIncomingRequests(ctx.db, me, since);
  const outgoing = await q.listOutgoingRequests(ctx.db, me, since);
  const users = await loadUsers(ctx.db, [
    me,
    ...incoming.map((r) => r.from_user_id),
    ...outgoing.map((r) => r.to_user_id),
  ]);
  return {
    incoming: incoming.map((r) => toFriendRequest(r, me, users, now)),
    outgoing: outgoing.map((r) => toFriendRequest(r, me, users, now)),
  };
}

/** A request addressed to the caller that they may still answer; hidden ones do not exist for them. */
async function getAnswerableRequest(
  ctx: AppContext,
  me: string,
  requestId: string,
  now: number,
): Promise<FriendRequestRow> {
  const row = await q.getRequest(ctx.db, requestId);
  if (!row || row.to_user_id !== me || row.hidden_from_recipient) {
    throw new AppError('FRIEND_REQUEST_NOT_FOUND');
  }
  requirePending(viewStatus(row, me, now));
  return row;
}

function requirePending(status: FriendRequestStatus): void {
  if (status === 'expired') throw new AppError('FRIEND_REQUEST_EXPIRED');
  if (status !== 'pending') throw new AppError('FRIEND_REQUEST_NOT_PENDING');
}

/**
 * Tells both sides, on every device, that they became friends: the settled requests, then the
 * new friend, each from that side's own point of view. Returns the actor's view of the friend.
 */
async function announceFriendship(
  ctx: AppContext,
  hooks: FriendHooks,
  actor: string,
  other: string,
  settled: FriendRequestRow[],
  users: Map<string, UsersTable>,
  now: number,
): Promise<Friend> {
  const sides = [
    { viewer: actor, friend: await readFriend(ctx, actor, other, users, now) },
    { viewer: other, friend: await readFriend(ctx, other, actor, users, now) },
  ];
  for (const { viewer, friend } of sides) {
    for (const row of settled) {
      const request = toFriendRequest(row, viewer, users, now);
      await notifyUser(ctx, viewer, { type: 'friendRequest.updated', request });
    }
    await notifyUser(ctx, viewer, { type: 'friend.added', friend });
  }
  // Their chat opens with the first request's greeting, from the one who asked.
  const opener = settled.reduce((a, b) => (b.created_at < a.created_at ? b : a));
  await hooks.started.run(opener.from_user_id, opener.to_user_id, opener.greeting);
  return sides[0]!.friend;
}

/** The viewer's side of a new friendship, read back: one that already existed keeps its remark. */
async function readFriend(
  ctx: AppContext,
  viewer: string,
  friendId: string,
  users: Map<string, UsersTable>,
  now: number,
): Promise<Friend> {
  const friendship = (await q.getFriendship(ctx.db, viewer, friendId)) ?? {
    // Deleted again in the instant since the commit: the event still tells what happened.
    user_id: viewer,
    friend_id: friendId,
    remark: '',
    created_at: now,
  };
  return toFriend(friendship, userOf(users, friendId));
}
