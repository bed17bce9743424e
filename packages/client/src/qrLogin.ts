import {
  type AuthResult,
  type DeviceInfo,
  type ErrorCode,
  HEARTBEAT_MS,
  isErrorCode,
  QR_TICKET_TTL_MS,
  QrServerFrame,
} from '@liao/protocol';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './connection/backoff';
import {
  browserSocket,
  SOCKET_OPEN,
  type SocketFactory,
  type SocketLike,
  socketUrl,
} from './connection/socket';
import { LiaoError } from './errors';
import { LiaoApi } from './http/api';
import { TypedEmitter } from './typedEmitter';

/** Who scanned the code, as the desktop shows them: "confirm on your phone". */
export interface QrScanner {
  displayName: string;
  avatarUrl: string | null;
}

/**
 * What the desktop sign-in page shows. `waiting` (draw qrUrl) → `scanned` (the scanner's face)
 * → `confirmed` (signing in) → `signedIn`; or `cancelled` (the phone said no: offer refresh()),
 * `expired` (a new code follows by itself), `failed` (rate limited, or the claim was refused:
 * offer refresh()). `connecting` before the first code and while the link is re-established.
 */
export type QrLoginState =
  | { status: 'connecting' }
  | { status: 'waiting'; ticketId: string; qrUrl: string; expiresAt: number }
  | { status: 'scanned'; ticketId: string; qrUrl: string; expiresAt: number; user: QrScanner }
  | { status: 'confirmed'; ticketId: string; user: QrScanner | null }
  | { status: 'signedIn'; result: AuthResult }
  | { status: 'cancelled'; ticketId: string }
  | { status: 'expired'; ticketId: string }
  | { status: 'failed'; code: ErrorCode | 'NETWORK'; message: string }
  | { status: 'stopped' };

export type QrLoginEvents = {
  state: [QrLoginState];
};

export interface QrLoginOptions {
  /** '' for the same origin (browser), or 'http://host:port'. */
  baseUrl: string;
  /** How to open a WebSocket; defaults to the global WebSocket (browsers). */
  createSocket?: SocketFactory;
  /** Used for the claim; by default one made from baseUrl (and fetch). */
  api?: LiaoApi;
  fetch?: typeof fetch;
  /** 'cookie' (browsers, the default) or 'bearer' (the token comes back in the result). */
  transport?: 'cookie' | 'bearer';
  /** How the new session names itself; by default the server's reading of the User-Agent. */
  device?: DeviceInfo;
  /** Ask for a new code as soon as one expires (default true, as the sign-in page does). */
  autoRefresh?: boolean;
  /** Delays before reopening a dropped socket. */
  backoff?: BackoffOptions;
}

/**
 * How long past a code's lifetime we wait for the server's `qr.expired` before taking the
 * link for dead (a sleeping laptop, a dropped Wi-Fi) and reconnecting.
 */
const EXPIRY_GRACE_MS = 15_000;

/**
 * The desktop's side of QR sign-in: keeps /ws/qr open, shows each code and what happens to
 * it, refreshes expired codes, and trades the claim for a session on confirm. start() begins,
 * stop() ends; listen with on('state').
 */
export class QrLogin extends TypedEmitter<QrLoginEvents> {
  private current: QrLoginState = { status: 'stopped' };
  private socket: SocketLike | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private readonly api: LiaoApi;

  constructor(private readonly options: QrLoginOptions) {
    super();
    this.api = options.api ?? new LiaoApi({ baseUrl: options.baseUrl, fetch: options.fetch });
  }

  get state(): QrLoginState {
    return this.current;
  }

  /** Opens the socket; the first code arrives as a `waiting` state. */
  start(): void {
    if (this.socket || this.retryTimer) return;
    this.attempt = 0;
    this.setState({ status: 'connecting' });
    this.connect();
  }

  /** A new code: after `cancelled`, `failed` or `expired` (when autoRefresh is off), or any time. */
  refresh(): void {
    if (this.current.status === 'signedIn' || this.current.status === 'confirmed') return;
    if (this.socket?.readyState === SOCKET_OPEN) {
      this.socket.send(JSON.stringify({ type: 'qr.refresh' }));
      return;
    }
    this.closeSocket();
    this.start();
  }

