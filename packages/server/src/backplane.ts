import type { Logger } from 'pino';
import { createMemoryBus, type EventBus } from './bus/eventBus';
import type { Config } from './config';
import { createMemoryTicketStore, type TicketStore } from './qrLogin/tickets';
import { createMemoryRateLimiter, type RateLimiter } from './ratelimit/rateLimiter';

/**
 * What the nodes of a cluster share besides the database: the event bus, rate-limit counters
 * and QR sign-in tickets. In one process they live in memory; with LIAO_REDIS_URL, in Redis.
 */
export interface Backplane {
  bus: EventBus;
  limiter: RateLimiter;
  tickets: TicketStore;
  /** Resolves when the shared services answer (readiness); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface BackplaneOptions {
  now: () => number;
  log: Logger;
}

export async function openBackplane(config: Config, options: BackplaneOptions): Promise<Backplane> {
  if (config.redisUrl) throw new Error('LIAO_REDIS_URL: the Redis backplane is not wired in yet');
  const bus = createMemoryBus();
  const limiter = createMemoryRateLimiter(options.now);
  const tickets = createMemoryTicketStore(options.now);
  return {
    bus,
    limiter,
    tickets,
    async ping() {},
    async close() {
      tickets.close();
      limiter.close();
      await bus.close();
    },
  };
}
