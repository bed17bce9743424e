import type {
  Conversation,
  Friend,
  Message,
  ReplyTarget,
  RequestBody,
  RequestOp,
  RequestResult,
  ServerEvent,
  SignOutCause,
  UploadedImage,
} from '@liao/protocol';
import type { BackoffOptions } from './connection/backoff';
import { Connection, type ConnectionState } from './connection/connection';
import type { HeartbeatOptions } from './connection/heartbeat';
import type { NetworkWatch } from './connection/network';
import { RateWindow } from './connection/pacer';
import { browserSocket, type SocketFactory, socketUrl } from './connection/socket';
import { LiaoError } from './errors';
import { LiaoApi } from './http/api';
import { Outbox } from './outbox/Outbox';
import {
  sortConversations,
  type TimelineItem,
  timeline,
  type UnreadTotal,
  unreadTotal,
} from './store/selectors';
import type { LocalStore, MessageQuery, OutboxItem } from './store/types';
import { readNewFriendChat } from './sync/friendChat';
import { SyncEngine, type SyncOptions } from './sync/SyncEngine';
import { TypedEmitter } from './typedEmitter';
import { TypingSignal } from './typing/TypingSignal';
import { waitForEvent, waitForState, waitUntilSent } from './waits';

export interface ClientOptions {
  /** '' for the same origin (browser), or 'http://host:port'. */
  baseUrl: string;
  /** Bearer token for Node; browsers rely on the HttpOnly cookie. */
  token?: string;
  /** How to open a WebSocket; defaults to the global WebSocket (browsers). */
  createSocket?: SocketFactory;
  fetch?: typeof fetch;
  /**
   * Where conversations, messages, the sync cursor and the outbox are kept. With a store the
   * client syncs on every connection and offers the local state below; without one it is only
   * the API and the live connection.
   */
  store?: LocalStore;
  sync?: SyncOptions;
  /** Reconnection delays (tests shorten them). */
  backoff?: BackoffOptions;
  /** When a quiet link is asked whether it still works (tests shorten it). */
  heartbeat?: HeartbeatOptions;
  /** Where the device says its network went or came back; the browser's events by default. */
  network?: NetworkWatch;
}

/** How a message is sent from the outbox. */
export interface SendOptions {
  /** Answer this earlier message of the same conversation (by its seq). */
  replyTo?: ReplyTarget | undefined;
}

export type ClientEvents = {
  /** A live event from the server. */
  event: [ServerEvent];
  /** The link's state changed (for the UI's "connecting…" line). */
  state: [ConnectionState];
  /**
   * The server ended this device's session, just before the `signedOut` state: why (signed
   * out from another device, expired, account disabled…), or null when it did not say.
   */
  signedOut: [SignOutCause | null];
  /** The conversation list or a conversation's state changed (with a store). */
  conversations: [];
  /** A conversation's stored messages changed (with a store). */
  messages: [conversationId: string];
  /** A conversation's unsent messages changed: added, failed, retried or sent. */
  outbox: [conversationId: string];
  /** An unsent message was acknowledged: the echo `clientId` is now `message`. */
  sent: [{ clientId: string; message: Message }];
  /** A sync finished; everything up to `cursor` is stored. */
  synced: [cursor: number];
};

/**
 * The SDK's facade: the HTTP API and the live connection. Apps, tests, bots and the
 * benchmark all talk to the server through it.
 */
export class LiaoClient extends TypedEmitter<ClientEvents> {
  readonly api: LiaoApi;
  readonly store: LocalStore | undefined;
  private connection: Connection | null = null;
  private readonly options: ClientOptions;
  private readonly engine: SyncEngine | null = null;
  private readonly outbox: Outbox | null = null;
  private localReady: Promise<void> | null = null;
  private owner: string | null = null;
  private lastSignOut: SignOutCause | null = null;
  private readonly typingSignal = new TypingSignal((conversationId, stopped) => {
    if (this.connectionState !== 'open') return;
    // Best effort: a lost "typing" costs nothing, and the other side takes the line down by itself.
    this.request('typing', stopped ? { conversationId, stopped } : { conversationId }).catch(() => {});
  });

