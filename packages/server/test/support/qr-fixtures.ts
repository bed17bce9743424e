import { QrServerFrame, qrCodeFromText } from '@liao/protocol';
import WebSocket from 'ws';
import { wsUrl } from './sockets';

/** Chrome on Windows: a desktop browser, as the sign-in page would be. */
export const DESKTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36';

export type Frame<T extends QrServerFrame['type']> = Extract<QrServerFrame, { type: T }>;

/**
 * A desktop sign-in page's raw /ws/qr socket. Frames are checked against the protocol and
 * queued as they arrive, so that none is missed between two waits.
 */
export interface QrDesktop {
  ws: WebSocket;
  /** The first code it was shown. */
  ticket: Frame<'qr.ticket'>;
  /** Removes and returns the first queued frame of this type, waiting for one if needed. */
  next<T extends QrServerFrame['type']>(type: T, timeoutMs?: number): Promise<Frame<T>>;
  readonly queued: readonly QrServerFrame[];
  closed: Promise<{ code: number; reason: string }>;
  send(value: unknown): void;
  /** Asks for a new code and returns it. */
  refresh(): Promise<Frame<'qr.ticket'>>;
  close(): void;
}

export interface QrDesktopOptions {
  origin?: string;
  userAgent?: string;
  headers?: Record<string, string>;
  path?: string;
  /** Resolve once open, without waiting for the first code (for refusals on open). */
  noTicket?: boolean;
}

/** The code in a QR link. */
export function codeOf(ticket: Frame<'qr.ticket'>): string {
  const code = qrCodeFromText(ticket.qrUrl);
  if (!code) throw new Error(`not a sign-in link: ${ticket.qrUrl}`);
  return code;
}

export function qrHeaders(options: QrDesktopOptions): Record<string, string> {
  return {
    'user-agent': options.userAgent ?? DESKTOP_UA,
    ...(options.origin ? { origin: options.origin } : {}),
    ...options.headers,
  };
}

export async function openDesktop(baseUrl: string, options: QrDesktopOptions = {}): Promise<QrDesktop> {
  const ws = new WebSocket(wsUrl(baseUrl, options.path ?? '/ws/qr'), { headers: qrHeaders(options) });
  const queue: QrServerFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    queue.push(QrServerFrame.parse(JSON.parse(data.toString())));
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const wake of [...waiters]) wake();
    });
  });

  function next<T extends QrServerFrame['type']>(type: T, timeoutMs = 5000): Promise<Frame<T>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const index = queue.findIndex((f) => f.type === type);
        if (index >= 0) {
          const [frame] = queue.splice(index, 1);
          done();
          resolve(frame as Frame<T>);
        } else if (ws.readyState === WebSocket.CLOSED) {
          done();
          reject(new Error(`socket closed before ${type}; queued: ${JSON.stringify(queue)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${type} within ${timeoutMs} ms; queued: ${JSON.stringify(queue)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }

  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const ticket = options.noTicket
    ? ({ type: 'qr.ticket', ticketId: '', qrUrl: '', expiresAt: 0 } as Frame<'qr.ticket'>)
    : await next('qr.ticket');
  return {
    ws,
    ticket,
    next,
    get queued() {
      return queue;
    },
    closed,
    send(value) {
      ws.send(typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value));
    },
    async refresh() {
      ws.send(JSON.stringify({ type: 'qr.refresh' }));
      return next('qr.ticket');
    },
    close() {
      ws.close();
    },
  };
}
