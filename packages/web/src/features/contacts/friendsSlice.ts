import type {
  BlockedUser,
  Friend,
  FriendRequest,
  SearchUserResult,
  SendFriendRequestResult,
  ServerEvent,
} from '@liao/protocol';
import type { AppState, LoadStatus, SliceCreator } from '../../app/state/types';
import { type FriendsData, reduceFriendsEvent, upsertFriend, upsertRequest } from './friendsModel';

export type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; username: string }
  | { status: 'found'; username: string; result: SearchUserResult }
  | { status: 'failed'; username: string; error: unknown };

export interface FriendsSlice {
  // State
  friends: Friend[];
  incoming: FriendRequest[];
  outgoing: FriendRequest[];
  blocked: BlockedUser[];
  friendsStatus: LoadStatus;
  search: SearchState;
  // Actions
  /** Fetches friends, requests and blocks (at sign-in and after each reconnect). */
  loadFriendsData(): Promise<void>;
  /** A live event from the SDK (app/state/sdkEvents.ts passes each one): the lists follow it. */
  applyFriendsEvent(event: ServerEvent): void;
  searchUser(username: string): Promise<void>;
  clearSearch(): void;
  sendFriendRequest(userId: string, greeting: string): Promise<SendFriendRequestResult>;
  acceptFriendRequest(requestId: string): Promise<Friend>;
  declineFriendRequest(requestId: string): Promise<void>;
  setRemark(userId: string, remark: string): Promise<void>;
  deleteFriend(userId: string): Promise<void>;
  blockUser(userId: string): Promise<void>;
  unblockUser(userId: string): Promise<void>;
  resetFriends(): void;
}

function friendsData(s: AppState): FriendsData {
  return { me: s.me, friends: s.friends, incoming: s.incoming, outgoing: s.outgoing, blocked: s.blocked };
}

export const createFriendsSlice: SliceCreator<FriendsSlice> = (set, get, sdk) => {
  // Events that arrive while a load is in flight are replayed over its reply, so a snapshot
  // read before the event cannot undo it. Reducers are idempotent, so replays are safe.
  let loadsInFlight = 0;
  let replay: ServerEvent[] = [];
  let generation = 0;

  function apply(event: ServerEvent): void {
    set(reduceFriendsEvent(friendsData(get()), event));
  }

  return {
    friends: [],
    incoming: [],
    outgoing: [],
    blocked: [],
    friendsStatus: 'idle',
    search: { status: 'idle' },

    async loadFriendsData() {
      const mine = ++generation;
      const from = replay.length;
      loadsInFlight++;
      if (get().friendsStatus !== 'ready') set({ friendsStatus: 'loading' });
      try {
        const [friends, requests, blocked] = await Promise.all([
          get().guard(sdk.api.listFriends()),
          get().guard(sdk.api.listFriendRequests()),
          get().guard(sdk.api.listBlocked()),
        ]);
        if (mine !== generation) return;
        set({
          friends,
          incoming: requests.incoming,
          outgoing: requests.outgoing,
          blocked,
          friendsStatus: 'ready',
        });
        for (const event of replay.slice(from)) apply(event);
      } catch {
        if (mine === generation && get().friendsStatus !== 'ready') set({ friendsStatus: 'error' });
      } finally {
        if (--loadsInFlight === 0) replay = [];
      }
    },

    applyFriendsEvent(event) {
      if (get().status !== 'signedIn') return;
      if (loadsInFlight > 0) replay.push(event);
      apply(event);
    },

    async searchUser(username) {
      set({ search: { status: 'searching', username } });
      try {
        const result = await get().guard(sdk.api.searchUser(username));
        set({ search: { status: 'found', username, result } });
      } catch (error) {
        set({ search: { status: 'failed', username, error } });
      }
    },

    clearSearch() {
      set({ search: { status: 'idle' } });
    },

    async sendFriendRequest(userId, greeting) {
      const result = await get().guard(sdk.api.sendFriendRequest(userId, greeting));
      set((s) => ({
        outgoing: upsertRequest(s.outgoing, result.request),
        friends: result.friend ? upsertFriend(s.friends, result.friend) : s.friends,
      }));
      return result;
    },

    async acceptFriendRequest(requestId) {
      // Through the SDK, not its bare API: the chat the friendship opens starts read (its greeting
      // was just read on the request), so it shows no badge.
      const friend = await get().guard(sdk.acceptFriendRequest(requestId));
      // The call's success is the news that the request is accepted; the event may follow.
      set((s) => ({
        friends: upsertFriend(s.friends, friend),
        incoming: s.incoming.map((r) => (r.id === requestId ? { ...r, status: 'accepted' as const } : r)),
      }));
      return friend;
    },

    async declineFriendRequest(requestId) {
      const request = await get().guard(sdk.api.declineFriendRequest(requestId));
      set((s) => ({ incoming: upsertRequest(s.incoming, request) }));
    },

    async setRemark(userId, remark) {
      const friend = await get().guard(sdk.api.setRemark(userId, remark));
      set((s) => ({ friends: upsertFriend(s.friends, friend) }));
    },

    async deleteFriend(userId) {
      await get().guard(sdk.api.deleteFriend(userId));
      set((s) => ({ friends: s.friends.filter((f) => f.user.id !== userId) }));
    },

    async blockUser(userId) {
      await get().guard(sdk.api.block(userId));
      const user =
        get().friends.find((f) => f.user.id === userId)?.user ??
        get().incoming.find((r) => r.from.id === userId)?.from;
      if (user) apply({ type: 'block.updated', user, blocked: true });
    },

    async unblockUser(userId) {
      await get().guard(sdk.api.unblock(userId));
      set((s) => ({ blocked: s.blocked.filter((b) => b.user.id !== userId) }));
    },

    resetFriends() {
      generation++;
      replay = [];
      set({
        friends: [],
        incoming: [],
        outgoing: [],
        blocked: [],
        friendsStatus: 'idle',
        search: { status: 'idle' },
      });
    },
  };
};
