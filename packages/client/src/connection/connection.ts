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
import type { BackoffOptions } from './backoff';
import type { HeartbeatOptions } from './heartbeat';
import type { NetworkWatch } from './network';
import { type LinkClosed, ReconnectingSocket } from './reconnectingSocket';
import type { SocketFactory } from './socket';

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

/** A request with no reply by then is failed (the server answers every request, so the link is bad). */
export const REQUEST_TIMEOUT_MS = 30_000;

interface PendingRequest {
  op: RequestOp;
  resolve(result: unknown): void;
  reject(error: LiaoError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The device's one WebSocket to the server (/ws), kept open by a ReconnectingSocket: requests
 * and their replies, events, and what the server's closes mean (signed out, displaced).
 */
export class Connection extends TypedEmitter<ConnectionEvents> {
  state: ConnectionState = 'idle';
  /** Who the server says this connection is (from its hello), or null before the first. */
  session: { userId: string; sessionId: string } | null = null;
  /** Why the session ended, once the state is `signedOut` (null: the server did not say). */
  signOutCause: SignOutCause | null = null;
  private readonly link: ReconnectingSocket<ServerFrame>;
  private pingCounter = 0;
  private requestCounter = 0;
  private readonly pending = new Map<string, PendingRequest>();

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.link = new ReconnectingSocket({
      url: options.url,
      createSocket: options.createSocket,
      schema: ServerFrame,
      ping: () => ({ type: 'ping', id: `p${++this.pingCounter}` }),
      ...(options.heartbeat ? { heartbeat: options.heartbeat } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.network ? { network: options.network } : {}),
      onFrame: (frame) => this.onFrame(frame),
      onClose: (closed) => this.afterClose(closed),
      onRetrying: () => this.setState('reconnecting'),
    });
  }

  /** Opens the connection (and keeps it open until close()); after `displaced`, takes the place back. */
  open(): void {
    if (this.state !== 'idle' && this.state !== 'closed' && this.state !== 'displaced') return;
    this.setState('connecting');
    this.link.open();
  }

  /** Closes for good: no reconnection. */
  close(): void {
    this.link.close(1000, 'client closed');
    this.failPending();
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
    return this.link.send(frame);
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'hello':
        this.link.resetBackoff();
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

  /** What a closed link means: retried, unless the session ended or another device took its place. */
  private afterClose({ code, reason, opened }: LinkClosed): 'retry' | 'stop' | Promise<'retry' | 'stop'> {
    this.failPending();
    if (this.state === 'closed' || this.state === 'signedOut' || this.state === 'displaced') return 'stop';
    if (code === CloseCodes.SESSION_REVOKED || code === CloseCodes.UNAUTHENTICATED) {
      this.signOut(code === CloseCodes.SESSION_REVOKED ? parseSignOutCloseReason(reason) : null);
      return 'stop';
    }
    if (code === CloseCodes.TOO_MANY_CONNECTIONS) {
      this.setState('displaced');
      return 'stop';
    }
    // A refused upgrade looks like any failed connection in a browser; ask whether the session is gone.
    if (!opened && this.options.checkSession) {
      return this.options
        .checkSession()
        .catch(() => true)
        .then((valid) => {
          if (valid) return 'retry';
          this.signOut(null);
          return 'stop';
        });
    }
    // Answered at once, so that the state says `reconnecting` as soon as the link is dropped.
    return 'retry';
  }

  private signOut(cause: SignOutCause | null): void {
    this.signOutCause = cause;
    this.emit('signedOut', cause);
    this.setState('signedOut');
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }
}
