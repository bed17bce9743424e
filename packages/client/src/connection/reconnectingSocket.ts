import type { ZodType } from 'zod';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { DEFAULT_HEARTBEAT, Heartbeat, type HeartbeatOptions } from './heartbeat';
import { browserNetwork, type NetworkWatch } from './network';
import { SOCKET_OPEN, type SocketFactory, type SocketLike } from './socket';

/** Our own close of a socket we gave up on (silent, or the network went); never sent by a server. */
export const ABANDONED = 4000;

/** How a link ended: the close code and reason, and whether it had opened at all. */
export interface LinkClosed {
  code: number;
  reason: string;
  /** False when the socket never opened (a refused upgrade looks like this in a browser). */
  opened: boolean;
}

export interface ReconnectingSocketOptions<Frame> {
  url: string;
  createSocket: SocketFactory;
  /** The server's frames; anything else is ignored. */
  schema: ZodType<Frame>;
  /** The application ping the heartbeat sends to a quiet link (every frame back counts as an answer). */
  ping(): object;
  heartbeat?: HeartbeatOptions;
  backoff?: BackoffOptions;
  /** Where the device says its network went or came back; the browser's events by default. */
  network?: NetworkWatch;
  /** A frame from the server. */
  onFrame(frame: Frame): void;
  /**
   * The link closed, by the server, the network or a ping gone unanswered. 'retry' reopens it
   * after the backoff (at once when the network comes back); 'stop' leaves it closed until open().
   */
  onClose(closed: LinkClosed): 'retry' | 'stop' | Promise<'retry' | 'stop'>;
  /** A retry was scheduled. */
  onRetrying?(): void;
}

/**
 * One WebSocket kept open, for every socket the SDK holds (/ws, /ws/qr): JSON frames checked
 * against the protocol, an application heartbeat that finds a link dead without a close, the
 * device's network events, and reopening with backoff. What the frames mean is the owner's.
 */
export class ReconnectingSocket<Frame> {
  private socket: SocketLike | null = null;
  private active = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly heartbeat: Heartbeat;
  private stopWatchingNetwork: (() => void) | null = null;
  /** The device said it has no network: retries wait (at the longest backoff) for it to return. */
  private offline = false;

  constructor(private readonly options: ReconnectingSocketOptions<Frame>) {
    this.heartbeat = new Heartbeat(
      options.heartbeat ?? DEFAULT_HEARTBEAT,
      () => this.send(options.ping()),
      // Silent too long: dead even if the socket has not noticed (its close may take minutes).
      () => this.abandon('heartbeat timeout'),
    );
  }

  /** Whether a socket is open now. */
  get isOpen(): boolean {
    return this.socket?.readyState === SOCKET_OPEN;
  }

  /** Opens the link and keeps it open until close() or a 'stop'. Does nothing while it is active. */
  open(): void {
    if (this.active) return;
    this.active = true;
    this.attempt = 0;
    this.stopWatchingNetwork ??= (this.options.network ?? browserNetwork)((online) => this.onNetwork(online));
    this.connect();
  }

  /** Closes for good: no retry, and onClose is not called. */
  close(code = 1000, reason = 'client closed'): void {
    this.stop();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(code, reason);
    }
  }

  /** Sends a frame if the link is open; returns whether it was sent. */
  send(frame: object): boolean {
    if (!this.socket || this.socket.readyState !== SOCKET_OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /** The server greeted the link: the next drop retries from the shortest delay. */
  resetBackoff(): void {
    this.attempt = 0;
  }

  private connect(): void {
    let opened = false;
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      opened = true;
      if (socket === this.socket) this.heartbeat.start();
    };
    socket.onmessage = (message) => {
      if (socket !== this.socket) return;
      this.heartbeat.heard();
      this.onText(String(message.data));
    };
    socket.onerror = () => {
      // The close event follows and decides what to do.
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.heartbeat.stop();
      void this.afterClose({ code: event.code, reason: event.reason, opened });
    };
  }

  private onText(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = this.options.schema.safeParse(json);
    if (parsed.success) this.options.onFrame(parsed.data);
  }

  /** Gives up on the socket now (it went silent, or the network is gone) and retries. */
  private abandon(why: string): void {
    const dead = this.socket;
    if (!dead) return;
    this.socket = null;
    this.heartbeat.stop();
    dead.onclose = null;
    dead.close(ABANDONED, why);
    void this.afterClose({ code: ABANDONED, reason: why, opened: true });
  }

  /**
   * The device says its network went (drop the socket: nothing goes through it now) or came
   * back (reconnect now rather than when the backoff says; check an open link at once).
   */
  private onNetwork(online: boolean): void {
    this.offline = !online;
    if (!this.active) return;
    if (!online) {
      this.abandon('offline');
      return;
    }
    if (this.isOpen) {
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

  private async afterClose(closed: LinkClosed): Promise<void> {
    const answer = this.options.onClose(closed);
    // A plain answer is acted on at once: the owner's state changes in the same turn as the drop.
    const next = typeof answer === 'string' ? answer : await answer;
    if (!this.active || this.socket || this.retryTimer) return;
    if (next === 'stop') {
      this.stop();
      return;
    }
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    // Offline, an attempt cannot work: the online event brings the next one, this is a backstop.
    const delay = this.offline ? backoff.maxMs : backoffDelay(this.attempt++, backoff);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.active) this.connect();
    }, delay);
    this.options.onRetrying?.();
  }

  private stop(): void {
    this.active = false;
    this.stopWatchingNetwork?.();
    this.stopWatchingNetwork = null;
    this.heartbeat.stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
