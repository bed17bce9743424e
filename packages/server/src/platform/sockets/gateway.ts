import {
  ClientFrame,
  CloseCodes,
  type ErrorCode,
  HEARTBEAT_MS,
  MAX_FRAME_BYTES,
  RequestOps,
  type ServerEvent,
  type ServerFrame,
  type SignOutCause,
  signOutCloseReason,
} from '@liao/protocol';
import type { BusMessage } from '../bus/eventBus';
import type { AppContext } from '../context';
import { parseInput } from '../errors';
import { toAppError } from '../http/errorHandler';
import { createAccountSockets } from './accountSockets';
import { type Connection, ConnectionRegistry } from './connections';
import type { OpHandler, OpHandlers } from './ops';
import type { SocketLedger } from './socketLedger';
import type { SocketEndpoint, Sockets } from './socketServer';

/**
 * Each connection's frame allowance: bursts up to 1,000 (a client catching up pages hundreds of
 * histories at once), refilled at 200 a second. An empty bucket gets RATE_LIMITED replies; a
 * sender that keeps going 400 frames past empty is closed with 1008.
 */
const BUDGET = { burst: 1000, perSecond: 200, floodDebt: 400 };
/** Far longer than an upgrade takes between its token check and its registration. */
const REVOCATION_MEMORY_MS = 60_000;
/**
 * After the bus reported a gap, every connection is closed at a random moment within this
 * spread (plus a millisecond per connection), so that a node's clients reconnect and sync at
 * about a thousand a second rather than all at once.
 */
const CATCH_UP_SPREAD_MS = 2000;
const CATCH_UP_MAX_SPREAD_MS = 30_000;

/** Told of each connection as it opens (after the hello) and as it closes. */
export interface ConnectionListener {
  opened(conn: Connection): void;
  closed(conn: Connection): void;
}

export interface GatewayOptions {
  ctx: AppContext;
  sockets: Sockets;
  ops: OpHandlers;
  ledger: SocketLedger;
}

/**
 * /ws, every signed-in device's one socket: requests answered by the domains' ops, events
 * delivered from the bus, sign-outs and the account's cap on sockets enforced.
 */
export interface Gateway {
  readonly endpoint: SocketEndpoint<ClientFrame, Connection>;
  readonly connections: ConnectionRegistry;
  /**
   * Sends an event to every live connection of these users on this node, except one; the
   * frame is encoded once, however many receive it. Domains deliver through the bus: this is
   * for a domain's own bus handler (chat's conversation events).
   */
  sendEvent(userIds: readonly string[], event: ServerEvent, exceptConnId?: string): void;
  /** Sends an event to one device session's connections on this node (a call's signalling). */
  sendEventToSession(sessionId: string, event: ServerEvent): void;
  /** Adds a listener of connections opening and closing (presence); returns its removal. */
  listen(listener: ConnectionListener): () => void;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { ctx, sockets, ops, ledger } = options;
  const connections = new ConnectionRegistry();
  const listeners = new Set<ConnectionListener>();
  const accountSockets = createAccountSockets(ctx, ledger, connections, sockets.closeLink);
  /** Requests running now; a draining gateway waits for their answers before it closes. */
  const inFlight = new Set<Promise<void>>();
  let draining = false;
  /** Sessions signed out lately, for upgrades that were authenticated just before. */
  const recentlyRevoked = new Map<string, { until: number; cause: SignOutCause | undefined }>();

  const send = (conn: Connection, frame: ServerFrame) => sockets.send(conn, frame);

