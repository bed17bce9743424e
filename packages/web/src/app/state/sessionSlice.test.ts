import { type LiaoClient, LiaoError } from '@liao/client';
import type { AuthResult, FriendRequestList } from '@liao/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from './createAppStore';
import { bindClient } from './sdkEvents';
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
      forgetBrowserCache: vi.fn(async () => {}),
    },
    connect: vi.fn(async () => {}),
    disconnect: vi.fn(),
    forgetLocalData: vi.fn(async () => false),
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

describe('signing out wipes what this browser kept, and says why', () => {
  async function signedIn(storeHeld: boolean) {
    const sdk = makeSdk();
    const forget = vi.fn(async () => storeHeld);
    Object.assign(sdk, { forgetLocalData: forget });
    Object.assign(sdk.api, { signOut: vi.fn(async () => {}) });
    const store = createAppStore(sdk);
    await store.getState().boot();
    await store.getState().signIn('alice', 'secret password');
    return { store, sdk, forget };
  }

  it('[issue 15 #4] signing out here wipes the local store and says the history was cleared', async () => {
    const { store, sdk, forget } = await signedIn(true);
    forget.mockClear();
    await store.getState().signOut();
    expect(forget).toHaveBeenCalledOnce();
    // The browser's HTTP cache (chat pictures, avatars) is told to go too.
    expect(sdk.api.forgetBrowserCache).toHaveBeenCalled();
    expect(store.getState()).toMatchObject({
      status: 'signedOut',
      me: null,
      notice: { reason: 'self', by: null, cleared: true },
    });
  });

  it('[issue 15 #4, #5] signed out by the phone: the same wipe, and the phone named', async () => {
    const { store, sdk, forget } = await signedIn(true);
    const listeners = new Map<string, (arg: unknown) => void>();
    bindClient(store, {
      on: (type: string, listener: (arg: unknown) => void) => {
        listeners.set(type, listener);
        return () => listeners.delete(type);
      },
    } as unknown as Pick<LiaoClient, 'on'>);
    forget.mockClear();
    listeners.get('signedOut')?.({ reason: 'elsewhere', by: 'phone' });
    await vi.waitFor(() => expect(store.getState().notice?.cleared).toBe(true));
    expect(forget).toHaveBeenCalledOnce();
    expect(store.getState().notice).toEqual({ reason: 'elsewhere', by: 'phone', cleared: true });
    expect(sdk.api.forgetBrowserCache).toHaveBeenCalled();
    expect(store.getState().route).toEqual({ name: 'signIn' });
  });

  it('[issue 15 #4] a 401 on any call ends the session the same way: wiped, "no longer valid"', async () => {
    const { store, forget } = await signedIn(true);
    forget.mockClear();
    const refused = new LiaoError('UNAUTHENTICATED', 401, 'gone');
    await expect(store.getState().guard(Promise.reject(refused))).rejects.toBe(refused);
    await vi.waitFor(() => expect(store.getState().notice?.cleared).toBe(true));
    expect(store.getState().notice?.reason).toBe('invalid');
    expect(forget).toHaveBeenCalledOnce();
  });

  it('a start that finds the session gone wipes what an earlier visit left, and says so only if there was any', async () => {
    const sdk = makeSdk();
    const forget = vi.fn(async () => true);
    Object.assign(sdk, { forgetLocalData: forget });
    const store = createAppStore(sdk);
    await store.getState().boot();
    expect(forget).toHaveBeenCalledOnce();
    expect(store.getState().notice).toEqual({ reason: 'invalid', by: null, cleared: true });

    const clean = createAppStore(makeSdk());
    await clean.getState().boot();
    expect(clean.getState().notice).toBeNull();
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
