import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCodes, type ErrorCode, HEARTBEAT_MS } from '@liao/protocol';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { ZodType } from 'zod';
import type { Auth } from '../caller';
import type { AppContext } from '../context';
import { clientAddress } from '../http/address';
import { isAllowedOrigin } from '../http/security';
import { AddressSockets } from './addressSockets';

/**
 * A reader whose unsent bytes pass this is dropped rather than growing our memory; it catches
 * up on reconnect. Twice the largest sync reply (chat/sync/rules.ts), so that events queued
 * behind one never trip it on a merely slow link.
 */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/**
 * How long a connection we closed may take to answer the close handshake before its TCP
 * connection is cut. ws waits 30 s by default, which would let a signed-out device that
 * ignores the close frame hold its socket (and keep sending frames) for half a minute.
 */
const CLOSE_GRACE_MS = 1000;
/** How long connections told "going away" at shutdown may take to close before they are cut. */
const SHUTDOWN_GRACE_MS = 2000;

/**
 * One live WebSocket, of any endpoint. Kept small: memory per idle connection is a budget, so
 * an endpoint extends this object with its own few fields rather than wrapping it.
 */
export interface SocketLink {
  /** Unique on this node, across endpoints; lets an event skip the connection that caused it. */
  readonly id: string;
  readonly ws: WebSocket;
  /** Cleared at each heartbeat, set by the pong; a connection still clear at the next one is dead. */
  alive: boolean;
  /** Frames this connection may still send at once (a token bucket: the endpoint's budget). */
  tokens: number;
  refilledAt: number;
}

/** Who opened a connection: the account for an endpoint that needs one, and where from. */
export interface Opener {
  /** Set for 'account' endpoints; null on anonymous ones. */
  auth: Auth | null;
  request: IncomingMessage;
  /** The client's address (behind a trusted proxy, the one it forwarded), read when first asked for. */
  readonly address: string;
  /** The origin the request came to: this server's own, as the browser saw it. */
  origin: string;
}

/**
 * One socket endpoint (/ws, /ws/qr, tomorrow call signalling). The socket server does what every
 * endpoint needs: routing the upgrade, the Origin check, authentication or the per-address cap,
 * the frame limit and budget, JSON and schema checks with an error frame, heartbeats, sending
 * with backpressure, closing with a grace, and shutdown. The endpoint handles its frames.
 */
export interface SocketEndpoint<Frame, Link extends SocketLink = SocketLink> {
  path: string;
  /** 'account': refused with 401 without a live session; 'anonymous': counted per client address. */
  access: 'account' | 'anonymous';
  /** Frames larger than this close the connection (ws's maxPayload). */
  maxFrameBytes: number;
  /**
   * Frames a connection may send: bursts up to `burst`, refilled at `perSecond`. A frame that
   * finds the bucket empty is `refused` RATE_LIMITED; a sender that keeps going `floodDebt`
   * frames past empty is closed with 1008 (0: closed at the first frame past empty).
   */
  budget: { burst: number; perSecond: number; floodDebt: number };
  /** The client's frames; one that does not parse is answered with `errorFrame`. */
  schema: ZodType<Frame>;
  /** The frame telling a client that a frame of its was refused (`id` when the frame had one). */
  errorFrame(code: ErrorCode, message: string, id?: string): object;
  /**
   * A connection opened: the endpoint makes its own link from `base` (adding its fields) and
   * returns it, or closes it and returns null. The link is best one object literal naming every
   * field: made with a spread (`{ ...base, … }`), every connection had a hidden class of its own
   * in V8, a map and its descriptors (0.3 KiB an idle connection, measured).
   */
  accept(base: SocketLink, opener: Opener): Link | null;
  /** A frame that passed the checks. */
  frame(link: Link, frame: Frame): void;
  /** A frame that found the budget empty: by default, answered with `errorFrame` RATE_LIMITED. */
  refused?(link: Link, frame: Frame): void;
  /** The connection closed (for any reason, once, for links `accept` returned). */
  closed(link: Link): void;
  /**
   * Shutdown began and no connection opens any more: finish what is in flight within
   * `graceMs`. Connections are told "going away" after every endpoint drained.
   */
  drain?(graceMs: number): Promise<void>;
  /** After every connection closed: timers, subscriptions. */
  close?(): Promise<void> | void;
}

