import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  ClientFrame,
  CloseCodes,
  type ErrorCode,
  ErrorCodes,
  HEARTBEAT_MS,
  MAX_FRAME_BYTES,
  RequestOps,
  type ServerEvent,
  type ServerFrame,
  type SignOutCause,
  signOutCloseReason,
} from '@liao/protocol';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { BusMessage } from '../bus/eventBus';
import type { Auth } from '../caller';
import type { AppContext } from '../context/index';
import { parseInput } from '../errors';
import { clientAddress } from '../http/address';
import { toAppError } from '../http/errorHandler';
import { isAllowedOrigin } from '../http/security';
import { createAccountSockets } from './accountSockets';
import { AddressSockets } from './addressSockets';
import { type Connection, ConnectionRegistry } from './connections';
import type { OpHandler, OpHandlers } from './ops';
import type { SocketLedger } from './socketLedger';

/**
 * A reader whose unsent bytes pass this is dropped rather than growing our memory; it catches
 * up on reconnect. Twice the largest sync reply (sync/rules.ts), so that events queued behind
 * one never trip it on a merely slow link.
 */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/**
 * Each connection's frame allowance is a token bucket: bursts up to FRAME_BURST (a client
 * catching up pages hundreds of histories at once), refilled at FRAMES_PER_SECOND. An empty
 * bucket gets RATE_LIMITED replies; a sender that keeps going FLOOD_DEBT frames past empty is
 * closed with 1008.
 */
const FRAME_BURST = 1000;
const FRAMES_PER_SECOND = 200;
const FLOOD_DEBT = 400;
/** Far longer than an upgrade takes between its token check and its registration. */
const REVOCATION_MEMORY_MS = 60_000;
/**
 * How long a connection we closed may take to answer the close handshake before its TCP
 * connection is cut. ws waits 30 s by default, which would let a signed-out device that
 * ignores the close frame hold its socket (and keep sending frames) for half a minute.
 */
const CLOSE_GRACE_MS = 1000;
/**
 * After the bus reported a gap, every connection is closed at a random moment within this
 * spread (plus a millisecond per connection), so that a node's clients reconnect and sync at
 * about a thousand a second rather than all at once.
 */
const CATCH_UP_SPREAD_MS = 2000;
const CATCH_UP_MAX_SPREAD_MS = 30_000;

/**
 * Another socket served beside /ws (e.g. /ws/qr), handed the upgrade after the same Origin
 * check, with the origin the request came to.
 */
export type UpgradeHandler = (
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ownOrigin: string,
) => void;

/**
 * Who an upgrade request is from, by its credentials (the session token in the Authorization
 * header or the cookie): null when it proves no one. Identity provides it.
 */
export type Authenticate = (request: IncomingMessage) => Promise<Auth | null>;

/** Told of each connection as it opens (after the hello) and as it closes. */
export interface ConnectionListener {
  opened(conn: Connection): void;
  closed(conn: Connection): void;
}

export interface GatewayOptions {
  ctx: AppContext;
  server: Server;
  authenticate: Authenticate;
  ops: OpHandlers;
  ledger: SocketLedger;
  otherSockets?: Readonly<Record<string, UpgradeHandler>>;
}

