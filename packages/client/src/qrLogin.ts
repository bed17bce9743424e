import { type AuthResult, type DeviceInfo, type ErrorCode, isErrorCode, QrServerFrame } from '@liao/protocol';
import type { BackoffOptions } from './connection/backoff';
import type { HeartbeatOptions } from './connection/heartbeat';
import type { NetworkWatch } from './connection/network';
import { ReconnectingSocket } from './connection/reconnectingSocket';
import { browserSocket, type SocketFactory, socketUrl } from './connection/socket';
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
  /** When to ask a quiet link whether it still works (tests shorten it). */
  heartbeat?: HeartbeatOptions;
  /** Where the device says its network went or came back; the browser's events by default. */
  network?: NetworkWatch;
}

/**
 * The desktop's side of QR sign-in: keeps /ws/qr open (a ReconnectingSocket, as /ws: a link
 * that dies silently, a sleeping laptop or a dropped Wi-Fi, is found by its heartbeat and
 * reopened, with a new code), shows each code and what happens to it, refreshes expired codes,
 * and trades the claim for a session on confirm. start() begins, stop() ends; listen with
 * on('state').
 */
export class QrLogin extends TypedEmitter<QrLoginEvents> {
  private current: QrLoginState = { status: 'stopped' };
  private link: ReconnectingSocket<QrServerFrame> | null = null;
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
    if (this.link) return;
    this.setState({ status: 'connecting' });
    this.link = new ReconnectingSocket({
      url: qrSocketUrl(this.options.baseUrl),
      createSocket: this.options.createSocket ?? browserSocket,
      schema: QrServerFrame,
      ping: () => ({ type: 'ping' }),
      ...(this.options.heartbeat ? { heartbeat: this.options.heartbeat } : {}),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      ...(this.options.network ? { network: this.options.network } : {}),
      onFrame: (frame) => this.onFrame(frame),
      onClose: () => this.onDropped(),
    });
    this.link.open();
  }

  /** A new code: after `cancelled`, `failed` or `expired` (when autoRefresh is off), or any time. */
  refresh(): void {
    if (this.current.status === 'signedIn' || this.current.status === 'confirmed') return;
    if (this.link?.send({ type: 'qr.refresh' })) return;
    this.closeSocket();
    this.start();
  }

  /** Closes the socket (its code dies with it) and stops every timer. */
  stop(): void {
    this.closeSocket();
    if (this.current.status !== 'signedIn') this.setState({ status: 'stopped' });
  }

  private onFrame(frame: QrServerFrame): void {
    const current = this.current;
    const currentTicket = 'ticketId' in current ? current.ticketId : null;
    switch (frame.type) {
      case 'qr.ticket':
        this.link?.resetBackoff();
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
        this.setState({
          status: 'confirmed',
          ticketId: frame.ticketId,
          user: current.status === 'scanned' ? current.user : null,
        });
        void this.claim(frame.ticketId, frame.claim);
        return;
      case 'qr.cancelled':
        if (frame.ticketId !== currentTicket) return;
        this.setState({ status: 'cancelled', ticketId: frame.ticketId });
        return;
      case 'qr.expired':
        if (frame.ticketId !== currentTicket || current.status === 'confirmed') return;
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
      case 'pong':
        // The heartbeat's answer: hearing any frame is what counts.
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

  /** The link dropped without a refusal: reopened with backoff, unless the page is done with it. */
  private onDropped(): 'retry' | 'stop' {
    const status = this.current.status;
    if (status === 'stopped' || status === 'signedIn' || status === 'failed' || status === 'confirmed')
      return 'stop';
    this.setState({ status: 'connecting' });
    return 'retry';
  }

  private closeSocket(): void {
    this.link?.close(1000, 'done');
    this.link = null;
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