/** What an endpoint is given to talk to its connections. */
export interface Sockets {
  /** Sends a frame (as JSON) to one connection, unless it is closing or too far behind. */
  send(link: SocketLink, frame: object): void;
  /** Sends text already encoded, e.g. one event for many connections. */
  sendRaw(link: SocketLink, text: string | Buffer): void;
  /** Starts the close handshake, and cuts the connection if the peer does not finish it soon. */
  closeLink(link: SocketLink, code: number, reason: string): void;
}

export interface SocketServerOptions {
  ctx: AppContext;
  server: Server;
  /** Who an upgrade request is from, by its credentials: null when it proves no one. */
  authenticate(request: IncomingMessage): Promise<Auth | null>;
}

export interface SocketServer extends Sockets {
  /** Serves an endpoint from now on. */
  // biome-ignore lint/suspicious/noExplicitAny: endpoints of any frame and link type are served alike
  serve(endpoint: SocketEndpoint<any, any>): void;
  /**
   * Refuses new connections (503), lets every endpoint drain within `graceMs`, then tells every
   * connection "going away" so that clients reconnect (elsewhere), and cuts those that do not
   * close within two seconds.
   */
  close(graceMs?: number): Promise<void>;
}

type AnyEndpoint = SocketEndpoint<unknown, SocketLink>;

