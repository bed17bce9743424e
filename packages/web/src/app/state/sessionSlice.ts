import { LiaoError } from '@liao/client';
import {
  describeUserAgent,
  type Me,
  type Platform,
  type SignOutCause,
  type SignOutReason,
  type UpdateProfileBody,
} from '@liao/protocol';
import { tellServiceWorker } from '../serviceWorkerMessages';
import { historyLapsed, wipeAccountData, writeKeepHistory } from './localData';
import { isPublicRoute } from './routes';
import type { SliceCreator } from './types';

/**
 * `booting` until GET /api/me answers; `offline` when it could not be reached at all (the
 * app offers a retry rather than a sign-in page that would not work either).
 */
export type SessionStatus = 'booting' | 'signedOut' | 'signedIn' | 'offline';

/**
 * Why the sign-in page shows when the person did not just open it: how the session ended, and
 * whether the history this browser kept was wiped (localData.ts).
 */
export interface SignOutNotice {
  /** The server's cause; `self` for signing out here; `invalid` when a 401 said no more. */
  reason: SignOutReason | 'invalid';
  /** The kind of device that did it, when another one did. */
  by: Platform | null;
  /** The chats kept in this browser were wiped. */
  cleared: boolean;
}

export interface SignUpInput {
  username: string;
  displayName: string;
  password: string;
}

