import type { AppContext } from '../../platform/context';
import type { DomainModule } from '../../platform/modules/domainModule';
import type { FriendsModule } from '../../social/friends';
import { lockDirectChat } from '../membership';
import { doStartFriendChat } from './direct';
import { conversationsRoutes } from './routes';

/**
 * Conversations: one-to-one chats and groups, their members and roles, each member's
 * settings, and the conversation list.
 */
export function conversationsModule(ctx: AppContext, friends: FriendsModule): DomainModule {
  // New friends have a chat, opened with the first request's greeting.
  friends.hooks.started.on(async (requesterId, accepterId, greeting) => {
    await doStartFriendChat(ctx, requesterId, accepterId, greeting);
  });
  friends.hooks.ending.on((trx, a, b) => lockDirectChat(trx, a, b));
  return { name: 'chat/conversations', routes: conversationsRoutes(ctx) };
}
