import type { PublicUser, SearchUserResult } from '@liao/protocol';
import { accountsQueries as accounts, toPublicUser } from '../../identity/accounts';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/database';
import { toBool } from '../../platform/db/dialect';
import { AppError } from '../../platform/errors';
import { enforce } from '../../platform/ratelimit/enforce';
import * as q from './queries';

export type Relation = SearchUserResult['relation'];

/**
 * How the viewer relates to another user. Requests count as the viewer sees them: their own
 * request (even one declined or hidden from the other side) is outgoing while in time; one
 * from the other side only while pending, in time and not hidden from the viewer.
 */
export async function getRelation(db: Db, viewer: string, other: string, now: number): Promise<Relation> {
  if (viewer === other) return 'self';
  if (await q.getFriendship(db, viewer, other)) return 'friend';
  if (await q.findOpenRequest(db, viewer, other, now)) return 'outgoing-request';
  const incoming = await q.findPendingRequest(db, other, viewer, now);
  if (incoming && !incoming.hidden_from_recipient) return 'incoming-request';
  return 'none';
}

/**
 * Finds a user by exact username, without case. Rate-limited per searcher so that usernames
 * cannot be enumerated. A user who turned "find me by username" off is found only by
 * themselves and their friends; a user who blocked the searcher is still found, so that the
 * block stays secret.
 */
export async function searchUser(ctx: AppContext, auth: Auth, username: string): Promise<SearchUserResult> {
  enforce(await ctx.limiter.hit(`search:user:${auth.userId}`, ctx.config.rateLimits.searchesPerUser));
  const row = await accounts.findUserByUsername(ctx.db, username);
  if (!row || row.disabled_at !== null) throw new AppError('USER_NOT_FOUND');
  const relation = await getRelation(ctx.db, auth.userId, row.id, ctx.now());
  if (!toBool(row.discoverable) && relation !== 'self' && relation !== 'friend') {
    throw new AppError('USER_NOT_FOUND');
  }
  return { user: toPublicUser(row), relation };
}

/**
 * A user's card, for the caller themselves, their friends, and anyone with a pending request
 * between them; for everyone else the same USER_NOT_FOUND as an unknown id.
 */
export async function getUserCard(ctx: AppContext, auth: Auth, userId: string): Promise<PublicUser> {
  const row = await accounts.getUser(ctx.db, userId);
  if (!row || (await getRelation(ctx.db, auth.userId, userId, ctx.now())) === 'none') {
    throw new AppError('USER_NOT_FOUND');
  }
  return toPublicUser(row);
}
