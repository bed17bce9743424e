import { z } from 'zod';
import { Id, Timestamp } from './common';

/**
 * At most this many users per presence query: 200 ids make a URL of ~7.5 KB, well inside the
 * 16 KB that Node (and most proxies) accept for a request's headers. Longer lists go in pages.
 */
export const MAX_PRESENCE_QUERY = 200;

/** `?userIds=a,b,c`: whose presence to read. Only friends are answered. */
export const PresenceQuery = z.strictObject({
  userIds: z
    .string()
    .max(MAX_PRESENCE_QUERY * 37)
    .transform((s) => s.split(','))
    .pipe(z.array(Id).min(1).max(MAX_PRESENCE_QUERY)),
});
export type PresenceQuery = z.input<typeof PresenceQuery>;

/**
 * Whether a friend is online, else when they were last seen (null when never, or when they
 * hide it: a friend who hides presence shows neither).
 */
export const UserPresence = z.object({
  userId: Id,
  online: z.boolean(),
  lastSeenAt: Timestamp.nullable(),
});
export type UserPresence = z.infer<typeof UserPresence>;

/** The presence of those asked for who are the caller's friends; others are left out. */
export const PresenceList = z.object({ presence: z.array(UserPresence) });
export type PresenceList = z.infer<typeof PresenceList>;
