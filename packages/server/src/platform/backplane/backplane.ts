import type { Logger } from 'pino';
import { createRedisTicketStore } from '../../identity/qrLogin/redisTickets';
import { createMemoryTicketStore, type TicketStore } from '../../identity/qrLogin/tickets';
import { RedisPresence } from '../../social/presence/redisPresence';
import { LocalPresence, type PresenceAnnouncer, type PresenceTracker } from '../../social/presence/tracker';
import { createMemoryBus, type EventBus } from '../bus/eventBus';
import type { Config } from '../config';
import { createMemoryRateLimiter, type RateLimiter } from '../ratelimit/rateLimiter';
import { RedisSocketLedger } from '../sockets/redisSocketLedger';
import { LocalSocketLedger, type SocketLedger } from '../sockets/socketLedger';
import { createRedisBus } from './redisBus';
import { closeRedis, connectRedis, guarded, openRedis, redisUnavailable } from './redisConnection';
import { createRedisRateLimiter } from './redisRateLimiter';

/**
 * What the nodes of a cluster share besides the database: the event bus, presence, rate-limit
 * counters and QR sign-in tickets. In one process they live in memory; with LIAO_REDIS_URL,
 * in Redis.
 */
export interface Backplane {
  bus: EventBus;
  limiter: RateLimiter;
  tickets: TicketStore;
  /**
   * Makes the node's presence tracker (once: it is the node's), telling friends through the
   * announcer; in a cluster, resolves once the node is registered as live. close() closes it.
   */
  createPresence(announcer: PresenceAnnouncer): Promise<PresenceTracker>;
  /**
   * Makes the ledger of each account's live sockets, capped at `limit` (across the cluster
   * with Redis, where it names nodes as presence does: call createPresence first).
   */
  createSocketLedger(limit: number): SocketLedger;
  /** Resolves when the shared services answer (readiness); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface BackplaneOptions {
  now: () => number;
  log: Logger;
}

export async function openBackplane(config: Config, options: BackplaneOptions): Promise<Backplane> {
  if (config.redisUrl) return openRedisBackplane(config.redisUrl, config, options);
  const bus = createMemoryBus();
  const limiter = createMemoryRateLimiter(options.now);
  const tickets = createMemoryTicketStore(options.now);
  let presence: PresenceTracker | undefined;
  return {
    bus,
    limiter,
    tickets,
    async createPresence(announcer) {
      presence = new LocalPresence(announcer, options.log);
      return presence;
    },
    createSocketLedger(limit) {
      return new LocalSocketLedger(limit);
    },
    async ping() {},
    async close() {
      await presence?.close();
      tickets.close();
      limiter.close();
      await bus.close();
    },
  };
}

/**
 * Two connections per node: one for commands (and PUBLISH), one in subscriber mode for the
 * bus. Both fail fast while Redis is away and reconnect by themselves (redis/connection.ts).
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
    const tickets = createRedisTicketStore(commands, prefix, now);
    let presence: RedisPresence | undefined;
    return {
      bus,
      limiter,
      tickets,
      async createPresence(announcer) {
        presence = await RedisPresence.start({
          redis: commands,
          prefix,
          nodeId: config.nodeId,
          announcer,
          log,
        });
        return presence;
      },
      createSocketLedger(limit) {
        if (!presence)
          throw new Error('the socket ledger names nodes as presence does: create presence first');
        return new RedisSocketLedger({ redis: commands, prefix, node: presence.node, limit, log });
      },
      async ping() {
        // A node that hears nothing from the bus is not ready either, even if commands pass.
        if (subscriber.status !== 'ready') throw redisUnavailable(new Error(`bus link ${subscriber.status}`));
        await guarded(() => commands.ping());
      },
      async close() {
        // Removes this node's presence entries, so its users do not wait for a sweep.
        await presence?.close();
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
