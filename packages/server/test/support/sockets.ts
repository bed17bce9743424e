import type { ServerFrame } from '@liao/protocol';
import WebSocket from 'ws';

/**
 * Raw WebSocket access to /ws for the cases the SDK would never produce: bad frames,
 * floods, foreign origins. Frames are queued as they arrive, so none is missed between
 * two waits.
 */
export interface TestSocket {
  ws: WebSocket;
  /** Removes and returns the first queued frame that matches, waiting for one if needed. */
  next(match?: (frame: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>;
  /** Frames received and not yet taken by next(). */
  readonly queued: readonly ServerFrame[];
  /** Resolves when the socket closes, with the close code the server sent. */
  closed: Promise<{ code: number; reason: string }>;
  /** Sends a value as JSON text, or a string/buffer as-is. */
  send(value: unknown): void;
  /** Sends a ping frame and waits for its pong: proof the connection still works. */
  roundTrip(id?: string): Promise<void>;
  close(): void;
}

export interface SocketOptions {
  token?: string;
  cookie?: string;
  origin?: string;
  headers?: Record<string, string>;
  /** Another path than /ws (to prove it is not upgraded). */
  path?: string;
}

export function wsUrl(baseUrl: string, path = '/ws'): string {
  return `${baseUrl.replace(/^http/, 'ws')}${path}`;
}

function headersOf(options: SocketOptions): Record<string, string> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = `liao_session=${options.cookie}`;
  if (options.origin) headers.origin = options.origin;
  return headers;
}

let pings = 0;

/** Opens /ws and resolves once open (the hello frame is queued as the first frame). */
export function openSocket(baseUrl: string, options: SocketOptions = {}): Promise<TestSocket> {
  const ws = new WebSocket(wsUrl(baseUrl, options.path), { headers: headersOf(options) });
  const queue: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    queue.push(JSON.parse(data.toString()) as ServerFrame);
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const wake of [...waiters]) wake();
    });
  });

  const socket: TestSocket = {
    ws,
    closed,
    get queued() {
      return queue;
    },
    next(match = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const index = queue.findIndex(match);
          if (index >= 0) {
            const [frame] = queue.splice(index, 1);
            done();
            resolve(frame!);
          } else if (ws.readyState === WebSocket.CLOSED) {
            done();
            reject(new Error(`socket closed before the expected frame; queued: ${JSON.stringify(queue)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching frame within ${timeoutMs} ms; queued: ${JSON.stringify(queue)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    send(value) {
      ws.send(typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value));
    },
    async roundTrip(id = `rt${++pings}`) {
      socket.send({ type: 'ping', id });
      const pong = await socket.next((f) => f.type === 'pong' && f.id === id);
      if (pong.type !== 'pong') throw new Error('expected a pong');
    },
    close() {
      ws.close();
    },
  };

  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Tries to open /ws and resolves with the HTTP status of the refusal (fails if it opens). */
export function refusedUpgrade(baseUrl: string, options: SocketOptions = {}): Promise<number> {
  const ws = new WebSocket(wsUrl(baseUrl, options.path), { headers: headersOf(options) });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', () => {
      // 'unexpected-response' decides; terminate() afterwards may report an error.
    });
  });
}
