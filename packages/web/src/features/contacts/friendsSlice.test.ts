import { LiaoError } from '@liao/client';
import type { Friend, FriendRequestList } from '@liao/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../app/state/createAppStore';
import { makeFriend, makeMe, makeRequest } from '../../app/state/testBuilders';
import type { Sdk } from '../../app/state/types';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A fake SDK: every API call answers from the overrides, or with empty lists. */
function makeSdk(api: Record<string, (...args: never[]) => unknown> = {}): Sdk {
  const defaults = {
    getMe: async () => makeMe(),
    listFriends: async () => [],
    listFriendRequests: async (): Promise<FriendRequestList> => ({ incoming: [], outgoing: [] }),
    listBlocked: async () => [],
    listDevices: async () => [],
  };
  // The fake implements only what these tests call; the cast says so.
  return {
    api: { ...defaults, ...api },
    connect: vi.fn(async () => {}),
    disconnect: vi.fn(),
    forgetLocalData: vi.fn(async () => false),
    getConversations: () => [],
    getUnreadTotal: () => ({ total: 0, muted: 0 }),
  } as unknown as Sdk;
}

async function signedInStore(sdk: Sdk) {
  const store = createAppStore(sdk);
  await store.getState().boot();
  return store;
}

describe('friends state', () => {
  it('keeps a friend added by an event while an older list reply was in flight', async () => {
    const reply = deferred<Friend[]>();
    let calls = 0;
    const store = await signedInStore(
      makeSdk({ listFriends: () => (++calls === 1 ? Promise.resolve([]) : reply.promise) }),
    );
    const load = store.getState().loadFriendsData();
    const friend = makeFriend();
    store.getState().applyFriendsEvent({ type: 'friend.added', friend });
    reply.resolve([]); // read on the server before the friendship existed
    await load;
    expect(store.getState().friends).toEqual([friend]);
  });

  it('[#7] accepts through the SDK, which reads the chat it opens; adds the friend and marks the request accepted', async () => {
    const me = makeMe();
    const request = makeRequest({ to: me, expiresAt: Date.now() + 60_000 });
    const friend = makeFriend({ user: request.from });
    const sdk = makeSdk({
      getMe: async () => me,
      listFriendRequests: async () => ({ incoming: [request], outgoing: [] }),
      // The bare API would leave the greeting unread: a badge on the new chat.
      acceptFriendRequest: async () => {
        throw new Error('accepted through the bare API');
      },
    });
    const accept = vi.fn(async () => friend);
    const store = await signedInStore({ ...sdk, acceptFriendRequest: accept } as Sdk);
    await store.getState().loadFriendsData();
    await store.getState().acceptFriendRequest(request.id);
    expect(accept).toHaveBeenCalledWith(request.id);
    expect(store.getState().friends).toEqual([friend]);
    expect(store.getState().incoming.map((r) => r.status)).toEqual(['accepted']);
  });

  it('signs the app out and drops the data when a call finds the session gone', async () => {
    const friend = makeFriend();
    const sdk = makeSdk({
      listFriends: async () => [friend],
      setRemark: async () => {
        throw new LiaoError('UNAUTHENTICATED', 401, 'Sign in first.');
      },
    });
    const store = await signedInStore(sdk);
    await store.getState().loadFriendsData();
    await expect(store.getState().setRemark(friend.user.id, 'x')).rejects.toThrow(LiaoError);
    expect(store.getState()).toMatchObject({
      status: 'signedOut',
      me: null,
      friends: [],
      notice: { reason: 'invalid', by: null, cleared: false },
    });
    expect(sdk.disconnect).toHaveBeenCalled();
  });

  it('ignores events once signed out', async () => {
    const store = createAppStore(
      makeSdk({ getMe: () => Promise.reject(new LiaoError('UNAUTHENTICATED', 401, '')) }),
    );
    await store.getState().boot();
    store.getState().applyFriendsEvent({ type: 'friend.added', friend: makeFriend() });
    expect(store.getState().friends).toEqual([]);
  });
});
