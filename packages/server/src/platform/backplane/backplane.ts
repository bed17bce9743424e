import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createMemoryBus, type EventBus } from '../bus/eventBus';
import type { Config } from '../config';
import { createMemoryRateLimiter, type RateLimiter } from '../ratelimit/rateLimiter';
import { createRedisBus } from './redisBus';
import { closeRedis, connectRedis, guarded, openRedis, redisUnavailable } from './redisConnection';
import { createRedisRateLimiter } from './redisRateLimiter';

/**
 * What the nodes of a cluster share besides the database: the event bus and rate-limit
 * counters here, and for the domains that keep shared state of their own (presence, QR
 * sign-in tickets, the socket ledger) the Redis connection they keep it in. In one process
 * they live in memory (`redis` is null); with LIAO_REDIS_URL, in Redis.
 */
export interface Backplane {
  bus: EventBus;
  limiter: RateLimiter;
  /** The command connection and the key prefix, in a cluster; null in one process. */
  redis: RedisLink | null;
  /** Resolves when the shared services answer (readiness); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface RedisLink {
  /** For commands and PUBLISH; fails fast while Redis is away (guard calls with `guarded`). */
  commands: Redis;
  /** Every key of this deployment starts with it (ioredis adds it to commands' keys). */
  prefix: string;
}

export interface BackplaneOptions {
  now: () => number;
  log: Logger;
}

export async function openBackplane(config: Config, options: BackplaneOptions): Promise<Backplane> {
  if (config.redisUrl) return openRedisBackplane(config.redisUrl, config, options);
  const bus = createMemoryBus();
  const limiter = createMemoryRateLimiter(options.now);
  return {
    bus,
    limiter,
    redis: null,
    async ping() {},
    async close() {
      limiter.close();
      await bus.close();
    },
  };
}

/**
 * Two connections per node: one for commands (and PUBLISH), one in subscriber mode for the
 * bus. Both fail fast while Redis is away and reconnect by themselves (redisConnection.ts).
 * The node does not start without Redis: a wrong URL shows at once, and the supervisor's
 * restart covers a Redis that is late.
 */
async function openRedisBackplane(
  url: string,
  config: Config,
  options: BackplaneOptions,
): Promise<Backplane> {
  const { log, now } = options;
  const prefix = config.redisPrefix;
  const link = (role: 'commands' | 'subscriber') =>
    openRedis({ url, keyPrefix: prefix, role, name: `liao-${config.nodeId}-${role}`, log });
  const commands = link('commands');
  const subscriber = link('subscriber');
  try {
    await Promise.all([connectRedis(commands), connectRedis(subscriber)]);
    const bus = await createRedisBus({ publisher: commands, subscriber, channel: `${prefix}bus`, log });
    const limiter = createRedisRateLimiter(commands, now);
    return {
      bus,
      limiter,
      redis: { commands, prefix },
      async ping() {
        // A node that hears nothing from the bus is not ready either, even if commands pass.
        if (subscriber.status !== 'ready') throw redisUnavailable(new Error(`bus link ${subscriber.status}`));
        await guarded(() => commands.ping());
      },
      async close() {
        await bus.close();
        await Promise.all([closeRedis(commands), closeRedis(subscriber)]);
      },
    };
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw error;
  }
}