  /** Closes the socket (its code dies with it) and stops every timer. */
  stop(): void {
    this.closeSocket();
    if (this.current.status !== 'signedIn') this.setState({ status: 'stopped' });
  }

  private connect(): void {
    const socket = (this.options.createSocket ?? browserSocket)(qrSocketUrl(this.options.baseUrl));
    this.socket = socket;
    socket.onopen = () => {
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), HEARTBEAT_MS);
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.onFrame(event.data);
    };
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket === socket) this.onDropped();
    };
  }

  private onFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = QrServerFrame.safeParse(json);
    if (!parsed.success) return;
    const frame = parsed.data;
    const current = this.current;
    const currentTicket = 'ticketId' in current ? current.ticketId : null;
    switch (frame.type) {
      case 'qr.ticket':
        this.attempt = 0;
        this.armWatchdog();
        this.setState({
          status: 'waiting',
          ticketId: frame.ticketId,
          qrUrl: frame.qrUrl,
          expiresAt: frame.expiresAt,
        });
        return;
      case 'qr.scanned':
        if (current.status !== 'waiting' && current.status !== 'scanned') return;
        if (frame.ticketId !== currentTicket) return;
        this.setState({ ...current, status: 'scanned', user: frame.user });
        return;
      case 'qr.confirmed':
        if (frame.ticketId !== currentTicket) return;
        this.disarmWatchdog();
        this.setState({
          status: 'confirmed',
          ticketId: frame.ticketId,
          user: current.status === 'scanned' ? current.user : null,
        });
        void this.claim(frame.ticketId, frame.claim);
        return;
      case 'qr.cancelled':
        if (frame.ticketId !== currentTicket) return;
        this.disarmWatchdog();
        this.setState({ status: 'cancelled', ticketId: frame.ticketId });
        return;
      case 'qr.expired':
        if (frame.ticketId !== currentTicket || current.status === 'confirmed') return;
        this.disarmWatchdog();
        this.setState({ status: 'expired', ticketId: frame.ticketId });
        if (this.options.autoRefresh !== false) this.refresh();
        return;
      case 'qr.error':
        // The server closes after a refusal (a rate limit); wait for the person, not a timer.
        this.closeSocket();
        this.setState({
          status: 'failed',
          code: isErrorCode(frame.code) ? frame.code : 'INTERNAL',
          message: frame.message,
        });
        return;
    }
  }

  private async claim(ticketId: string, claim: string): Promise<void> {
    try {
      const result = await this.api.claimQr({
        ticketId,
        claim,
        transport: this.options.transport ?? 'cookie',
        ...(this.options.device ? { device: this.options.device } : {}),
      });
      this.closeSocket();
      this.setState({ status: 'signedIn', result });
    } catch (error) {
      if (this.current.status === 'stopped') return;
      this.closeSocket();
      const failure =
        error instanceof LiaoError
          ? { code: error.code, message: error.message }
          : { code: 'NETWORK' as const, message: String(error) };
      this.setState({ status: 'failed', ...failure });
    }
  }

  /** The link dropped without a refusal: reconnect with backoff, unless the page is done with it. */
  private onDropped(): void {
    this.closeSocket();
    const status = this.current.status;
    if (status === 'stopped' || status === 'signedIn' || status === 'failed' || status === 'confirmed')
      return;
    this.setState({ status: 'connecting' });
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private armWatchdog(): void {
    this.disarmWatchdog();
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      // No qr.expired came: the socket is dead without having said so.
      this.socket?.close();
      this.onDropped();
    }, QR_TICKET_TTL_MS + EXPIRY_GRACE_MS);
  }

  private disarmWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  private send(frame: { type: 'qr.refresh' | 'ping' }): void {
    if (this.socket?.readyState === SOCKET_OPEN) this.socket.send(JSON.stringify(frame));
  }

  private closeSocket(): void {
    this.disarmWatchdog();
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.pingTimer = null;
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, 'done');
    }
  }

  private setState(state: QrLoginState): void {
    this.current = state;
    this.emit('state', state);
  }
}

/** ws(s)://host/ws/qr for the base URL ('' means this page's origin). */
export function qrSocketUrl(baseUrl: string): string {
  return socketUrl(baseUrl, '/ws/qr');
}
