import './busMessages';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  CloseCodes,
  type ErrorCode,
  ErrorCodes,
  HEARTBEAT_MS,
  QrClientFrame,
  type QrServerFrame,
} from '@liao/protocol';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { BusMessage } from '../../platform/bus/eventBus';
import { clientAddress } from '../../platform/http/address';
import { toAppError } from '../../platform/http/errorHandler';
import {
  cancelForRevokedSessions,
  type Desktop,
  expireTicket,
  openTicket,
  type QrDeps,
  ticketNews,
} from './rules';

/** Desktop frames are tiny ({"type":"qr.refresh"}); nothing bigger is read. */
const MAX_QR_FRAME_BYTES = 1024;
/** How often live tickets are checked against the clock (the clock tests move, not a timer each). */
const EXPIRY_TICK_MS = 1000;
/** A page pings about every 25 s and refreshes every 2 minutes; far more than this is a flood. */
const FRAME_WINDOW_MS = 10_000;
const FRAMES_PER_WINDOW = 50;
/** How long a closed connection may take to finish the close handshake (as in the gateway). */
const CLOSE_GRACE_MS = 1000;

/** One desktop sign-in page's socket and the ticket it is showing. */
interface QrConnection {
  ws: WebSocket;
  desktop: Desktop;
  /** The ticket on screen now, and every one this socket made (to end them when it closes). */
  ticketId: string | null;
  ticketIds: string[];
  expiresAt: number;
  /** Whether the current ticket still has to be expired when its time comes. */
  expiryDue: boolean;
  /** Ticket work for this socket, one step after another (a refresh waits for the first ticket). */
  queue: Promise<void>;
  alive: boolean;
  frames: number;
  windowStart: number;
}

export interface QrSockets {
  /** Takes over an upgrade to /ws/qr (the gateway already checked its Origin). */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, origin: string): void;
  readonly size: number;
  close(): Promise<void>;
}

/**
 * The anonymous /ws/qr socket of the desktop sign-in page: each connection shows one ticket at
 * a time and hears, through the bus, what happens to it. A ticket dies with its socket.
 */
