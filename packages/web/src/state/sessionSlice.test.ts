import { LiaoError } from '@liao/client';
import type { AuthResult, FriendRequestList } from '@liao/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from './createAppStore';
import { makeMe } from './testBuilders';
import type { Sdk } from './types';

/** A fake SDK that is signed out until signIn answers. */
function makeSdk(): Sdk {
  const me = makeMe();
  return {
    api: {
      getMe: async () => {
        throw new LiaoError('UNAUTHENTICATED', 401, 'signed out');
      },
      signIn: async (): Promise<Partial<AuthResult>> => ({ user: me }),
      listFriends: async () => [],
      listFriendRequests: async (): Promise<FriendRequestList> => ({ incoming: [], outgoing: [] }),
      listBlocked: async () => [],
    },
    connect: vi.fn(async () => {}),
    disconnect: vi.fn(),
    getConversations: () => [],
    getUnreadTotal: () => ({ total: 0, muted: 0 }),
  } as unknown as Sdk;
}

const CODE = 'a'.repeat(43);

describe('signing in from a link', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a signed-out visitor who opened a page (a scanned QR code) is sent to sign in, then back to it', async () => {
    const store = createAppStore(makeSdk());
    store.setState({ route: { name: 'qrConfirm', code: CODE }, phoneForced: true });
    await store.getState().boot();
    expect(store.getState().route).toEqual({ name: 'signIn' });

    await store.getState().signIn('alice', 'secret password');
    expect(store.getState().route).toEqual({ name: 'qrConfirm', code: CODE });
    expect(store.getState().afterSignIn).toBeNull();
  });

  it('signing in from the sign-in page itself goes to Messages', async () => {
    const store = createAppStore(makeSdk());
    store.setState({ route: { name: 'signIn' } });
    await store.getState().boot();
    await store.getState().signIn('alice', 'secret password');
    expect(store.getState().route).toEqual({ name: 'messages' });
  });
});

describe('a connection displaced by newer ones', () => {
  it('reconnect() opens it again through the SDK, and the app stays signed in', async () => {
    const sdk = makeSdk();
    const store = createAppStore(sdk);
    await store.getState().signIn('alice', 'secret password');
    expect(sdk.connect).toHaveBeenCalledTimes(1);
    store.getState().setConnection('displaced');

    store.getState().reconnect();
    expect(sdk.connect).toHaveBeenCalledTimes(2);
    expect(store.getState().status).toBe('signedIn');
  });
});
