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