export function createQrSockets(deps: QrDeps): QrSockets {
  const { ctx, tickets } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_QR_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const connections = new Set<QrConnection>();
  const byTicket = new Map<string, QrConnection>();

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, origin: string): void {
    const desktop: Desktop = {
      ip: clientAddress(request, ctx.config.trustProxy),
      userAgent: request.headers['user-agent'] ?? '',
      origin: ctx.config.publicUrl ?? origin,
    };
    wss.handleUpgrade(request, socket, head, (ws) => onOpen(ws, desktop));
  }

  function onOpen(ws: WebSocket, desktop: Desktop): void {
    const conn: QrConnection = {
      ws,
      desktop,
      ticketId: null,
      ticketIds: [],
      expiresAt: 0,
      expiryDue: false,
      queue: Promise.resolve(),
      alive: true,
      frames: 0,
      windowStart: Date.now(),
    };
    connections.add(conn);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data, isBinary) => onFrame(conn, data, isBinary));
    ws.on('close', () => onClose(conn));
    ws.on('error', () => ws.terminate());
    schedule(conn, () => issueTicket(conn));
  }

  function onFrame(conn: QrConnection, data: RawData, isBinary: boolean): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    if (now - conn.windowStart >= FRAME_WINDOW_MS) {
      conn.windowStart = now;
      conn.frames = 0;
    }
    if (++conn.frames > FRAMES_PER_WINDOW) {
      closeConnection(conn, 1008, 'too many frames');
      return;
    }
    const frame = readFrame(data, isBinary);
    if (typeof frame === 'string') {
      sendError(conn, 'BAD_FRAME', frame);
      return;
    }
    switch (frame.type) {
      case 'qr.refresh':
        schedule(conn, () => issueTicket(conn));
        return;
      case 'ping':
        // Accepted without an answer: it only keeps proxies from idling the socket out. The
        // server's own WebSocket pings find dead desktops.
        return;
    }
  }

  /** Ends the ticket on screen (no frame: the desktop asked) and shows a new one. */
  async function issueTicket(conn: QrConnection): Promise<void> {
    if (conn.ticketId) {
      byTicket.delete(conn.ticketId);
      await expireTicket(deps, conn.ticketId, false);
      conn.ticketId = null;
    }
    const { ticket, frame } = await openTicket(deps, conn.desktop);
    conn.ticketIds.push(ticket.id);
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    conn.ticketId = ticket.id;
    conn.expiresAt = ticket.expiresAt;
    conn.expiryDue = true;
    byTicket.set(ticket.id, conn);
    send(conn, frame);
  }

  function schedule(conn: QrConnection, step: () => Promise<void>): void {
    conn.queue = conn.queue.then(step).catch((error: unknown) => {
      const appError = toAppError(error);
      if (appError.code === 'INTERNAL') ctx.log.error({ err: error }, 'qr sign-in socket failed');
      sendError(conn, appError.code, appError.message);
      closeConnection(conn, appError.code === 'RATE_LIMITED' ? 1008 : 1011, appError.code);
    });
  }

  function onClose(conn: QrConnection): void {
    connections.delete(conn);
    if (conn.ticketId) byTicket.delete(conn.ticketId);
    // After any ticket still being made, so that it is ended too.
    conn.queue = conn.queue.then(() => forgetTickets(conn.ticketIds));
  }

  /**
   * The socket is gone: its tickets that were never used are forgotten, so that scanning one is
   * "no such code". Used ones stay for a while: a late scan is told so, and a confirmed one can
   * still be claimed by the page that closed its socket to do it.
   */
  async function forgetTickets(ticketIds: readonly string[]): Promise<void> {
    try {
      for (const id of ticketIds) {
        const ticket = await tickets.get(id);
        if (
          ticket &&
          (ticket.state === 'waiting' || ticket.state === 'scanned' || ticket.state === 'expired')
        ) {
          await tickets.delete(id);
        }
      }
    } catch (error) {
      ctx.log.error({ err: error }, 'forgetting qr tickets failed');
    }
  }

  function expireDue(): void {
    const now = ctx.now();
    for (const conn of connections) {
      const ticketId = conn.ticketId;
      if (!ticketId || !conn.expiryDue || now < conn.expiresAt) continue;
      conn.expiryDue = false;
      schedule(conn, async () => {
        await expireTicket(deps, ticketId, true);
      });
    }
  }

  function deliver(message: BusMessage): void {
    if (message.kind === 'sessions.revoked') {
      cancelRevoked(new Set(message.sessionIds));
      return;
    }
    if (message.kind !== 'qr') return;
    const conn = byTicket.get(message.ticketId);
    if (conn) send(conn, message.frame);
  }

  /** Every node looks at the pages it holds: a few tickets, each read once. */
  function cancelRevoked(revoked: ReadonlySet<string>): void {
    for (const conn of connections) {
      const ticketId = conn.ticketId;
      if (!ticketId) continue;
      schedule(conn, async () => {
        await cancelForRevokedSessions(deps, ticketId, revoked);
      });
    }
  }

  function send(conn: QrConnection, frame: QrServerFrame): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(frame));
  }

  function sendError(conn: QrConnection, code: ErrorCode, message: string): void {
    send(conn, { type: 'qr.error', code, message: message || ErrorCodes[code].doc });
  }

  function closeConnection(conn: QrConnection, code: number, reason: string): void {
    conn.ws.close(code, reason);
    setTimeout(() => conn.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  /**
   * The bus lost messages (its link to Redis dropped and came back): each page is told its
   * ticket's state again, in case what happened to it (scanned, confirmed) was among them.
   */
  function catchUp(): void {
    for (const conn of connections) {
      const ticketId = conn.ticketId;
      if (!ticketId) continue;
      schedule(conn, async () => {
        const frame = await withRetries(() => ticketNews(deps, ticketId));
        if (frame && conn.ticketId === ticketId) send(conn, frame);
      });
    }
  }

  const unsubscribe = ctx.bus.subscribe(deliver);
  const stopCatchUp = ctx.bus.onGap(catchUp);
  const expiryTimer = setInterval(expireDue, EXPIRY_TICK_MS);
  expiryTimer.unref();
  const heartbeat = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    upgrade,
    get size() {
      return connections.size;
    },
    async close() {
      clearInterval(expiryTimer);
      clearInterval(heartbeat);
      unsubscribe();
      stopCatchUp();
      const closing = [...connections].map(
        (conn) => new Promise<void>((resolve) => conn.ws.once('close', () => resolve())),
      );
      for (const conn of connections) conn.ws.close(CloseCodes.GOING_AWAY, 'server shutting down');
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
      await Promise.race([Promise.all(closing), grace]);
      for (const conn of connections) conn.ws.terminate();
      await Promise.all([...connections].map((conn) => conn.queue));
    },
  };
}

/**
 * The bus's link may come back a moment before the connection that reads tickets does (they
 * are separate links): a read refused as UNAVAILABLE is tried again a few times before the
 * page is told.
 */
async function withRetries<T>(read: () => Promise<T>, attempts = 10, delayMs = 300): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= attempts || toAppError(error).code !== 'UNAVAILABLE') throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** The frame, or why it is not one. */
function readFrame(data: RawData, isBinary: boolean): QrClientFrame | string {
  if (isBinary) return 'Frames are JSON text.';
  let json: unknown;
  try {
    json = JSON.parse(data.toString());
  } catch {
    return 'The frame is not valid JSON.';
  }
  const parsed = QrClientFrame.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join('.');
  return issue ? (where ? `${where}: ${issue.message}` : issue.message) : 'Not a sign-in frame.';
}
