import type { AddressInfo } from 'node:net';
import { CloseCodes, type ServerEvent, type ServerFrame } from '@liao/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { nodeSocketFactory } from '../node';
import { Connection, type ConnectionState } from './connection';
import type { SocketFactory } from './socket';

const USER = '01890000-0000-7000-8000-000000000001';
const SESSION = '01890000-0000-7000-8000-000000000002';

/** A stand-in gateway: says hello on each connection (unless told not to) and records frames. */
class FakeGateway {
  readonly wss: WebSocketServer;
  readonly sockets: WebSocket[] = [];
  readonly received: unknown[] = [];
  heartbeatMs = 25_000;
  /** Status to refuse upgrades with, or null to accept. */
  refuseWith: number | null = null;
  sayHello = true;
  private readonly waiters = new Set<() => void>();

  private constructor(wss: WebSocketServer) {
    this.wss = wss;
    wss.on('connection', (ws) => {
      this.sockets.push(ws);
      ws.on('message', (data) => {
        this.received.push(JSON.parse(data.toString()));
        this.wake();
      });
      if (this.sayHello) this.send(ws, this.hello());
      this.wake();
    });
  }

  static start(): Promise<FakeGateway> {
    return new Promise((resolve) => {
      let gateway: FakeGateway;
      const wss = new WebSocketServer(
        {
          port: 0,
          host: '127.0.0.1',
          verifyClient: (_info, done) => {
            if (gateway.refuseWith === null) done(true);
            else done(false, gateway.refuseWith);
          },
        },
        () => resolve(gateway),
      );
      gateway = new FakeGateway(wss);
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ws`;
  }

  hello(): ServerFrame {
    return { type: 'hello', userId: USER, sessionId: SESSION, heartbeatMs: this.heartbeatMs, serverTime: 1 };
  }

  send(ws: WebSocket, frame: unknown): void {
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  latest(): WebSocket {
    return this.sockets.at(-1)!;
  }

  /** Resolves once the condition holds (checked on each connection and frame). */
  until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error('condition not met in time'));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }

  close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

function waitForState(connection: Connection, state: ConnectionState, timeoutMs = 5000): Promise<void> {
  if (connection.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`not ${state} within ${timeoutMs} ms (is ${connection.state})`));
    }, timeoutMs);
    const off = connection.on('state', (s) => {
      if (s !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/**
 * Lets every timer already due run first. Used only to show that something was NOT
 * scheduled: with zero backoff a reconnection would be a 0 ms timer queued before this one.
 */
const afterDueTimers = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('Connection', () => {
  let gateway: FakeGateway;
  let connection: Connection | undefined;
  afterEach(async () => {
    connection?.close();
    connection = undefined;
    await gateway?.close();
  });

  async function open(options: { checkSession?: () => Promise<boolean>; maxBackoffMs?: number } = {}) {
    gateway = await FakeGateway.start();
    let created = 0;
    const factory = nodeSocketFactory(() => 'token');
    const counting: SocketFactory = (url) => {
      created++;
      return factory(url);
    };
    connection = new Connection({
      url: gateway.url,
      createSocket: counting,
      backoff: { baseMs: 0, maxMs: options.maxBackoffMs ?? 0 },
      ...(options.checkSession ? { checkSession: options.checkSession } : {}),
    });
    const states: ConnectionState[] = [];
    connection.on('state', (s) => states.push(s));
    connection.open();
    return { connection, states, created: () => created };
  }

  it('is connecting until the hello frame arrives, then open', async () => {
    const { connection, states } = await open();
    expect(connection.state).toBe('connecting');
    await waitForState(connection, 'open');
    expect(states).toEqual(['connecting', 'open']);
  });

  it('reconnects after the server drops it, and is open again on the new socket', async () => {
    const { connection, states, created } = await open();
    await waitForState(connection, 'open');
    gateway.latest().terminate();
    await waitForState(connection, 'reconnecting');
    await waitForState(connection, 'open');
    expect(created()).toBe(2);
    expect(gateway.sockets).toHaveLength(2);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);

    // The new socket is the live one: frames sent now reach the server on it.
    expect(connection.send({ type: 'ping', id: 'after' })).toBe(true);
    await gateway.until(() => gateway.received.some((f) => (f as { id?: string }).id === 'after'));
  });

  it('reconnects after a clean close from the server (going away) too', async () => {
    const { connection } = await open();
    await waitForState(connection, 'open');
    gateway.latest().close(CloseCodes.GOING_AWAY, 'restarting');
    await waitForState(connection, 'reconnecting');
    await waitForState(connection, 'open');
    expect(gateway.sockets).toHaveLength(2);
  });

  it('keeps trying while the server refuses, and opens once it accepts again', async () => {
    const { connection, created } = await open({ checkSession: async () => true });
    await waitForState(connection, 'open');
    gateway.refuseWith = 503;
    gateway.latest().terminate();
    await waitForState(connection, 'reconnecting');
    // Several refused attempts (each asks whether the session is still valid), then the
    // server comes back.
    const before = created();
    await expect.poll(created, { timeout: 5000 }).toBeGreaterThanOrEqual(before + 3);
    expect(connection.state).toBe('reconnecting');
    gateway.refuseWith = null;
    await waitForState(connection, 'open');
  });

  it('a 4001 close (signed out elsewhere) ends in signedOut without reconnecting', async () => {
    const { connection, created } = await open();
    await waitForState(connection, 'open');
    gateway.latest().close(CloseCodes.SESSION_REVOKED, 'signed out');
    await waitForState(connection, 'signedOut');
    await afterDueTimers();
    expect(created()).toBe(1);
    expect(connection.state).toBe('signedOut');
  });

  it('a 4029 close (the account has too many connections) ends in displaced without reconnecting; open() takes the place back', async () => {
    const { connection, created, states } = await open();
    await waitForState(connection, 'open');
    gateway.latest().close(CloseCodes.TOO_MANY_CONNECTIONS, 'too many connections');
    await waitForState(connection, 'displaced');
    await afterDueTimers();
    expect(created()).toBe(1);
    expect(connection.state).toBe('displaced');

    connection.open();
    await waitForState(connection, 'open');
    expect(created()).toBe(2);
    expect(states).toEqual(['connecting', 'open', 'displaced', 'connecting', 'open']);
  });

  it('a refused upgrade whose session is gone ends in signedOut', async () => {
    const { connection } = await open({ checkSession: async () => false });
    await waitForState(connection, 'open');
    gateway.refuseWith = 401;
    gateway.latest().terminate();
    await waitForState(connection, 'signedOut');
  });

  it('close() closes the socket with 1000 and never reconnects', async () => {
    const { connection, created } = await open();
    await waitForState(connection, 'open');
    const serverSide = gateway.latest();
    const closed = new Promise<number>((resolve) => serverSide.once('close', (code) => resolve(code)));
    connection.close();
    expect(connection.state).toBe('closed');
    expect(await closed).toBe(1000);
    await afterDueTimers();
    expect(created()).toBe(1);
  });

  it('close() while waiting to reconnect cancels the reconnection', async () => {
    const { connection, created } = await open({ maxBackoffMs: 60_000 });
    await waitForState(connection, 'open');
    gateway.latest().terminate();
    await waitForState(connection, 'reconnecting');
    connection.close();
    expect(connection.state).toBe('closed');
    await afterDueTimers();
    expect(created()).toBe(1);
  });

  it('sends application pings at the heartbeat interval the server asked for', async () => {
    gateway = await FakeGateway.start();
    gateway.heartbeatMs = 20;
    connection = new Connection({ url: gateway.url, createSocket: nodeSocketFactory(() => 'token') });
    connection.open();
    await gateway.until(
      () => gateway.received.filter((f) => (f as { type?: string }).type === 'ping').length >= 2,
    );
    const pings = gateway.received as { type: string; id: string }[];
    expect(new Set(pings.map((p) => p.id)).size).toBe(pings.length);
  });

  it('drops a silent link (no frame for two heartbeats) and reconnects', async () => {
    gateway = await FakeGateway.start();
    gateway.heartbeatMs = 20;
    connection = new Connection({
      url: gateway.url,
      createSocket: nodeSocketFactory(() => 'token'),
      backoff: { baseMs: 0, maxMs: 0 },
    });
    connection.open();
    await waitForState(connection, 'open');
    // The fake gateway never answers pings: the client must give up on the link by itself.
    await waitForState(connection, 'reconnecting');
    await gateway.until(() => gateway.sockets.length >= 2);
    await waitForState(connection, 'open');
  });

  it('emits valid events and ignores frames that are not protocol frames', async () => {
    const { connection } = await open();
    await waitForState(connection, 'open');
    const events: ServerEvent[] = [];
    connection.on('event', (e) => events.push(e));
    const errors: unknown[] = [];
    connection.on('frameError', (e) => errors.push(e));
    const ws = gateway.latest();
    gateway.send(ws, 'not json');
    gateway.send(ws, { type: 'event', event: { type: 'no.such.event' } });
    gateway.send(ws, { type: 'mystery' });
    gateway.send(ws, { type: 'error', code: 'BAD_FRAME', message: 'nope', id: 'x' });
    gateway.send(ws, { type: 'event', event: { type: 'devices.changed' } });
    await new Promise<void>((resolve) => {
      const off = connection.on('event', () => {
        off();
        resolve();
      });
    });
    expect(events).toEqual([{ type: 'devices.changed' }]);
    expect(errors).toEqual([{ code: 'BAD_FRAME', message: 'nope', id: 'x' }]);
    expect(connection.state).toBe('open');
  });
});
