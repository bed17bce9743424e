import { z } from 'zod';
import { PublicUser, Username } from './accounts';
import { Id, Timestamp } from './common';
import { safeText } from './text';

export const Greeting = safeText({ min: 0, max: 50, allowEmpty: true });
export const Remark = safeText({ min: 0, max: 32, allowEmpty: true });

export const SearchUserQuery = z.strictObject({ username: Username });

export const SearchUserResult = z.object({
  user: PublicUser,
  /** How the searcher relates to the user found, so the UI can offer the right action. */
  relation: z.enum(['self', 'friend', 'outgoing-request', 'incoming-request', 'none']),
});
export type SearchUserResult = z.infer<typeof SearchUserResult>;

export const FriendRequestStatus = z.enum(['pending', 'accepted', 'declined', 'cancelled', 'expired']);
export type FriendRequestStatus = z.infer<typeof FriendRequestStatus>;

export const FriendRequest = z.object({
  id: Id,
  from: PublicUser,
  to: PublicUser,
  greeting: z.string(),
  status: FriendRequestStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  expiresAt: Timestamp,
});
export type FriendRequest = z.infer<typeof FriendRequest>;

export const SendFriendRequestBody = z.strictObject({
  userId: Id,
  greeting: Greeting.default(''),
});
export type SendFriendRequestBody = z.input<typeof SendFriendRequestBody>;

/** Sending a request either leaves it pending or, when the other side had asked too, makes friends. */
export const SendFriendRequestResult = z.object({
  request: FriendRequest,
  friend: z.lazy(() => Friend).nullable(),
});
export type SendFriendRequestResult = z.infer<typeof SendFriendRequestResult>;

export const FriendRequestList = z.object({
  incoming: z.array(FriendRequest),
  outgoing: z.array(FriendRequest),
});
export type FriendRequestList = z.infer<typeof FriendRequestList>;

export const FriendRequestIdParams = z.strictObject({ requestId: Id });

export const Friend = z.object({
  user: PublicUser,
  /** A private alias (备注) that only the owner of the list sees. */
  remark: z.string(),
  /** The index letter the contact list groups under: A–Z, or '#'. Chinese names by pinyin. */
  initial: z.string(),
  /** Sort key (pinyin for Chinese, lower case) for the order within the list. */
  sortKey: z.string(),
  since: Timestamp,
});
export type Friend = z.infer<typeof Friend>;

export const FriendList = z.object({ friends: z.array(Friend) });
export type FriendList = z.infer<typeof FriendList>;

export const UpdateFriendBody = z.strictObject({ remark: Remark });
export type UpdateFriendBody = z.input<typeof UpdateFriendBody>;

export const BlockedUser = z.object({ user: PublicUser, since: Timestamp });
export type BlockedUser = z.infer<typeof BlockedUser>;
export const BlockList = z.object({ blocked: z.array(BlockedUser) });
export type BlockList = z.infer<typeof BlockList>;

/** How long a friend request waits for an answer. */
export const FRIEND_REQUEST_TTL_MS = 7 * 24 * 60 * 60 * 1000;
