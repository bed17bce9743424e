import type { PresenceList, UserPresence } from '@liao/protocol';
import { accountsQueries as accounts } from '../../identity/accounts';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { toBool } from '../../platform/db/dialect';
import type { UsersTable } from '../../platform/db/schema';
import { getFriendIds } from '../friends';
import type { PresenceTracker } from './tracker';

/*
 * Presence: whether a friend is online, else when they were last seen. The tracker counts live
 * connections as the socket server reports them (tracker.ts; in a cluster, across nodes in
 * Redis); these rules store "last seen" and tell friends.
 * A user who hides it shows neither, to everyone, and is never announced.
 */

/** What friends may know of a user now: hidden ones look offline and never seen. */
async function presenceOf(tracker: PresenceTracker, user: UsersTable): Promise<UserPresence> {
  if (!toBool(user.show_presence)) return { userId: user.id, online: false, lastSeenAt: null };
  const online = await tracker.isOnline(user.id);
  return { userId: user.id, online, lastSeenAt: online ? null : user.last_seen_at };
}

/**
 * After the user came online or went offline (`transition`), or changed the setting, tells
 * their friends the user's presence as it is now; going offline also records "last seen" (only
 * then: coming online costs no write, which matters when thousands reconnect at once). A
 * hidden user's transitions are told to no one; a change of the setting itself is told either
 * way, so that hiding takes effect at once.
 * Who may call it: the presence tracker, which runs one announcement per user at a time.
 */
export async function announcePresence(
  ctx: AppContext,
  tracker: PresenceTracker,
  userId: string,
  transition: boolean,
): Promise<void> {
  if (transition && !(await tracker.isOnline(userId))) await accounts.setLastSeen(ctx.db, userId, ctx.now());
  const user = await accounts.getUser(ctx.db, userId);
  if (!user) return;
  if (transition && !toBool(user.show_presence)) return;
  const friendIds = await getFriendIds(ctx, userId);
  if (friendIds.length === 0) return;
  await ctx.bus.publish({
    kind: 'event',
    userIds: friendIds,
    event: { type: 'presence', ...(await presenceOf(tracker, user)) },
  });
}

/** The presence of those of `userIds` who are the caller's friends; others are left out. */
export async function getPresence(
  ctx: AppContext,
  tracker: PresenceTracker,
  auth: Auth,
  userIds: readonly string[],
): Promise<PresenceList> {
  const friends = new Set(await getFriendIds(ctx, auth.userId));
  const wanted = [...new Set(userIds)].filter((id) => friends.has(id));
  const users = await accounts.getUsers(ctx.db, wanted);
  const byId = new Map(users.map((u) => [u.id, u]));
  const found = wanted.flatMap((id) => byId.get(id) ?? []);
  const presence: UserPresence[] = await Promise.all(found.map((user) => presenceOf(tracker, user)));
  return { presence };
}
