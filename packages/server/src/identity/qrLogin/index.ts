import type { RedisLink } from '../../platform/backplane/backplane';
import type { AppContext } from '../../platform/context';
import type { DomainModule } from '../../platform/modules/domainModule';
import { createRedisTicketStore } from './redisTickets';
import { qrLoginRoutes } from './routes';
import { qrEndpoint } from './sockets';
import { createMemoryTicketStore } from './tickets';

/**
 * Signing in on a desktop by scanning its QR code with a signed-in phone: the desktop waits
 * on /ws/qr, the phone scans and confirms over HTTP. Tickets live in Redis in a cluster.
 */
export function qrLoginModule(ctx: AppContext, redis: RedisLink | null): DomainModule {
  const tickets = redis
    ? createRedisTicketStore(redis.commands, redis.prefix, ctx.now)
    : createMemoryTicketStore(ctx.now);
  const deps = { ctx, tickets };
  return {
    name: 'identity/qrLogin',
    routes: qrLoginRoutes(deps),
    endpoints: (sockets) => [qrEndpoint(deps, sockets)],
    close: () => tickets.close(),
  };
}
