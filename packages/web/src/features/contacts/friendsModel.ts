import type {
  BlockedUser,
  Friend,
  FriendRequest,
  Me,
  PublicUser,
  SearchUserResult,
  ServerEvent,
} from '@liao/protocol';
import { friendName } from '../../entities/people';

/** The server's data the friends screens show, as the SDK delivered it. */
export interface FriendsData {
  me: Me | null;
  friends: Friend[];
  incoming: FriendRequest[];
  outgoing: FriendRequest[];
  blocked: BlockedUser[];
}

export type Relation = SearchUserResult['relation'];
/** A request as the user sees it: a pending one past its expiry is expired. */
export type RequestState = 'pending' | 'accepted' | 'declined' | 'cancelled' | 'expired';

function upsert<T>(list: readonly T[], item: T, same: (a: T) => boolean): T[] {
  const index = list.findIndex(same);
  if (index === -1) return [...list, item];
  const next = list.slice();
  next[index] = item;
  return next;
}

export function upsertFriend(friends: readonly Friend[], friend: Friend): Friend[] {
  return upsert(friends, friend, (f) => f.user.id === friend.user.id);
}

export function upsertRequest(requests: readonly FriendRequest[], request: FriendRequest): FriendRequest[] {
  return upsert(requests, request, (r) => r.id === request.id);
}

/** Applies one live event. Idempotent, so events can be replayed over a fresher snapshot. */
export function reduceFriendsEvent(data: FriendsData, event: ServerEvent): FriendsData {
  switch (event.type) {
    case 'friendRequest.received':
      return { ...data, incoming: upsertRequest(data.incoming, event.request) };
    case 'friendRequest.updated':
      return event.request.to.id === data.me?.id
        ? { ...data, incoming: upsertRequest(data.incoming, event.request) }
        : { ...data, outgoing: upsertRequest(data.outgoing, event.request) };
    case 'friend.added':
    case 'friend.updated':
      return { ...data, friends: upsertFriend(data.friends, event.friend) };
    case 'friend.removed':
      return { ...data, friends: data.friends.filter((f) => f.user.id !== event.userId) };
    case 'user.updated':
      return replaceUser(data, event.user);
    case 'me.updated':
      return { ...data, me: event.user };
    case 'block.updated':
      return {
        ...data,
        blocked: event.blocked
          ? upsert(data.blocked, { user: event.user, since: Date.now() }, (b) => b.user.id === event.user.id)
          : data.blocked.filter((b) => b.user.id !== event.user.id),
      };
    case 'devices.changed':
    case 'message.new':
    case 'read.updated':
    case 'conversation.changed':
    case 'typing':
    case 'video.updated':
    case 'presence':
    case 'call.updated':
    case 'call.signal':
    case 'call.sfu':
      return data;
  }
}

/** A user's new name, avatar or signature, wherever they appear. */
function replaceUser(data: FriendsData, user: PublicUser): FriendsData {
  const swap = (u: PublicUser) => (u.id === user.id ? user : u);
  return {
    ...data,
    friends: data.friends.map((f) => (f.user.id === user.id ? { ...f, user } : f)),
    incoming: data.incoming.map((r) => (r.from.id === user.id ? { ...r, from: swap(r.from) } : r)),
    outgoing: data.outgoing.map((r) => (r.to.id === user.id ? { ...r, to: swap(r.to) } : r)),
    blocked: data.blocked.map((b) => (b.user.id === user.id ? { ...b, user } : b)),
  };
}

export function requestState(request: FriendRequest, now: number): RequestState {
  if (request.status === 'pending' && request.expiresAt <= now) return 'expired';
  return request.status;
}

export function pendingIncomingCount(incoming: readonly FriendRequest[], now: number): number {
  return incoming.filter((r) => requestState(r, now) === 'pending').length;
}

/** Newest first, as in WeChat's "New friends". */
export function sortRequests(requests: readonly FriendRequest[]): FriendRequest[] {
  return [...requests].sort((a, b) => b.createdAt - a.createdAt);
}

export interface ContactGroup {
  letter: string;
  friends: Friend[];
}

const collator = new Intl.Collator('en');

/** The A–Z contact list: groups by `initial` (A–Z, then '#'), each ordered by `sortKey`. */
export function groupContacts(friends: readonly Friend[]): ContactGroup[] {
  const groups = new Map<string, Friend[]>();
  for (const friend of friends) {
    const letter = /^[A-Z]$/.test(friend.initial) ? friend.initial : '#';
    groups.set(letter, [...(groups.get(letter) ?? []), friend]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '#' ? 1 : b === '#' ? -1 : a.localeCompare(b)))
    .map(([letter, list]) => ({
      letter,
      friends: list.sort(
        (a, b) => collator.compare(a.sortKey, b.sortKey) || collator.compare(friendName(a), friendName(b)),
      ),
    }));
}

/**
 * How the user relates to someone found by search, kept live: the lists change with events
 * (they accept while the card is open), so they win over the relation the search returned.
 */
export function relationOf(
  result: SearchUserResult,
  data: FriendsData,
  listsLoaded: boolean,
  now: number,
): Relation {
  if (!listsLoaded) return result.relation;
  const id = result.user.id;
  if (id === data.me?.id) return 'self';
  if (data.friends.some((f) => f.user.id === id)) return 'friend';
  if (data.outgoing.some((r) => r.to.id === id && requestState(r, now) === 'pending'))
    return 'outgoing-request';
  if (data.incoming.some((r) => r.from.id === id && requestState(r, now) === 'pending'))
    return 'incoming-request';
  return 'none';
}
