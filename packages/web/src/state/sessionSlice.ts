import { LiaoError } from '@liao/client';
import { describeUserAgent, type Me, type UpdateProfileBody } from '@liao/protocol';
import { isPublicRoute } from './routes';
import type { SliceCreator } from './types';

/**
 * `booting` until GET /api/me answers; `offline` when it could not be reached at all (the
 * app offers a retry rather than a sign-in page that would not work either).
 */
export type SessionStatus = 'booting' | 'signedOut' | 'signedIn' | 'offline';

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
  notice: 'sessionEnded' | null;
  // Actions
  /** Start-up: GET /api/me decides between the app and the sign-in page. */
  boot(): Promise<void>;
  /** Throws LiaoError (INVALID_CREDENTIALS, RATE_LIMITED, …) for the form to show. */
  signIn(username: string, password: string): Promise<void>;
  /** Throws LiaoError (USERNAME_TAKEN, VALIDATION_FAILED, …) for the form to show. */
  signUp(input: SignUpInput): Promise<void>;
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
  /** The server no longer knows this session: back to the sign-in page, data dropped. */
  endSession(reason: 'signedOut' | 'revoked'): void;
  /** Runs an SDK call; if it says the session is gone, signs the app out before rethrowing. */
  guard<T>(call: Promise<T>): Promise<T>;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get, sdk) => {
  function startSession(me: Me): void {
    set({ status: 'signedIn', me, notice: null });
    sdk
      .connect()
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

    async boot() {
      set({ status: 'booting' });
      try {
        startSession(await sdk.api.getMe());
      } catch (error) {
        if (error instanceof LiaoError && error.code === 'UNAUTHENTICATED') {
          set({ status: 'signedOut' });
          get().requireSignIn();
        } else {
          set({ status: 'offline' });
        }
      }
    },

    async signIn(username, password) {
      const result = await sdk.api.signIn({ username, password, device: thisDevice(), transport: 'cookie' });
      startSession(result.user);
    },

    async signUp({ username, displayName, password }) {
      const result = await sdk.api.register({
        username,
        displayName,
        password,
        device: thisDevice(),
        transport: 'cookie',
      });
      startSession(result.user);
    },

    async signOut() {
      try {
        await sdk.api.signOut();
      } catch (error) {
        // Already signed out on the server is as good as signed out.
        if (!(error instanceof LiaoError && error.code === 'UNAUTHENTICATED')) throw error;
      }
      get().endSession('signedOut');
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

    endSession(reason) {
      sdk.disconnect();
      get().resetFriends();
      get().resetDevices();
      get().resetChats();
      get().resetUploads();
      get().resetVideos();
      set({ status: 'signedOut', me: null, notice: reason === 'revoked' ? 'sessionEnded' : null });
      get().navigate({ name: 'signIn' }, { replace: true });
    },

    async guard(call) {
      try {
        return await call;
      } catch (error) {
        if (error instanceof LiaoError && error.code === 'UNAUTHENTICATED' && get().status === 'signedIn') {
          get().endSession('revoked');
        }
        throw error;
      }
    },
  };
};
