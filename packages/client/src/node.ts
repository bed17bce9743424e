// A second entry, '@liao/client/node', so that browser bundles never import the `ws` package.
import WebSocket from 'ws';
import type { SocketFactory } from './connection/socket';

export { FileStore } from './store/FileStore';

/** A socket factory for Node: the `ws` package, with the bearer token as a header. */
export function nodeSocketFactory(token: () => string | undefined, origin?: string): SocketFactory {
  return (url) => {
    const headers: Record<string, string> = {};
    const t = token();
    if (t) headers.authorization = `Bearer ${t}`;
    if (origin) headers.origin = origin;
    return new WebSocket(url, { headers }) as unknown as ReturnType<SocketFactory>;
  };
}
