import type { ProfileHooks } from '../../identity/accounts';
import { toPublicUser } from '../../identity/accounts';
import type { AppContext } from '../../platform/context';
import type { DomainModule } from '../../platform/modules/domainModule';
import { FriendHooks } from './friendHooks';
import { friendsRoutes } from './routes';
import { getFriendIds } from './rules';

export interface FriendsModule extends DomainModule {
  /** Where chat hears of friendships beginning and ending. */
  hooks: FriendHooks;
}

/** Friends: requests, friendships and remarks, blocking, finding people. */
export function friendsModule(ctx: AppContext, profile: ProfileHooks): FriendsModule {
  const hooks = new FriendHooks();
  // Friends see a new name, signature or avatar at once.
  profile.on(async ({ user }) => {
    const friendIds = await getFriendIds(ctx, user.id);
    if (friendIds.length === 0) return;
    await ctx.bus.publish({
      kind: 'event',
      userIds: friendIds,
      event: { type: 'user.updated', user: toPublicUser(user) },
    });
  });
  return { name: 'social/friends', routes: friendsRoutes(ctx, hooks), hooks };
}

export { countPendingIncoming } from './queries';
export * as friendsRules from './rules';
export { getFriendIds } from './rules';
