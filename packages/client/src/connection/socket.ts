/**
 * The part of a WebSocket the connection uses: the browser's WebSocket and the `ws`
 * package both fit it, so the SDK runs in both.
 */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Opens a socket to the URL; in Node it also passes the bearer token as a header. */
export type SocketFactory = (url: string) => SocketLike;

export const SOCKET_OPEN = 1;

/** Opens a socket with the browser's WebSocket. */
export const browserSocket: SocketFactory = (url) =>
  new WebSocket(url) as unknown as ReturnType<SocketFactory>;

/** The server's absolute URL, without a trailing slash: the base URL, or this page's origin for ''. */
export function absoluteBase(baseUrl: string): string {
  // Read without the DOM typings, so that Node projects (bots, tests, bench) compile the SDK too.
  const origin = (globalThis as { location?: { origin: string } }).location?.origin;
  const base = baseUrl || origin;
  if (!base) throw new Error('baseUrl is required outside a browser');
  return base.replace(/\/$/, '');
}

/** ws(s)://host/<path> for the base URL ('' means this page's origin). */
export function socketUrl(baseUrl: string, path: string): string {
  return `${absoluteBase(baseUrl).replace(/^http/, 'ws')}${path}`;
}
