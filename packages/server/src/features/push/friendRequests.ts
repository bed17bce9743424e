import { FRIEND_REQUESTS_PUSH_TAG, type FriendRequest } from '@liao/protocol';
import type { Notification } from './delivery';

/** Where the web app lists friend requests (packages/web app/state/routes.ts). */
const FRIEND_REQUESTS_URL = '/friends/new';

/** A friend request's notification: who asks and their greeting, or neither when previews are hidden. */
export function friendRequestNotification(request: FriendRequest): Notification {
  const base = {
    type: 'friendRequest' as const,
    tag: FRIEND_REQUESTS_PUSH_TAG,
    requestId: request.id,
    url: FRIEND_REQUESTS_URL,
  };
  return {
    shown: { ...base, fromName: request.from.displayName, greeting: request.greeting || null },
    hidden: { ...base, fromName: null, greeting: null },
    // A request stays open for a week, but a notification of it a day late is noise.
    options: { ttlSeconds: 24 * 60 * 60, urgency: 'normal' },
  };
}