export function createSocketServer(options: SocketServerOptions): SocketServer {
  const { ctx, server, authenticate } = options;
  const endpoints = new Map<string, { endpoint: AnyEndpoint; wss: WebSocketServer }>();
  const links = new Set<SocketLink>();
  const anonymous = new AddressSockets(ctx.config.sockets.anonymousPerAddress);
  let counter = 0;
  let draining = false;

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void acceptUpgrade(request, socket, head);
  });

  // The listeners that outlive the upgrade (on the socket) are made in functions of their own:
  // a closure made here would keep this call's whole scope, the request with its headers
  // included, for the life of the connection (1.3 KiB an idle connection, measured).
  async function acceptUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    destroyOnError(socket);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const served = endpoints.get(url.pathname);
    if (!served) return refuse(socket, 404, 'Not Found');
    if (draining) return refuse(socket, 503, 'Service Unavailable');
    const origin = ownOrigin(ctx, request);
    if (request.headers.origin && !isAllowedOrigin(request.headers.origin, origin, ctx.config)) {
      return refuse(socket, 403, 'Forbidden');
    }
    const opener = openerOf(request, origin);
    if (served.endpoint.access === 'anonymous') {
      // Counted from here until the TCP connection closes.
      if (!anonymous.take(opener.address)) return refuse(socket, 429, 'Too Many Requests');
      releaseOnClose(socket, opener.address);
    } else {
      try {
        opener.auth = await authenticate(request);
      } catch (error) {
        ctx.log.error({ err: error }, 'websocket authentication failed');
        return refuse(socket, 503, 'Service Unavailable');
      }
      if (!opener.auth) return refuse(socket, 401, 'Unauthorized');
    }
    completeUpgrade(served, socket, head, opener);
  }

  /**
   * The client's address is read only when asked for: reading it makes Node keep the peer's
   * address on the socket for the life of the connection (0.1 KiB an idle connection, measured),
   * and endpoints for accounts do not need it.
   */
  function openerOf(request: IncomingMessage, origin: string): Opener {
    let address: string | undefined;
    return {
      auth: null,
      request,
      origin,
      get address() {
        address ??= clientAddress(request, ctx.config.trustProxy);
        return address;
      },
    };
  }

  function completeUpgrade(
    served: { endpoint: AnyEndpoint; wss: WebSocketServer },
    socket: Duplex,
    head: Buffer,
    opener: Opener,
  ): void {
    served.wss.handleUpgrade(opener.request, socket, head, (ws) => open(served.endpoint, ws, opener));
  }

  function releaseOnClose(socket: Duplex, address: string): void {
    socket.once('close', () => anonymous.release(address));
  }

  function open(endpoint: AnyEndpoint, ws: WebSocket, opener: Opener): void {
    const base: SocketLink = {
      id: String(++counter),
      ws,
      alive: true,
      tokens: endpoint.budget.burst,
      refilledAt: Date.now(),
    };
    const link = endpoint.accept(base, opener);
    if (!link) return;
    links.add(link);
    ws.on('pong', () => {
      link.alive = true;
    });
    ws.on('message', (data, isBinary) => onFrame(endpoint, link, data, isBinary));
    ws.on('close', () => {
      links.delete(link);
      endpoint.closed(link);
    });
    ws.on('error', () => ws.terminate());
  }

  function onFrame(endpoint: AnyEndpoint, link: SocketLink, data: RawData, isBinary: boolean): void {
    // ws still delivers frames after we started closing (revoked, flooding, shutting down);
    // none of them may act for a connection on its way out.
    if (link.ws.readyState !== WebSocket.OPEN) return;
    const { burst, perSecond, floodDebt } = endpoint.budget;
    const now = Date.now();
    link.tokens = Math.min(burst, link.tokens + ((now - link.refilledAt) * perSecond) / 1000) - 1;
    link.refilledAt = now;
    if (link.tokens < -floodDebt) {
      closeLink(link, 1008, 'too many frames');
      return;
    }
    const frame = readFrame(endpoint, link, data, isBinary);
    if (frame === undefined) return;
    if (link.tokens < 0) {
      if (endpoint.refused) endpoint.refused(link, frame);
      else send(link, endpoint.errorFrame('RATE_LIMITED', 'Too many frames; slow down.'));
      return;
    }
    endpoint.frame(link, frame);
  }

  /** Parses a client frame, answering with the endpoint's error frame (and undefined) when it is not one. */
  function readFrame(endpoint: AnyEndpoint, link: SocketLink, data: RawData, isBinary: boolean): unknown {
    if (isBinary) {
      send(link, endpoint.errorFrame('BAD_FRAME', 'Frames are JSON text.'));
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      send(link, endpoint.errorFrame('MALFORMED_JSON', 'The frame is not valid JSON.'));
      return undefined;
    }
    const parsed = endpoint.schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const id = (json as { id?: unknown } | null)?.id;
    send(
      link,
      endpoint.errorFrame(
        'BAD_FRAME',
        describeIssue(parsed.error.issues[0]),
        typeof id === 'string' ? id : undefined,
      ),
    );
    return undefined;
  }

  function send(link: SocketLink, frame: object): void {
    sendRaw(link, JSON.stringify(frame));
  }

  function sendRaw(link: SocketLink, text: string | Buffer): void {
    if (link.ws.readyState !== WebSocket.OPEN) return;
    if (link.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      link.ws.close(CloseCodes.SLOW_CONSUMER, 'too slow; reconnect to catch up');
      link.ws.terminate();
      return;
    }
    link.ws.send(text, { binary: false });
  }

  function closeLink(link: SocketLink, code: number, reason: string): void {
    link.ws.close(code, reason);
    setTimeout(() => link.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  // One heartbeat timer for every connection, not one each (memory per idle connection).
  const heartbeat = setInterval(() => {
    for (const link of links) {
      if (!link.alive) {
        link.ws.terminate();
        continue;
      }
      link.alive = false;
      link.ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    send,
    sendRaw,
    closeLink,
    serve(endpoint) {
      if (endpoints.has(endpoint.path)) throw new Error(`two endpoints at ${endpoint.path}`);
      const wss = new WebSocketServer({
        noServer: true,
        maxPayload: endpoint.maxFrameBytes,
        // Compression costs ~300 KiB of zlib state per connection; JSON frames are small anyway.
        perMessageDeflate: false,
        clientTracking: false,
      });
      endpoints.set(endpoint.path, { endpoint, wss });
    },
    async close(graceMs = 0) {
      draining = true;
      await Promise.all([...endpoints.values()].map(({ endpoint }) => endpoint.drain?.(graceMs)));
      clearInterval(heartbeat);
      const closing: Promise<void>[] = [];
      for (const link of links) {
        closing.push(new Promise((resolve) => link.ws.once('close', () => resolve())));
        link.ws.close(CloseCodes.GOING_AWAY, 'server shutting down');
      }
      const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
      await Promise.race([Promise.all(closing), grace]);
      for (const link of links) link.ws.terminate();
      for (const { endpoint } of endpoints.values()) await endpoint.close?.();
    },
  };
}

function destroyOnError(socket: Duplex): void {
  socket.on('error', () => socket.destroy());
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