export interface Gateway {
  readonly connections: ConnectionRegistry;
  /**
   * Sends an event to every live connection of these users on this node, except one; the
   * frame is encoded once, however many receive it. Domains deliver through the bus: this is
   * for a domain's own bus handler (chat's conversation events).
   */
  sendEvent(userIds: readonly string[], event: ServerEvent, exceptConnId?: string): void;
  /** Adds a listener of connections opening and closing (presence); returns its removal. */
  listen(listener: ConnectionListener): () => void;
  /**
   * Drains: refuses new connections and requests (UNAVAILABLE, which clients retry), waits up
   * to `graceMs` for the requests already running to answer, then closes every connection
   * with "going away" so clients reconnect (elsewhere).
   */
  close(graceMs?: number): Promise<void>;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { ctx, server, authenticate, ops, ledger, otherSockets = {} } = options;
  const connections = new ConnectionRegistry();
  const listeners = new Set<ConnectionListener>();
  const accountSockets = createAccountSockets(ctx, ledger, connections, closeConnection);
  const anonymousSockets = new AddressSockets(ctx.config.sockets.anonymousPerAddress);
  let connectionCounter = 0;
  /** Requests running now; a draining gateway waits for their answers before it closes. */
  const inFlight = new Set<Promise<void>>();
  let draining = false;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    // Compression costs ~300 KiB of zlib state per connection; JSON frames are small anyway.
    perMessageDeflate: false,
    clientTracking: false,
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void acceptUpgrade(request, socket, head);
  });

  async function acceptUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    const other = Object.hasOwn(otherSockets, url.pathname) ? otherSockets[url.pathname] : undefined;
    if (url.pathname !== '/ws' && !other) {
      refuse(socket, 404, 'Not Found');
      return;
    }
    if (draining) {
      refuse(socket, 503, 'Service Unavailable');
      return;
    }
    const origin = request.headers.origin;
    const own = ownOrigin(ctx, request);
    if (origin && !isAllowedOrigin(origin, own, ctx.config)) {
      refuse(socket, 403, 'Forbidden');
      return;
    }
    if (other) {
      // Anonymous: counted per address from here until the TCP connection closes.
      const address = clientAddress(request, ctx.config.trustProxy);
      if (!anonymousSockets.take(address)) {
        refuse(socket, 429, 'Too Many Requests');
        return;
      }
      socket.once('close', () => anonymousSockets.release(address));
      other(request, socket, head, own);
      return;
    }
    let auth: Auth | null = null;
    try {
      auth = await authenticate(request);
    } catch (error) {
      ctx.log.error({ err: error }, 'websocket authentication failed');
      refuse(socket, 503, 'Service Unavailable');
      return;
    }
    if (!auth) {
      refuse(socket, 401, 'Unauthorized');
      return;
    }
    const { userId, sessionId, platform } = auth;
    wss.handleUpgrade(request, socket, head, (ws) => onOpen(ws, userId, sessionId, platform));
  }

  function onOpen(ws: WebSocket, userId: string, sessionId: string, platform: Connection['platform']): void {
    const id = String(++connectionCounter);
    const conn: Connection = {
      id,
      ws,
      userId,
      sessionId,
      platform,
      alive: true,
      tokens: FRAME_BURST,
      refilledAt: Date.now(),
    };
    const revoked = recentlyRevoked.get(sessionId);
    if (revoked) {
      // Signed out between the token check and now: the revocation was delivered before this
      // connection could be registered, so it is closed here and never registered.
      closeRevoked(conn, revoked.cause);
      return;
    }
    connections.add(conn);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data, isBinary) => onFrame(conn, data, isBinary));
    ws.on('close', () => {
      connections.remove(conn);
      accountSockets.closed(conn);
      for (const listener of listeners) listener.closed(conn);
    });
    ws.on('error', () => ws.terminate());
    send(conn, { type: 'hello', userId, sessionId, heartbeatMs: HEARTBEAT_MS, serverTime: ctx.now() });
    for (const listener of listeners) listener.opened(conn);
    accountSockets.opened(conn);
  }

  function onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    // ws still delivers frames after we started closing (revoked, flooding, shutting down);
    // none of them may act for a session that is on its way out.
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    conn.tokens =
      Math.min(FRAME_BURST, conn.tokens + ((now - conn.refilledAt) * FRAMES_PER_SECOND) / 1000) - 1;
    conn.refilledAt = now;
    if (conn.tokens < -FLOOD_DEBT) {
      closeConnection(conn, 1008, 'too many frames');
      return;
    }
    const frame = readFrame(conn, data, isBinary);
    if (!frame) return;
    if (conn.tokens < 0) {
      if (frame.type === 'req') replyError(conn, frame.id, 'RATE_LIMITED', 'Too many frames; slow down.');
      else sendError(conn, 'RATE_LIMITED', 'Too many frames; slow down.', frame.id);
      return;
    }
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
  }

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

  /** Parses a client frame, answering with an error frame (and returning null) when it is not one. */
  function readFrame(conn: Connection, data: RawData, isBinary: boolean): ClientFrame | null {
    if (isBinary) {
      sendError(conn, 'BAD_FRAME', 'Frames are JSON text.');
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      sendError(conn, 'MALFORMED_JSON', 'The frame is not valid JSON.');
      return null;
    }
    const parsed = ClientFrame.safeParse(json);
    if (parsed.success) return parsed.data;
    const id = (json as { id?: unknown } | null)?.id;
    sendError(
      conn,
      'BAD_FRAME',
      describeIssue(parsed.error.issues[0]),
      typeof id === 'string' ? id : undefined,
    );
    return null;
  }

  /** Closes a signed-out session's connection, with the cause for the device to show. */
  function closeRevoked(conn: Connection, cause: SignOutCause | undefined): void {
    closeConnection(conn, CloseCodes.SESSION_REVOKED, cause ? signOutCloseReason(cause) : 'signed out');
  }

  /** Starts the close handshake and cuts the connection if the peer does not finish it soon. */
  function closeConnection(conn: Connection, code: number, reason: string): void {
    conn.ws.close(code, reason);
    setTimeout(() => conn.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  function sendError(conn: Connection, code: ErrorCode, message: string, id?: string): void {
    send(conn, { type: 'error', code, message: message || ErrorCodes[code].doc, ...(id ? { id } : {}) });
  }

  function send(conn: Connection, frame: ServerFrame): void {
    sendRaw(conn, JSON.stringify(frame));
  }

  /** Sends a text frame: a string, or one already encoded for many sockets (see `encoded`). */
  function sendRaw(conn: Connection, text: string | Buffer): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    if (conn.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      conn.ws.close(CloseCodes.SLOW_CONSUMER, 'too slow; reconnect to catch up');
      conn.ws.terminate();
      return;
    }
    conn.ws.send(text, { binary: false });
  }

  function deliver(message: BusMessage): void {
    switch (message.kind) {
      case 'event': {
        const text = encoded({ type: 'event', event: message.event });
        sendToUsers(message.userIds, text, undefined);
        return;
      }
      case 'sockets.evicted':
        accountSockets.deliver(message);
        return;
      case 'sessions.revoked': {
        const until = Date.now() + REVOCATION_MEMORY_MS;
        for (const sessionId of message.sessionIds) {
          recentlyRevoked.set(sessionId, { until, cause: message.cause });
          for (const conn of connections.ofSession(sessionId) ?? []) closeRevoked(conn, message.cause);
        }
        return;
      }
    }
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
        if (conn.id !== exceptConnId) sendRaw(conn, text);
      }
    }
  }

  /** Sessions signed out lately, for upgrades that were authenticated just before. */
  const recentlyRevoked = new Map<string, { until: number; cause: SignOutCause | undefined }>();
  const unsubscribe = ctx.bus.subscribe(deliver);
  // The bus may have dropped events meant for these connections: each reconnects and syncs.
  const stopGapWatch = ctx.bus.onGap(() => {
    const all = [...connections.all()];
    const spread = Math.min(CATCH_UP_MAX_SPREAD_MS, CATCH_UP_SPREAD_MS + all.length);
    for (const conn of all) {
      const close = () =>
        closeConnection(conn, CloseCodes.MISSED_EVENTS, 'missed events; reconnect to catch up');
      setTimeout(close, Math.random() * spread).unref();
    }
  });

  // One heartbeat timer for all connections, not one each (memory per idle connection).
  const timer = setInterval(() => {
    const now = Date.now();
    for (const [sessionId, { until }] of recentlyRevoked) if (until < now) recentlyRevoked.delete(sessionId);
    for (const conn of connections.all()) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }, HEARTBEAT_MS);
  timer.unref();

  return {
    connections,
    sendEvent(userIds, event, exceptConnId) {
      sendToUsers(userIds, encoded({ type: 'event', event }), exceptConnId);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close(graceMs = 0) {
      draining = true;
      // Answers to requests already running are still sent (the bus too stays subscribed
      // meanwhile, so their events reach this node's devices); none is cut off half-done.
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.allSettled([...inFlight]), deadline]);
      clearInterval(timer);
      unsubscribe();
      stopGapWatch();
      const closing: Promise<void>[] = [];
      for (const conn of connections.all()) {
        closing.push(new Promise((resolve) => conn.ws.once('close', () => resolve())));
        conn.ws.close(CloseCodes.GOING_AWAY, 'server shutting down');
      }
      const grace = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
      await Promise.race([Promise.all(closing), grace]);
      for (const conn of connections.all()) conn.ws.terminate();
    },
  };
}

function ownOrigin(ctx: AppContext, request: IncomingMessage): string {
  const forwardedProto = ctx.config.trustProxy ? request.headers['x-forwarded-proto'] : undefined;
  const proto = typeof forwardedProto === 'string' ? forwardedProto.split(',')[0]?.trim() : undefined;
  const secure = (request.socket as { encrypted?: boolean }).encrypted === true;
  return `${proto ?? (secure ? 'https' : 'http')}://${request.headers.host ?? ''}`;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'Not a protocol frame.';
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
