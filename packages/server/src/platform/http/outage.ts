/**
 * The media storage is out of reach or failed on its side (a bucket answering 5xx or not at
 * all, a shared mount gone stale): not the request's fault, and worth trying again later.
 * Defined here, with the rest of what counts as an outage, so that the error handler knows it
 * without importing the media domain.
 */
export class MediaStorageUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the media storage is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'MediaStorageUnavailable';
  }
}
/*
 * Whether an error means "a service we depend on is out of reach" (PostgreSQL, Redis or the media storage down,
 * restarting, or refusing connections) rather than a fault in the request or in our code.
 * Such failures answer 503 UNAVAILABLE, which clients retry, instead of 500.
 */

/** Socket-level failures: the peer is down, unreachable or went away mid-conversation. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), the server shutting down or starting
 * (57P01–57P03) and too many connections (53300).
 */
function isPostgresOutage(code: string): boolean {
  return (
    code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300'
  );
}

/** What node-postgres and ioredis say, without a code, when the connection is gone. */
const OUTAGE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is closed',
  "Stream isn't writeable",
  'Reached the max retries per request limit',
];

export function isOutage(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (error instanceof MediaStorageUnavailable) return true;
  const e = error as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || isPostgresOutage(e.code))) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.message === 'string' && OUTAGE_MESSAGES.some((m) => (e.message as string).includes(m))) {
    return true;
  }
  // An AggregateError (a connect that tried IPv4 and IPv6) or a wrapped cause.
  if (error instanceof AggregateError) return error.errors.some(isOutage);
  return e.cause !== undefined && e.cause !== error && isOutage(e.cause);
}
