import {
  type ClientFrame,
  CloseCodes,
  isErrorCode,
  parseSignOutCloseReason,
  type RequestBody,
  type RequestOp,
  RequestOps,
  type RequestResult,
  type ServerEvent,
  ServerFrame,
  type SignOutCause,
} from '@liao/protocol';
import { LiaoError } from '../errors';
import { TypedEmitter } from '../typedEmitter';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { DEFAULT_HEARTBEAT, Heartbeat, type HeartbeatOptions } from './heartbeat';
import { browserNetwork, type NetworkWatch } from './network';
import { SOCKET_OPEN, type SocketFactory, type SocketLike } from './socket';

/**
 * What the UI shows about the link to the server: `connecting` the first time, `open`,
 * `reconnecting` after a drop (with backoff), `signedOut` when the session was revoked,
 * `displaced` when the account opened more connections elsewhere than the server allows and
 * this was the oldest (the session is still valid; it stays closed until opened again, since
 * two devices that each reconnected by themselves would take turns closing each other),
 * `closed` after close() was called.
 */
export type ConnectionState =
  | 'idle'
  | 'connecting'
  | 'open'
  | 'reconnecting'
  | 'signedOut'
  | 'displaced'
  | 'closed';

export type ConnectionEvents = {
  state: [ConnectionState];
  event: [ServerEvent];
  /** An error frame the server sent (a refused frame). */
  frameError: [{ code: string; message: string; id?: string | undefined }];
  /**
   * The session ended (just before the `signedOut` state): why, as the server said when it
   * closed the socket, or null when it did not say (a refused reconnection, an older server).
   */
  signedOut: [SignOutCause | null];
};

export interface ConnectionOptions {
  url: string;
  createSocket: SocketFactory;
  /** Asked after a connection fails before opening: is the session still valid? */
  checkSession?: () => Promise<boolean>;
  backoff?: BackoffOptions;
  /** When to ask a quiet link whether it still works (tests shorten it). */
  heartbeat?: HeartbeatOptions;
  /** Where the device says its network went or came back; the browser's events by default. */
  network?: NetworkWatch;
}

/** Our own close of a socket we gave up on; never sent by the server. */
const ABANDONED = 4000;
/** A request with no reply by then is failed (the server answers every request, so the link is bad). */
export const REQUEST_TIMEOUT_MS = 30_000;

interface PendingRequest {
  op: RequestOp;
  resolve(result: unknown): void;
  reject(error: LiaoError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** One WebSocket to the server, kept open: heartbeats, reconnection with backoff, frames parsed. */
export class Connection extends TypedEmitter<ConnectionEvents> {
  state: ConnectionState = 'idle';
  /** Who the server says this connection is (from its hello), or null before the first. */
  session: { userId: string; sessionId: string } | null = null;
  /** Why the session ended, once the state is `signedOut` (null: the server did not say). */
  signOutCause: SignOutCause | null = null;
  private socket: SocketLike | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly heartbeat: Heartbeat;
  private stopWatchingNetwork: (() => void) | null = null;
  /** The device said it has no network: retries wait (at the longest backoff) for it to return. */
  private offline = false;
  private pingCounter = 0;
  private requestCounter = 0;
  private readonly pending = new Map<string, PendingRequest>();

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.heartbeat = new Heartbeat(
      options.heartbeat ?? DEFAULT_HEARTBEAT,
      () => this.send({ type: 'ping', id: `p${++this.pingCounter}` }),
      // Silent too long: dead even if the socket has not noticed (its close may take minutes).
      () => this.abandon('heartbeat timeout'),
    );
  }

  /** Opens the connection (and keeps it open until close()); after `displaced`, takes the place back. */
  open(): void {
    if (this.state !== 'idle' && this.state !== 'closed' && this.state !== 'displaced') return;
    this.stopWatchingNetwork ??= (this.options.network ?? browserNetwork)((online) => this.onNetwork(online));
    this.setState('connecting');
    this.connect();
  }

  /** Closes for good: no reconnection. */
  close(): void {
    this.stopWatchingNetwork?.();
    this.stopWatchingNetwork = null;
    this.clearTimers();
    this.failPending();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'client closed');
    if (this.state !== 'signedOut') this.setState('closed');
  }

