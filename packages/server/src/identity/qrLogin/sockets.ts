import './busMessages';
import { type ErrorCode, ErrorCodes, QrClientFrame, type QrServerFrame } from '@liao/protocol';
import type { BusMessage } from '../../platform/bus/eventBus';
import { toAppError } from '../../platform/http/errorHandler';
import type { SocketEndpoint, SocketLink, Sockets } from '../../platform/sockets/socketServer';
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
/**
 * A page pings about every 25 s and refreshes every 2 minutes: 50 frames at once, refilled at
 * five a second, is far more than it sends. A frame past that closes the socket (1008).
 */
const BUDGET = { burst: 50, perSecond: 5, floodDebt: 0 };

/** One desktop sign-in page's socket and the ticket it is showing. */
interface QrLink extends SocketLink {
  desktop: Desktop;
  /** The ticket on screen now, and every one this socket made (to end them when it closes). */
  ticketId: string | null;
  ticketIds: string[];
  expiresAt: number;
  /** Whether the current ticket still has to be expired when its time comes. */
  expiryDue: boolean;
  /** Ticket work for this socket, one step after another (a refresh waits for the first ticket). */
  queue: Promise<void>;
}

/**
 * /ws/qr, the anonymous socket of the desktop sign-in page: each connection shows one ticket at
 * a time and hears, through the bus, what happens to it. A ticket dies with its socket.
 */
export function qrEndpoint(deps: QrDeps, sockets: Sockets): SocketEndpoint<QrClientFrame, QrLink> {
  const { ctx, tickets } = deps;
  const links = new Set<QrLink>();
  const byTicket = new Map<string, QrLink>();

  /** Ends the ticket on screen (no frame: the desktop asked) and shows a new one. */
  async function issueTicket(link: QrLink): Promise<void> {
    if (link.ticketId) {
      byTicket.delete(link.ticketId);
      await expireTicket(deps, link.ticketId, false);
      link.ticketId = null;
    }
    const { ticket, frame } = await openTicket(deps, link.desktop);
    link.ticketIds.push(ticket.id);
    if (!links.has(link)) return;
    link.ticketId = ticket.id;
    link.expiresAt = ticket.expiresAt;
    link.expiryDue = true;
    byTicket.set(ticket.id, link);
    send(link, frame);
  }

  function schedule(link: QrLink, step: () => Promise<void>): void {
    link.queue = link.queue.then(step).catch((error: unknown) => {
      const appError = toAppError(error);
      if (appError.code === 'INTERNAL') ctx.log.error({ err: error }, 'qr sign-in socket failed');
      send(link, errorFrame(appError.code, appError.message));
      sockets.closeLink(link, appError.code === 'RATE_LIMITED' ? 1008 : 1011, appError.code);
    });
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
    for (const link of links) {
      const ticketId = link.ticketId;
      if (!ticketId || !link.expiryDue || now < link.expiresAt) continue;
      link.expiryDue = false;
      schedule(link, async () => {
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
    const link = byTicket.get(message.ticketId);
    if (link) send(link, message.frame);
  }

  /** Every node looks at the pages it holds: a few tickets, each read once. */
  function cancelRevoked(revoked: ReadonlySet<string>): void {
    for (const link of links) {
      const ticketId = link.ticketId;
      if (!ticketId) continue;
      schedule(link, async () => {
        await cancelForRevokedSessions(deps, ticketId, revoked);
      });
    }
  }

  /**
   * The bus lost messages (its link to Redis dropped and came back): each page is told its
   * ticket's state again, in case what happened to it (scanned, confirmed) was among them.
   */
  function catchUp(): void {
    for (const link of links) {
      const ticketId = link.ticketId;
      if (!ticketId) continue;
      schedule(link, async () => {
        const frame = await withRetries(() => ticketNews(deps, ticketId));
        if (frame && link.ticketId === ticketId) send(link, frame);
      });
    }
  }

  const send = (link: QrLink, frame: QrServerFrame) => sockets.send(link, frame);
  const unsubscribe = ctx.bus.subscribe(deliver);
  const stopCatchUp = ctx.bus.onGap(catchUp);
  const expiryTimer = setInterval(expireDue, EXPIRY_TICK_MS);
  expiryTimer.unref();
  /** Links closed, whose tickets are still being ended: shutdown waits for them. */
  const ending = new Set<Promise<void>>();

  return {
    path: '/ws/qr',
    access: 'anonymous',
    maxFrameBytes: MAX_QR_FRAME_BYTES,
    budget: BUDGET,
    schema: QrClientFrame,
    errorFrame,
    accept(base, { request, address, origin }) {
      const link: QrLink = {
        id: base.id,
        ws: base.ws,
        alive: base.alive,
        tokens: base.tokens,
        refilledAt: base.refilledAt,
        desktop: {
          ip: address,
          userAgent: request.headers['user-agent'] ?? '',
          origin: ctx.config.publicUrl ?? origin,
        },
        ticketId: null,
        ticketIds: [],
        expiresAt: 0,
        expiryDue: false,
        queue: Promise.resolve(),
      };
      links.add(link);
      schedule(link, () => issueTicket(link));
      return link;
    },
    frame(link, frame) {
      switch (frame.type) {
        case 'qr.refresh':
          schedule(link, () => issueTicket(link));
          return;
        case 'ping':
          // The page's heartbeat (browsers cannot send WebSocket pings): it finds a dead link by
          // a missing answer, as on /ws, and keeps proxies from idling the socket out.
          send(link, { type: 'pong' });
          return;
      }
    },
    closed(link) {
      links.delete(link);
      if (link.ticketId) byTicket.delete(link.ticketId);
      // After any ticket still being made, so that it is ended too.
      link.queue = link.queue.then(() => forgetTickets(link.ticketIds));
      const done = link.queue.finally(() => ending.delete(done));
      ending.add(done);
    },
    async close() {
      clearInterval(expiryTimer);
      unsubscribe();
      stopCatchUp();
      // Links cut at shutdown may not have reported their close yet.
      await Promise.all([...ending, ...[...links].map((link) => link.queue)]);
    },
  };
}

function errorFrame(code: ErrorCode, message: string): QrServerFrame {
  return { type: 'qr.error', code, message: message || ErrorCodes[code].doc };
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