  /** Runs a request and sends its one reply: the result, or an error with a stable code. */
  async function handleRequest(
    conn: Connection,
    frame: Extract<ClientFrame, { type: 'req' }>,
  ): Promise<void> {
    try {
      const body = parseInput(RequestOps[frame.op].body, frame.body);
      const handler = ops[frame.op] as OpHandler;
      const caller = {
        userId: conn.userId,
        sessionId: conn.sessionId,
        platform: conn.platform,
        connId: conn.id,
      };
      const result = await handler(caller, body);
      send(conn, { type: 'res', id: frame.id, ok: true, result });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'INTERNAL') ctx.log.error({ err: error, op: frame.op }, 'request failed');
      send(conn, { type: 'res', id: frame.id, ok: false, error: appError.toBody() });
    }
  }

  function replyError(conn: Connection, id: string, code: ErrorCode, message: string): void {
    send(conn, { type: 'res', id, ok: false, error: { code, message } });
  }

  /** Closes a signed-out session's connection, with the cause for the device to show. */
  function closeRevoked(conn: Connection, cause: SignOutCause | undefined): void {
    sockets.closeLink(conn, CloseCodes.SESSION_REVOKED, cause ? signOutCloseReason(cause) : 'signed out');
  }

  /**
   * An event serialised and encoded once, however many sockets receive it: `ws` would otherwise
   * turn the same string into UTF-8 bytes again for each of a group's members.
   */
  function encoded(frame: ServerFrame): Buffer {
    return Buffer.from(JSON.stringify(frame));
  }

  function sendToUsers(userIds: readonly string[], text: Buffer, exceptConnId: string | undefined): void {
    for (const userId of userIds) {
      for (const conn of connections.ofUser(userId) ?? []) {
        if (conn.id !== exceptConnId) sockets.sendRaw(conn, text);
      }
    }
  }

  function deliver(message: BusMessage): void {
    switch (message.kind) {
      case 'event':
        sendToUsers(message.userIds, encoded({ type: 'event', event: message.event }), undefined);
        return;
      case 'sockets.evicted':
        accountSockets.deliver(message);
        return;
      case 'sessions.revoked': {
        const now = Date.now();
        for (const [sessionId, { until }] of recentlyRevoked)
          if (until < now) recentlyRevoked.delete(sessionId);
        for (const sessionId of message.sessionIds) {
          recentlyRevoked.set(sessionId, { until: now + REVOCATION_MEMORY_MS, cause: message.cause });
          for (const conn of connections.ofSession(sessionId) ?? []) closeRevoked(conn, message.cause);
        }
        return;
      }
    }
  }
  const unsubscribe = ctx.bus.subscribe(deliver);
  // The bus may have dropped events meant for these connections: each reconnects and syncs.
  const stopGapWatch = ctx.bus.onGap(() => {
    const all = [...connections.all()];
    const spread = Math.min(CATCH_UP_MAX_SPREAD_MS, CATCH_UP_SPREAD_MS + all.length);
    for (const conn of all) {
      const close = () =>
        sockets.closeLink(conn, CloseCodes.MISSED_EVENTS, 'missed events; reconnect to catch up');
      setTimeout(close, Math.random() * spread).unref();
    }
  });

  const endpoint: SocketEndpoint<ClientFrame, Connection> = {
    path: '/ws',
    access: 'account',
    maxFrameBytes: MAX_FRAME_BYTES,
    budget: BUDGET,
    schema: ClientFrame,
    errorFrame: (code, message, id) => ({ type: 'error', code, message, ...(id ? { id } : {}) }),
    accept(base, { auth }) {
      if (!auth) return null;
      const conn: Connection = {
        id: base.id,
        ws: base.ws,
        alive: base.alive,
        tokens: base.tokens,
        refilledAt: base.refilledAt,
        userId: auth.userId,
        sessionId: auth.sessionId,
        platform: auth.platform,
      };
      const revoked = recentlyRevoked.get(conn.sessionId);
      if (revoked && revoked.until >= Date.now()) {
        // Signed out between the token check and now: the revocation was delivered before this
        // connection could be registered, so it is closed here and never registered.
        closeRevoked(conn, revoked.cause);
        return null;
      }
      connections.add(conn);
      send(conn, {
        type: 'hello',
        userId: conn.userId,
        sessionId: conn.sessionId,
        heartbeatMs: HEARTBEAT_MS,
        serverTime: ctx.now(),
      });
      for (const listener of listeners) listener.opened(conn);
      accountSockets.opened(conn);
      return conn;
    },
    frame(conn, frame) {
      switch (frame.type) {
        case 'ping':
          send(conn, { type: 'pong', id: frame.id, serverTime: ctx.now() });
          return;
        case 'req': {
          if (draining) {
            replyError(conn, frame.id, 'UNAVAILABLE', 'This server is restarting; reconnect and try again.');
            return;
          }
          const running = handleRequest(conn, frame);
          inFlight.add(running);
          void running.finally(() => inFlight.delete(running));
          return;
        }
      }
    },
    refused(conn, frame) {
      const message = 'Too many frames; slow down.';
      if (frame.type === 'req') replyError(conn, frame.id, 'RATE_LIMITED', message);
      else send(conn, { type: 'error', code: 'RATE_LIMITED', message, id: frame.id });
    },
    closed(conn) {
      connections.remove(conn);
      accountSockets.closed(conn);
      for (const listener of listeners) listener.closed(conn);
    },
    async drain(graceMs) {
      draining = true;
      // Answers to requests already running are still sent (the bus too stays subscribed
      // meanwhile, so their events reach this node's devices); none is cut off half-done.
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.allSettled([...inFlight]), deadline]);
    },
    close() {
      unsubscribe();
      stopGapWatch();
    },
  };

  return {
    endpoint,
    connections,
    sendEvent(userIds, event, exceptConnId) {
      sendToUsers(userIds, encoded({ type: 'event', event }), exceptConnId);
    },
    sendEventToSession(sessionId, event) {
      const conns = connections.ofSession(sessionId);
      if (!conns) return;
      const text = encoded({ type: 'event', event });
      for (const conn of conns) sockets.sendRaw(conn, text);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
