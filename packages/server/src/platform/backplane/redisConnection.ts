import { Redis, ReplyError } from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../errors';

/**
 * A command waits this long for its reply before failing. Redis answers in well under a
 * millisecond; a reply this late means a stalled link or server, and the caller is better
 * told "unavailable" at once than left hanging (a black-holed TCP link never closes by itself).
 */
export const COMMAND_TIMEOUT_MS = 3000;
/** The longest pause between reconnection attempts: a restarted Redis is found within it. */
const MAX_RETRY_DELAY_MS = 2000;
/** How long a node waits at start for Redis before giving up (the supervisor restarts it). */
const FIRST_CONNECT_TIMEOUT_MS = 10_000;

export interface RedisLinkOptions {
  url: string;
  /** Put before every key (ioredis adds it to the keys of every command and script). */
  keyPrefix: string;
  /** For logs: which of the node's connections this is. */
  role: 'commands' | 'subscriber';
  /** CLIENT SETNAME, to find the connection in CLIENT LIST (no spaces). */
  name: string;
  log: Logger;
}

/**
 * A connection to Redis that fails fast and heals by itself:
 * - commands are never queued while the link is down (`enableOfflineQueue: false`): they
 *   reject at once, and the caller answers 503 UNAVAILABLE instead of hanging;
 * - a command in flight when the link drops is rejected too (`maxRetriesPerRequest: 0`),
 *   not resent later behind the caller's back;
 * - reconnection goes on forever, with a backoff capped at MAX_RETRY_DELAY_MS plus jitter, so
 *   a node recovers on its own once Redis is back and a fleet does not reconnect in step.
 * The subscriber's channels are not resubscribed by ioredis: the bus does it, because a
 * resubscription is where it learns that messages may have been missed.
 */
export function openRedis(options: RedisLinkOptions): Redis {
  const { log, role } = options;
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    connectionName: options.name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    autoResendUnfulfilledCommands: false,
    commandTimeout: role === 'commands' ? COMMAND_TIMEOUT_MS : undefined,
    connectTimeout: COMMAND_TIMEOUT_MS,
    lazyConnect: true,
    retryStrategy: (attempt) =>
      Math.min(MAX_RETRY_DELAY_MS, 50 * 2 ** Math.min(attempt, 6)) + Math.floor(Math.random() * 250),
  });
  // One line when the link is lost and one when it is back, not one per failed attempt.
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    log.warn({ err: error, role }, 'redis link down; commands fail with UNAVAILABLE until it is back');
  });
  client.on('close', () => {
    if (!lost && client.status !== 'end') {
      lost = true;
      log.warn({ role }, 'redis link closed; reconnecting');
    }
  });
  client.on('ready', () => {
    if (lost) log.info({ role }, 'redis link back');
    lost = false;
  });
  return client;
}

/** Connects a client made by openRedis, waiting for its first `ready` (or failing after a while). */
export async function connectRedis(client: Redis, timeoutMs = FIRST_CONNECT_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve) => client.once('ready', () => resolve()));
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis did not answer within ${timeoutMs} ms (LIAO_REDIS_URL)`)),
      timeoutMs,
    );
  });
  // connect() rejects on the first failed attempt, while the retry strategy keeps trying:
  // only `ready` or the deadline decide.
  client.connect().catch(() => undefined);
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    client.disconnect();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Closes politely (QUIT), or cuts the link when Redis is not there to answer. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/**
 * Replies by which Redis says it cannot serve now (starting up, a replica, out of memory, a
 * busy script): the same answer as an unreachable Redis. Any other reply error is a fault in
 * our commands and stays INTERNAL.
 */
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|READONLY|OOM|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;

/** Whether an error means "Redis cannot be reached or cannot serve now". */
export function isRedisUnavailable(error: unknown): boolean {
  if (error instanceof ReplyError) return UNAVAILABLE_REPLIES.test((error as Error).message);
  return error instanceof Error;
}

/** The error callers see when Redis is out: 503 UNAVAILABLE over HTTP and in reply frames. */
export function redisUnavailable(cause: unknown): AppError {
  return new AppError(
    'UNAVAILABLE',
    'The server cannot reach its shared services (Redis) now; try again.',
    undefined,
    { cause },
  );
}

/** Runs a Redis call, turning an outage into UNAVAILABLE (other errors pass unchanged). */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (isRedisUnavailable(error)) throw redisUnavailable(error);
    throw error;
  }
}
