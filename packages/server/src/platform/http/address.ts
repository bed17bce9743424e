import type { IncomingMessage } from 'node:http';

/**
 * The client's address as the rest of the server sees it: behind a trusted proxy, the first
 * X-Forwarded-For entry (what fastify's trustProxy: true gives request.ip), for requests that
 * never reach fastify (WebSocket upgrades).
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? request.headers['x-forwarded-for'] : undefined;
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return unmapped(first || request.socket.remoteAddress || '');
}

/** '::ffff:10.0.0.1' (an IPv4 peer on a dual-stack socket) is written as '10.0.0.1'. */
export function unmapped(ip: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return match ? (match[1] as string) : ip;
}
