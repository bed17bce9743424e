import {
  type ClientOptions,
  LiaoClient,
  type LocalStore,
  MemoryStore,
  type SocketFactory,
  type SocketLike,
} from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import type { Message, RequestBody, RequestOp, ServerFrame } from '@liao/protocol';
import type WebSocket from 'ws';
import { fullHistory } from './chat-fixtures';
import { uniqueUsername } from './harness';

const PASSWORD = 'correct horse battery';

/** Reconnection in tests: quick, so that disconnects cost milliseconds, not seconds. */
export const FAST_BACKOFF = { baseMs: 20, maxMs: 200 };

export interface SyncUser {
  id: string;
  username: string;
  /** The first device's token (no live connection of its own). */
  token: string;
  /** HTTP only: friend requests and the like. */
  api: LiaoClient;
}

/**
 * A socket factory whose sockets the test can cut (as a network drop would) and whose inbound
 * frames it can swallow (a live event lost on the way).
 */
export class ControlledSockets {
  /** Frames for which this returns true are dropped before the SDK sees them. */
  drop: (frame: ServerFrame) => boolean = () => false;
  dropped: ServerFrame[] = [];
  private readonly sockets: WebSocket[] = [];
  readonly factory: SocketFactory;

  /** While true, new sockets fail to connect (the network is down). */
  offline = false;

  constructor(inner: SocketFactory) {
    this.factory = (url) => {
      if (this.offline) return failingSocket();
      const real = inner(url);
      this.sockets.push(real as unknown as WebSocket);
      const wrapper: SocketLike = {
        get readyState() {
          return real.readyState;
        },
        send: (data) => real.send(data),
        close: (code, reason) => real.close(code, reason),
        onopen: null,
        onmessage: null,
        onclose: null,
        onerror: null,
      };
      real.onopen = (event) => wrapper.onopen?.(event);
      real.onclose = (event) => wrapper.onclose?.(event);
      real.onerror = (event) => wrapper.onerror?.(event);
      real.onmessage = (event) => {
        const frame = JSON.parse(String(event.data)) as ServerFrame;
        if (this.drop(frame)) {
          this.dropped.push(frame);
          return;
        }
        wrapper.onmessage?.(event);
      };
      return wrapper;
    };
  }

  /**
   * Cuts the newest socket without a close handshake, as a network drop would; resolves once
   * the SDK has seen it close.
   */
  async cut(): Promise<void> {
    const socket = this.sockets.at(-1);
    if (!socket || socket.readyState === socket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.terminate();
    });
  }
}

/** A socket that never opens and reports its close on the next turn, as an unreachable server. */
function failingSocket(): SocketLike {
  const socket: SocketLike = {
    readyState: 3,
    send: () => {},
    close: () => {},
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  };
  setTimeout(() => {
    socket.onerror?.({});
    socket.onclose?.({ code: 1006, reason: '' });
  }, 0);
  return socket;
}

/** Every request a client makes from now on, in order (a spy on LiaoClient.request). */
export function recordRequests(client: LiaoClient): { op: RequestOp; body: unknown }[] {
  const calls: { op: RequestOp; body: unknown }[] = [];
  const original = client.request.bind(client);
  client.request = (<Op extends RequestOp>(op: Op, body: RequestBody<Op>, timeoutMs?: number) => {
    calls.push({ op, body });
    return original(op, body, timeoutMs);
  }) as LiaoClient['request'];
  return calls;
}

/** Test users and their devices on one server; closes every client it made in closeAll(). */
export function makeSyncFixtures(url: () => string) {
  const clients: LiaoClient[] = [];

  function bare(token?: string): LiaoClient {
    const client = new LiaoClient({
      baseUrl: url(),
      ...(token ? { token, createSocket: nodeSocketFactory(() => token) } : {}),
    });
    clients.push(client);
    return client;
  }

  return {
    /** Registers an account (one argon2 hash: about 50 ms). */
    async makeUser(prefix = 'sy'): Promise<SyncUser> {
      const username = uniqueUsername(prefix);
      const result = await bare().api.register({
        username,
        password: PASSWORD,
        displayName: username,
        transport: 'bearer',
      });
      const token = result.token ?? '';
      return { id: result.user.id, username, token, api: bare(token) };
    },

    /** A new device session of the user (sign-in). */
    async signIn(user: SyncUser): Promise<string> {
      const result = await bare().api.signIn({
        username: user.username,
        password: PASSWORD,
        transport: 'bearer',
      });
      return result.token ?? '';
    },

    /** Makes two users friends; their one-to-one chat opens with the greeting and a system line. */
    async befriend(a: SyncUser, b: SyncUser): Promise<string> {
      const sent = await a.api.api.sendFriendRequest(b.id, 'hi');
      await b.api.api.acceptFriendRequest(sent.request.id);
      return a.api.api.openDirect(b.id);
    },

    /**
     * A device with a local store (not yet connected), on sockets the test controls. Options
     * default to quick reconnection.
     */
    device(
      token: string,
      options: { store?: LocalStore } & Omit<
        ClientOptions,
        'baseUrl' | 'token' | 'createSocket' | 'store'
      > = {},
    ): { client: LiaoClient; sockets: ControlledSockets; store: LocalStore } {
      const sockets = new ControlledSockets(nodeSocketFactory(() => token));
      const store = options.store ?? new MemoryStore();
      const client = new LiaoClient({
        baseUrl: url(),
        token,
        backoff: FAST_BACKOFF,
        ...options,
        store,
        createSocket: sockets.factory,
      });
      clients.push(client);
      return { client, sockets, store };
    },

    /** Two friends; A's device keeps a store and is synced, B listens on a plain connection. */
    async syncedPair() {
      const a = await this.makeUser();
      const b = await this.makeUser();
      const conversationId = await this.befriend(a, b);
      const device = this.device(a.token);
      const synced = nextSynced(device.client);
      await device.client.connect();
      await synced;
      const peer = await this.connected(b.token);
      return { a, b, conversationId, peer, ...device };
    },

    /** A plain connected client for a token (to send and read as the server answers). */
    async connected(token: string): Promise<LiaoClient> {
      const client = bare(token);
      await client.connect();
      return client;
    },

    closeAll(): void {
      for (const client of clients) {
        if (client.store) void client.shutdown();
        else client.disconnect();
      }
      clients.length = 0;
    },
  };
}

/** Resolves on the client's next 'synced' event; call before the step that starts the sync. */
export function nextSynced(client: LiaoClient, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no sync finished within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.on('synced', (cursor) => {
      clearTimeout(timer);
      off();
      resolve(cursor);
    });
  });
}

/** Resolves once the condition holds, checked on each of the client's events. */
export function until(
  client: LiaoClient,
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const offs: (() => void)[] = [];
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const off of offs) off();
      if (error) reject(error);
      else resolve();
    };
    const check = async () => {
      if (done) return;
      try {
        if (await condition()) finish();
      } catch (error) {
        finish(error as Error);
      }
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), timeoutMs);
    for (const event of ['conversations', 'messages', 'outbox', 'synced', 'state'] as const) {
      offs.push(client.on(event, () => void check()));
    }
    void check();
  });
}

/** A conversation's stored messages on a device, all of them, oldest first. */
export function storedMessages(client: LiaoClient, conversationId: string): Promise<Message[]> {
  if (!client.store) throw new Error('the client has no store');
  return client.store.listMessages(conversationId);
}

/** The whole visible history as the server gives it, oldest first (paging backwards). */
export const serverHistory = fullHistory;

/** 1, 2, …, n. */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