  /**
   * Asks the server and resolves with its validated result, or rejects with a LiaoError: the
   * server's code, or NETWORK when the link is down or drops before the reply (the request
   * may or may not have been carried out; sends are safe to repeat with the same client id).
   */
  request<Op extends RequestOp>(
    op: Op,
    body: RequestBody<Op>,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<RequestResult<Op>> {
    return new Promise((resolve, reject) => {
      const id = `r${++this.requestCounter}`;
      if (!this.send({ type: 'req', id, op, body })) {
        reject(new LiaoError('NETWORK', 0, 'Not connected.'));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new LiaoError('NETWORK', 0, `No reply to ${op} within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(id, { op, resolve: resolve as (r: unknown) => void, reject, timer });
    });
  }

  /** Sends a frame if the link is open; returns whether it was sent. */
  send(frame: ClientFrame): boolean {
    if (!this.socket || this.socket.readyState !== SOCKET_OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private connect(): void {
    let opened = false;
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      opened = true;
      // From the open, not the hello: a link that dies before the hello is found the same way.
      if (socket === this.socket) this.heartbeat.start();
    };
    socket.onmessage = (message) => {
      if (socket !== this.socket) return;
      this.heartbeat.heard();
      this.onFrame(String(message.data));
    };
    socket.onerror = () => {
      // The close event follows and decides what to do.
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.heartbeat.stop();
      void this.afterClose(event.code, opened, event.reason);
    };
  }

  /** Gives up on the socket now (it went silent, or the network is gone) and reconnects. */
  private abandon(why: string): void {
    const dead = this.socket;
    if (!dead) return;
    this.socket = null;
    this.heartbeat.stop();
    dead.close(ABANDONED, why);
    void this.afterClose(ABANDONED, true, why);
  }

  /**
   * The device says its network went (drop the socket: nothing goes through it now) or came
   * back (reconnect now rather than when the backoff says; check an open link at once).
   */
  private onNetwork(online: boolean): void {
    this.offline = !online;
    // Closed, signed out or displaced: nothing to drop, and nothing to reopen by itself.
    if (this.state !== 'connecting' && this.state !== 'open' && this.state !== 'reconnecting') return;
    if (!online) {
      this.abandon('offline');
      return;
    }
    if (this.state === 'open') {
      this.heartbeat.probe();
      return;
    }
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.attempt = 0;
      this.connect();
    }
  }

  private onFrame(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = ServerFrame.safeParse(json);
    if (!parsed.success) return;
    const frame = parsed.data;
    switch (frame.type) {
      case 'hello':
        this.attempt = 0;
        this.session = { userId: frame.userId, sessionId: frame.sessionId };
        this.setState('open');
        return;
      case 'event':
        this.emit('event', frame.event);
        return;
      case 'error':
        this.emit('frameError', { code: frame.code, message: frame.message, id: frame.id });
        return;
      case 'pong':
        return;
      case 'res': {
        const pending = this.pending.get(frame.id);
        if (!pending) return;
        this.pending.delete(frame.id);
        clearTimeout(pending.timer);
        if (frame.ok) {
          const result = RequestOps[pending.op].result.safeParse(frame.result);
          if (result.success) pending.resolve(result.data);
          else
            pending.reject(
              new LiaoError('BAD_FRAME', 0, `The reply to ${pending.op} does not match the protocol.`),
            );
        } else if (frame.error) {
          const { code, message, data } = frame.error;
          pending.reject(new LiaoError(isErrorCode(code) ? code : 'INTERNAL', 0, message, data));
        }
        return;
      }
    }
  }

  /** Fails every request still waiting: the link that carried them is gone. */
  private failPending(): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new LiaoError('NETWORK', 0, 'The connection closed before the reply.'));
      this.pending.delete(id);
    }
  }

  private async afterClose(code: number, opened: boolean, reason: string): Promise<void> {
    this.failPending();
    if (this.state === 'closed' || this.state === 'signedOut' || this.state === 'displaced') return;
    if (code === CloseCodes.SESSION_REVOKED || code === CloseCodes.UNAUTHENTICATED) {
      this.signOut(code === CloseCodes.SESSION_REVOKED ? parseSignOutCloseReason(reason) : null);
      return;
    }
    if (code === CloseCodes.TOO_MANY_CONNECTIONS) {
      this.attempt = 0;
      this.setState('displaced');
      return;
    }
    // A refused upgrade looks like any failed connection in a browser; ask whether the session is gone.
    if (!opened && this.options.checkSession) {
      const valid = await this.options.checkSession().catch(() => true);
      if (!valid) {
        this.signOut(null);
        return;
      }
    }
    if ((this.state as ConnectionState) === 'closed') return;
    this.setState('reconnecting');
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    // Offline, an attempt cannot work: the online event brings the next one, this is a backstop.
    const delay = this.offline ? backoff.maxMs : backoffDelay(this.attempt++, backoff);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state === 'reconnecting') this.connect();
    }, delay);
  }

  private signOut(cause: SignOutCause | null): void {
    this.signOutCause = cause;
    this.stopWatchingNetwork?.();
    this.stopWatchingNetwork = null;
    this.emit('signedOut', cause);
    this.setState('signedOut');
  }

  private clearTimers(): void {
    this.heartbeat.stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }
}