  constructor(options: ClientOptions) {
    super();
    this.options = options;
    this.api = new LiaoApi({ baseUrl: options.baseUrl, token: options.token, fetch: options.fetch });
    this.store = options.store;
    if (!options.store) return;
    // Calls this.request when it runs (not a bound copy), so tests can spy on every request.
    const request = <Op extends RequestOp>(op: Op, body: RequestBody<Op>) => this.request(op, body);
    const isOpen = () => this.connectionState === 'open';
    const window = new RateWindow();
    const engine = new SyncEngine(options.store, request, isOpen, window, options.sync);
    const outbox = new Outbox({
      store: options.store,
      request,
      isOpen,
      window,
      onAck: (message) => engine.applyLive(message),
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    engine.on('conversations', () => this.emit('conversations'));
    engine.on('messages', (id) => this.emit('messages', id));
    engine.on('synced', (cursor) => this.emit('synced', cursor));
    engine.on('stored', (messages) => {
      for (const m of messages) if (m.senderId !== null && m.senderId === this.owner) outbox.recognise(m);
    });
    outbox.on('outbox', (id) => this.emit('outbox', id));
    outbox.on('sent', (sent) => this.emit('sent', sent));
    this.engine = engine;
    this.outbox = outbox;
  }

  get connectionState(): ConnectionState {
    return this.connection?.state ?? 'idle';
  }

  /** Uses this token from now on (after signing in from Node). */
  setToken(token: string | undefined): void {
    this.api.http.token = token;
    this.options.token = token;
  }

  /** Why the last connection was signed out (see the `signedOut` event); null before, or unknown. */
  get signOutCause(): SignOutCause | null {
    return this.lastSignOut;
  }

  /** The signed-in user, once a connection said hello. */
  get userId(): string | null {
    return this.connection?.session?.userId ?? this.owner;
  }

  /**
   * This device's session, once a connection said hello: calls address signals to a device by
   * it, and a device tells its own place in a call from the others' by it.
   */
  get sessionId(): string | null {
    return this.connection?.session?.sessionId ?? null;
  }

  /**
   * Opens the live connection; events arrive on 'event'. Resolves once it is open. With a
   * store, the local state is loaded first and a sync starts on every (re)connection.
   */
  async connect(): Promise<void> {
    await this.openLocal();
    // A signed-out connection never reopens by itself; start afresh (perhaps with a new token
    // from setToken) rather than wait for an 'open' that cannot come. A displaced one is
    // opened again: the person asked to take its place back.
    if (this.connection?.state === 'signedOut') this.disconnect();
    if (this.connection?.state === 'displaced') this.connection.open();
    if (!this.connection) {
      const connection = new Connection({
        url: socketUrl(this.options.baseUrl, '/ws'),
        createSocket: this.options.createSocket ?? browserSocket,
        checkSession: () => this.checkSession(),
        ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
        ...(this.options.heartbeat ? { heartbeat: this.options.heartbeat } : {}),
        ...(this.options.network ? { network: this.options.network } : {}),
      });
      this.lastSignOut = null;
      connection.on('signedOut', (cause) => {
        this.lastSignOut = cause;
        this.emit('signedOut', cause);
      });
      connection.on('event', (event) => {
        this.engine?.onEvent(event);
        this.emit('event', event);
      });
      connection.on('state', (state) => {
        if (state === 'open') void this.onOpen(connection);
        this.emit('state', state);
      });
      this.connection = connection;
      connection.open();
    }
    await this.waitForState('open');
  }

  /** Asks the server over the live connection (see Connection.request). */
  request<Op extends RequestOp>(
    op: Op,
    body: RequestBody<Op>,
    timeoutMs?: number,
  ): Promise<RequestResult<Op>> {
    if (!this.connection) return Promise.reject(new LiaoError('NETWORK', 0, 'Not connected.'));
    return this.connection.request(op, body, timeoutMs);
  }

  /**
   * Tells the other side of a one-to-one chat that the person is typing (each keystroke that
   * leaves text in the composer) or stopped (it emptied, was sent, or the chat was left).
   * Throttled here, so the app may call it on every keystroke.
   */
  setTyping(conversationId: string, typing: boolean): void {
    if (typing) this.typingSignal.typing(conversationId);
    else this.typingSignal.stopped(conversationId);
  }

  /** Closes the live connection for good (connect() opens a new one; the local state stays). */
  disconnect(): void {
    this.typingSignal.reset();
    this.connection?.close();
    this.connection = null;
  }

  /**
   * Forgets everything this device keeps for the account: disconnects, then empties the
   * store (conversations, messages, the sync cursor and the outbox, unsent messages included)
   * and the state loaded from it. For signing out on a computer others use; the client can
   * connect again afterwards, as the same account or another. Resolves whether there was
   * anything to forget (an account's data was stored).
   */
  async forgetLocalData(): Promise<boolean> {
    this.disconnect();
    const { store, engine, outbox } = this;
    if (!store || !engine || !outbox) return false;
    await this.openLocal();
    // Requests in flight failed with the connection; let what they started finish first, so
    // that nothing is written back after the store was emptied.
    await engine.whenIdle();
    const had = this.owner !== null || engine.list().length > 0 || outbox.list().length > 0;
    engine.forget();
    await store.clear();
    await engine.load();
    await outbox.load();
    this.owner = null;
    this.emit('conversations');
    return had;
  }

  /** Disconnects, stops every timer and closes the store: this client is done. */
  async shutdown(): Promise<void> {
    this.disconnect();
    this.engine?.stop();
    this.outbox?.stop();
    if (this.localReady) await this.localReady.catch(() => {});
    await this.store?.close();
  }

  // Local state (with a store) -----------------------------------------------------------

  /**
   * Saves a text message to the outbox (the echo) and sends it as soon as it can; with
   * `replyTo`, as a reply to the message at that seq of the same conversation (the echo carries
   * the seq; the acknowledged message, the server's quote of it).
   */
  async sendText(conversationId: string, text: string, options: SendOptions = {}): Promise<OutboxItem> {
    await this.openLocal();
    return this.local().outbox.send(conversationId, { kind: 'text', text, ...replyOf(options) });
  }

  /**
   * Saves an image message to the outbox (the echo, with the image's true size for its box)
   * and sends it as soon as it can. `image` is api.uploadImage's answer for this conversation.
   */
  async sendImage(
    conversationId: string,
    image: UploadedImage,
    options: SendOptions = {},
  ): Promise<OutboxItem> {
    await this.openLocal();
    return this.local().outbox.send(conversationId, {
      kind: 'image',
      imageId: image.imageId,
      width: image.width,
      height: image.height,
      ...replyOf(options),
    });
  }

  /**
   * Saves a video message (a video the user may share, ready to play) to the outbox and sends
   * it as soon as it can; the server adds the video's card and lets the chat's members watch it.
   */
  async sendVideo(
    conversationId: string,
    videoId: string,
    options: SendOptions & { comment?: string | undefined } = {},
  ): Promise<OutboxItem> {
    await this.openLocal();
    return this.local().outbox.send(conversationId, {
      kind: 'video',
      videoId,
      ...(options.comment ? { comment: options.comment } : {}),
      ...replyOf(options),
    });
  }

  /** Puts a failed message back in the outbox's line. */
  retrySend(clientId: string): Promise<void> {
    return this.local().outbox.retry(clientId);
  }

  /** Drops a failed message from the outbox; false if it was not a failed one. */
  discardSend(clientId: string): Promise<boolean> {
    return this.local().outbox.discard(clientId);
  }

  /** Unsent messages, oldest first, of one conversation or all. */
  getOutbox(conversationId?: string): OutboxItem[] {
    return this.local().outbox.list(conversationId);
  }

  /** Marks a conversation read up to `seq` (never backwards; sent after a short pause). */
  markRead(conversationId: string, seq: number): void {
    this.local().engine.markRead(conversationId, seq);
  }

  /**
   * Marks a chat unread by hand, as in a list's menu. A read mark this device has not sent yet
   * (markRead waits a moment to gather marks) goes first, because a read reaching the server
   * after the mark would clear it: reading a chat and marking it unread at once leaves it
   * unread, here and on every device. Works without a store too (then there is nothing waiting).
   */
  async markUnread(conversationId: string): Promise<Conversation> {
    await this.engine?.sendPendingRead(conversationId);
    const conversation = await this.api.updateConversation(conversationId, { markedUnread: true });
    await this.engine?.applyServerView(conversation);
    return conversation;
  }

  /**
   * Accepts a friend request addressed to the user. With a store, the chat it opens is then
   * marked read up to its "you are now friends" line (the greeting was read on the request);
   * that follows in the background, and a failure leaves it unread rather than failing the accept.
   */
  async acceptFriendRequest(requestId: string): Promise<Friend> {
    const friend = await this.api.acceptFriendRequest(requestId);
    if (this.engine && this.store)
      void readNewFriendChat(this.engine, this.store, friend.user.id).catch(() => {});
    return friend;
  }

  /** Loads older messages of a conversation; resolves with how many came (0: none left). */
  loadOlder(conversationId: string, pageSize?: number): Promise<number> {
    return this.local().engine.loadOlder(conversationId, pageSize);
  }

  /** Whether loadOlder has anything left to load. */
  hasOlder(conversationId: string): boolean {
    return this.local().engine.hasOlder(conversationId);
  }

  /** Syncs now (once more after any sync in flight). */
  syncNow(): Promise<void> {
    return this.local().engine.requestSync();
  }

  /** Fetches every message this device missed, in every conversation. */
  fillGaps(): Promise<void> {
    return this.local().engine.fillAllHoles();
  }

  /** The conversation list: hidden ones left out, pinned first, then newest message first. */
  getConversations(): Conversation[] {
    return sortConversations(
      this.local()
        .engine.list()
        .map((r) => r.conversation),
    );
  }

  /** One conversation as stored, hidden or not. */
  getConversation(conversationId: string): Conversation | undefined {
    return this.local().engine.get(conversationId)?.conversation;
  }

  /** Unread messages in the listed conversations, and how many of them are muted. */
  getUnreadTotal(): UnreadTotal {
    return unreadTotal(
      this.local()
        .engine.list()
        .map((r) => r.conversation),
    );
  }

  /**
   * Stored messages of a conversation, oldest first (by default the newest 50; page with
   * `before`), then its unsent echoes.
   */
  async getTimeline(conversationId: string, query: MessageQuery = { limit: 50 }): Promise<TimelineItem[]> {
    // A screen may ask before connect() has opened the store (or while a wipe reopens it).
    await this.openLocal();
    const messages = await this.local().store.listMessages(conversationId, query);
    return timeline(messages, this.local().outbox.list(conversationId));
  }

  /** Resolves once no sync, history page or read mark is in progress. */
  whenSynced(): Promise<void> {
    return this.local().engine.whenIdle();
  }

  /** Resolves once every outbox message is acknowledged or failed. */
  whenSent(timeoutMs = 30_000): Promise<void> {
    return waitUntilSent(this, this.local().outbox, timeoutMs);
  }

  private local(): { engine: SyncEngine; outbox: Outbox; store: LocalStore } {
    if (!this.engine || !this.outbox || !this.store) {
      throw new Error('This LiaoClient has no store: pass `store` to use the local state.');
    }
    return { engine: this.engine, outbox: this.outbox, store: this.store };
  }

  private openLocal(): Promise<void> {
    const { store, engine, outbox } = this;
    if (!store || !engine || !outbox) return Promise.resolve();
    this.localReady ??= (async () => {
      await store.open();
      this.owner = await store.getOwner();
      await engine.load();
      await outbox.load();
      if (this.owner) engine.setUser(this.owner);
    })();
    return this.localReady;
  }

  /** A connection said hello: make sure the store is this user's, then catch up and send. */
  private async onOpen(connection: Connection): Promise<void> {
    const { store, engine, outbox } = this;
    const userId = connection.session?.userId;
    if (!store || !engine || !outbox || !userId) return;
    engine.setUser(userId);
    await this.openLocal();
    if (this.owner !== userId) {
      if (this.owner !== null) {
        // Another account's data: it is not this user's to see or send.
        await store.clear();
        await engine.load();
        await outbox.load();
      }
      await store.setOwner(userId);
      this.owner = userId;
      engine.setUser(userId);
    }
    if (connection !== this.connection || connection.state !== 'open') return;
    engine.onOpen();
    outbox.onOpen();
  }

  /** Resolves on the next event that matches, or rejects after `timeoutMs`. */
  waitForEvent<T extends ServerEvent['type']>(
    type: T,
    match: (event: Extract<ServerEvent, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<ServerEvent, { type: T }>> {
    return waitForEvent(this, type, match, timeoutMs);
  }

  /**
   * Resolves when the connection reaches `state`; rejects if it stops first: signed out or
   * closed (UNAUTHENTICATED), or displaced by the account's newer connections
   * (TOO_MANY_CONNECTIONS).
   */
  waitForState(state: ConnectionState, timeoutMs = 10_000): Promise<void> {
    return waitForState(this, this.connectionState, state, timeoutMs);
  }

  private async checkSession(): Promise<boolean> {
    try {
      await this.api.getMe();
      return true;
    } catch (error) {
      return !(error instanceof LiaoError && error.code === 'UNAUTHENTICATED');
    }
  }
}

function replyOf(options: SendOptions): { replyTo?: ReplyTarget } {
  return options.replyTo ? { replyTo: { seq: options.replyTo.seq } } : {};
}
