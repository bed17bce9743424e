import type { ProfileHooks } from '../../identity/accounts';
import type { RedisLink } from '../../platform/backplane/backplane';
import type { AppContext } from '../../platform/context';
import type { DomainModule } from '../../platform/modules/domainModule';
import { RedisPresence } from './redisPresence';
import { presenceRoutes } from './routes';
import { announcePresence } from './rules';
import { LocalPresence, type PresenceTracker } from './tracker';

export interface PresenceModule extends DomainModule {
  /**
   * This run of the node as the cluster knows it (its liveness key is presence:live:<node>),
   * for the socket ledger; null in one process.
   */
  node: string | null;
}

/**
 * Presence: whether friends are online, else when they were last seen. Counts every node's
 * live connections (in Redis in a cluster) and tells friends when someone comes and goes.
 * In a cluster, resolves once the node is registered as live.
 */
export async function presenceModule(
  ctx: AppContext,
  redis: RedisLink | null,
  profile: ProfileHooks,
): Promise<PresenceModule> {
  const announcer = (userId: string, transition: boolean) =>
    announcePresence(ctx, tracker, userId, transition);
  const tracker: PresenceTracker = redis
    ? await RedisPresence.start({
        redis: redis.commands,
        prefix: redis.prefix,
        nodeId: ctx.config.nodeId,
        announcer,
        log: ctx.log,
      })
    : new LocalPresence(announcer, ctx.log);
  // Showing or hiding one's presence: friends learn the new view (after any announcement in flight).
  profile.on(async ({ user, presenceSettingChanged }) => {
    if (presenceSettingChanged) tracker.announce(user.id, false);
  });
  return {
    name: 'social/presence',
    routes: presenceRoutes(ctx, tracker),
    node: tracker instanceof RedisPresence ? tracker.node : null,
    start({ gateway }) {
      gateway.listen({
        opened: (conn) => tracker.opened(conn.userId),
        closed: (conn) => tracker.closed(conn.userId),
      });
    },
    // Stops announcing and, in a cluster, removes this node's entries, so its users do not wait for a sweep.
    close: () => tracker.close(),
  };
}

/**
 * A count of live connections per key across the cluster, with nobody told of changes: the
 * presence machinery (per node in memory, across nodes in Redis under its own namespace, with
 * node liveness and sweeps) keyed by something else than the user. Push counts each device
 * session's connections with one, to push only to devices with none. Keeps a number per key
 * with a live connection, nothing per connection.
 */
export async function countConnections(
  ctx: AppContext,
  redis: RedisLink | null,
  namespace: string,
): Promise<PresenceTracker> {
  const silent = async () => undefined;
  return redis
    ? RedisPresence.start({
        redis: redis.commands,
        prefix: redis.prefix,
        nodeId: ctx.config.nodeId,
        namespace,
        announcer: silent,
        log: ctx.log,
      })
    : new LocalPresence(silent, ctx.log);
}

export type { PresenceTracker } from './tracker';
