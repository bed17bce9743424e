import type { RequestBody, RequestOp, RequestResult, ServerEvent } from '@liao/protocol';
import { Connection, type ConnectionState } from './connection/connection';
import type { SocketFactory } from './connection/socket';
import { LiaoError } from './errors';
import { LiaoApi } from './http/api';
import { TypedEmitter } from './typedEmitter';

export interface ClientOptions {
  /** '' for the same origin (browser), or 'http://host:port'. */
  baseUrl: string;
  /** Bearer token for Node; browsers rely on the HttpOnly cookie. */
  token?: string;
  /** How to open a WebSocket; defaults to the global WebSocket (browsers). */
  createSocket?: SocketFactory;
  fetch?: typeof fetch;
}

export type ClientEvents = {
  /** A live event from the server. */
  event: [ServerEvent];
  /** The link's state changed (for the UI's "connecting…" line). */
  state: [ConnectionState];
};

/**
 * The SDK's facade: the HTTP API and the live connection. Apps, tests, bots and the
 * benchmark all talk to the server through it.
 */
export class LiaoClient extends TypedEmitter<ClientEvents> {
  readonly api: LiaoApi;
  private connection: Connection | null = null;
  private readonly options: ClientOptions;

  constructor(options: ClientOptions) {
    super();
    this.options = options;
    this.api = new LiaoApi({ baseUrl: options.baseUrl, token: options.token, fetch: options.fetch });
  }

  get connectionState(): ConnectionState {
    return this.connection?.state ?? 'idle';
  }

  /** Uses this token from now on (after signing in from Node). */
  setToken(token: string | undefined): void {
    this.api.http.token = token;
    this.options.token = token;
  }

  /** Opens the live connection; events arrive on 'event'. Resolves once it is open. */
  async connect(): Promise<void> {
    // A signed-out connection never reopens by itself; start afresh (perhaps with a new token
    // from setToken) rather than wait for an 'open' that cannot come.
    if (this.connection?.state === 'signedOut') this.disconnect();
    if (!this.connection) {
      const connection = new Connection({
        url: webSocketUrl(this.options.baseUrl),
        createSocket: this.options.createSocket ?? browserSocket,
        checkSession: () => this.checkSession(),
      });
      connection.on('event', (event) => this.emit('event', event));
      connection.on('state', (state) => this.emit('state', state));
      this.connection = connection;
      connection.open();
    }
    await this.waitForState('open');
  }

  /** Asks the server over the live connection (see Connection.request). */
  request<Op extends RequestOp>(
    op: Op,
    body: RequestBody<Op>,
    timeoutMs?: number,
  ): Promise<RequestResult<Op>> {
    if (!this.connection) return Promise.reject(new LiaoError('NETWORK', 0, 'Not connected.'));
    return this.connection.request(op, body, timeoutMs);
  }

  /** Closes the live connection for good. */
  disconnect(): void {
    this.connection?.close();
    this.connection = null;
  }

  /** Resolves on the next event that matches, or rejects after `timeoutMs`. */
  waitForEvent<T extends ServerEvent['type']>(
    type: T,
    match: (event: Extract<ServerEvent, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<ServerEvent, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${type} event within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on('event', (event) => {
        if (event.type !== type) return;
        const typed = event as Extract<ServerEvent, { type: T }>;
        if (!match(typed)) return;
        clearTimeout(timer);
        off();
        resolve(typed);
      });
    });
  }

  /** Resolves when the connection reaches `state`; rejects if it is signed out first. */
  waitForState(state: ConnectionState, timeoutMs = 10_000): Promise<void> {
    const current = this.connectionState;
    if (current === state) return Promise.resolve();
    if (current === 'signedOut' || current === 'closed') {
      // Final states: no later transition would settle the wait.
      return Promise.reject(new LiaoError('UNAUTHENTICATED', 401, `connection ${current}`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`connection not ${state} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on('state', (s) => {
        if (s === state) {
          clearTimeout(timer);
          off();
          resolve();
        } else if (s === 'signedOut' || s === 'closed') {
          clearTimeout(timer);
          off();
          reject(new LiaoError('UNAUTHENTICATED', 401, `connection ${s}`));
        }
      });
    });
  }

  private async checkSession(): Promise<boolean> {
    try {
      await this.api.getMe();
      return true;
    } catch (error) {
      return !(error instanceof LiaoError && error.code === 'UNAUTHENTICATED');
    }
  }
}

function webSocketUrl(baseUrl: string): string {
  // Read without the DOM typings, so that Node projects (bots, tests, bench) compile the SDK too.
  const origin = (globalThis as { location?: { origin: string } }).location?.origin;
  const base = baseUrl || origin;
  if (!base) throw new Error('baseUrl is required outside a browser');
  return `${base.replace(/^http/, 'ws').replace(/\/$/, '')}/ws`;
}

const browserSocket: SocketFactory = (url) => new WebSocket(url) as unknown as ReturnType<SocketFactory>;