export interface SessionSlice {
  // State
  status: SessionStatus;
  me: Me | null;
  /** Why the user is looking at the sign-in page, if not by choice. */
  notice: SignOutNotice | null;
  /** The sign-in page's "keep history on this computer", off until ticked (localData.ts). */
  keepHistory: boolean;
  /** Whether this server lets people sign up (LIAO_REGISTRATION); null until asked. */
  registrationOpen: boolean | null;
  // Actions
  chooseKeepHistory(on: boolean): void;
  /** Asks the server whether sign-up is open (the sign-in and sign-up pages, before anyone types). */
  loadRegistration(): Promise<void>;
  /** Start-up: GET /api/me decides between the app and the sign-in page. */
  boot(): Promise<void>;
  /** Throws LiaoError (INVALID_CREDENTIALS, RATE_LIMITED, …) for the form to show. */
  signIn(username: string, password: string): Promise<void>;
  /** Throws LiaoError (USERNAME_TAKEN, VALIDATION_FAILED, …) for the form to show. */
  signUp(input: SignUpInput): Promise<void>;
  /** The desktop's QR sign-in has its session cookie: start as that account. */
  signedInByQr(): Promise<void>;
  /** Signs this device out and wipes what the browser kept of the account. */
  signOut(): Promise<void>;
  updateProfile(body: UpdateProfileBody): Promise<void>;
  setAvatar(file: Blob): Promise<void>;
  /** Resolves to how many other devices were signed out. */
  changePassword(currentPassword: string, newPassword: string): Promise<number>;
  /**
   * Opens the live connection again after it was displaced (the account had too many
   * connections and this was the oldest): the person asked to take the place back.
   */
  reconnect(): void;
  /**
   * The session is over (`cause` as the server gave it; null for a bare 401): back to the
   * sign-in page at once, the account's state dropped; resolves once the browser's copy of the
   * account is wiped too.
   */
  endSession(cause: SignOutCause | null): Promise<void>;
  /** Runs an SDK call; if it says the session is gone, signs the app out before rethrowing. */
  guard<T>(call: Promise<T>): Promise<T>;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get, sdk) => {
  /** A wipe under way; a new session waits for it, so that it never writes into a store being emptied. */
  let wiping: Promise<boolean> | null = null;

  function wipe(): Promise<boolean> {
    const next = (wiping ?? Promise.resolve(false))
      .then(() => {
        // The browser's cache of pictures goes too; a failure to reach the server leaves it.
        sdk.api.forgetBrowserCache().catch(() => {});
        return wipeAccountData(() => sdk.forgetLocalData());
      })
      // A store that cannot be opened holds nothing to show; the next wipe tries again.
      .catch(() => false);
    wiping = next;
    void next.finally(() => {
      if (wiping === next) wiping = null;
    });
    return next;
  }

  function startSession(me: Me): void {
    set({ status: 'signedIn', me, notice: null });
    // At once when nothing is being wiped: the SDK opens its store now, before the screens read it.
    (wiping ? wiping.then(() => sdk.connect()) : sdk.connect())
      .catch(() => {
        // The 'state' event reports what happened (signedOut, reconnecting).
      })
      // The local cache is loaded once connect() has begun: show it before the network answers.
      .finally(() => get().refreshConversations());
    void get().loadFriendsData();
    if (isPublicRoute(get().route)) get().leaveSignIn();
  }

  function thisDevice() {
    return describeUserAgent(globalThis.navigator?.userAgent ?? '');
  }

  return {
    status: 'booting',
    me: null,
    notice: null,
    keepHistory: false,
    registrationOpen: null,

    chooseKeepHistory(on) {
      set({ keepHistory: on });
    },

    async loadRegistration() {
      try {
        set({ registrationOpen: (await sdk.api.getRegistration()).open });
      } catch {
        // Unknown: the page offers sign-up, and a closed server answers REGISTRATION_CLOSED.
      }
    },

    async boot() {
      set({ status: 'booting' });
      // The browser was closed since the app last ran, and the history was not to be kept.
      if (historyLapsed()) await wipe();
      try {
        startSession(await sdk.api.getMe());
      } catch (error) {
        if (error instanceof LiaoError && error.code === 'UNAUTHENTICATED') {
          // Signed out while this browser was away (revoked, expired): nothing of it may stay.
          const cleared = await wipe();
          set({
            status: 'signedOut',
            notice: cleared ? { reason: 'invalid', by: null, cleared } : get().notice,
          });
          get().requireSignIn();
        } else {
          set({ status: 'offline' });
        }
      }
    },

    async signIn(username, password) {
      const result = await sdk.api.signIn({ username, password, device: thisDevice(), transport: 'cookie' });
      writeKeepHistory(get().keepHistory);
      startSession(result.user);
    },

    async signedInByQr() {
      writeKeepHistory(get().keepHistory);
      await get().boot();
    },

    async signUp({ username, displayName, password }) {
      const result = await sdk.api
        .register({ username, displayName, password, device: thisDevice(), transport: 'cookie' })
        .catch((error: unknown) => {
          // Closed since the page asked: the page says so instead of the form.
          if (error instanceof LiaoError && error.code === 'REGISTRATION_CLOSED')
            set({ registrationOpen: false });
          throw error;
        });
      writeKeepHistory(get().keepHistory);
      startSession(result.user);
    },

    async signOut() {
      try {
        await sdk.api.signOut();
      } catch (error) {
        // Already signed out on the server is as good as signed out.
        if (!(error instanceof LiaoError && error.code === 'UNAUTHENTICATED')) throw error;
      }
      await get().endSession({ reason: 'self' });
    },

    async updateProfile(body) {
      set({ me: await get().guard(sdk.api.updateProfile(body)) });
    },

    async setAvatar(file) {
      set({ me: await get().guard(sdk.api.setAvatar(file, file.type || 'application/octet-stream')) });
    },

    async changePassword(currentPassword, newPassword) {
      const count = await get().guard(sdk.api.changePassword({ currentPassword, newPassword }));
      void get().loadDevices();
      return count;
    },

    reconnect() {
      sdk.connect().catch(() => {
        // The 'state' event reports what happened (displaced again, signedOut).
      });
    },

    async endSession(cause) {
      if (get().status === 'signedOut') return;
      sdk.disconnect();
      get().resetFriends();
      get().resetDevices();
      void get().forgetPush();
      tellServiceWorker({ type: 'liao:signedOut' });
      get().resetChats();
      get().resetUploads();
      get().resetVideos();
      get().resetCalls();
      const notice: SignOutNotice = {
        reason: cause?.reason ?? 'invalid',
        by: cause?.by ?? null,
        cleared: false,
      };
      set({ status: 'signedOut', me: null, keepHistory: false, notice });
      get().navigate({ name: 'signIn' }, { replace: true });
      const cleared = await wipe();
      if (cleared && get().notice === notice) set({ notice: { ...notice, cleared } });
    },

    async guard(call) {
      try {
        return await call;
      } catch (error) {
        if (error instanceof LiaoError && error.code === 'UNAUTHENTICATED' && get().status === 'signedIn') {
          void get().endSession(null);
        }
        throw error;
      }
    },
  };
};
