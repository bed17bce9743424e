import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context';
import { AppError } from '../platform/errors';
import { createMetrics, type MetricSources, type Metrics } from './metrics';
import { startSessionCheck } from './sessionCheck';

/** The operator's side of a running server: metrics and the live-session check. */
export interface Ops {
  readonly metrics: Metrics;
  /** Starts reading the gateway, the writer and the store (once they exist). */
  watch(sources: MetricSources): void;
  /** Stops the timers (server shutdown). */
  close(): void;
}

/**
 * Serves GET /metrics (Prometheus text) and times every HTTP request. Call before the other
 * routes are registered. With config.metricsToken the scrape needs `Authorization: Bearer
 * <token>`; without it /metrics is open, and the proxy in front must not expose it
 * (docs/operations.md).
 */
export function registerOps(app: FastifyInstance, ctx: AppContext): Ops {
  const metrics = createMetrics(ctx.config.nodeId);
  let stopSessionCheck: (() => void) | undefined;

  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern (/api/videos/:id), never the raw URL: one series per route.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
  });

  const token = ctx.config.metricsToken;
  app.get('/metrics', async (request, reply) => {
    if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer');
      throw new AppError('UNAUTHENTICATED', 'GET /metrics needs the metrics token.');
    }
    const text = await metrics.text();
    return reply
      .header('content-type', metrics.registry.contentType)
      .header('cache-control', 'no-store')
      .send(text);
  });

  return {
    metrics,
    watch(sources) {
      metrics.watch(sources);
      stopSessionCheck?.();
      stopSessionCheck = startSessionCheck(ctx, sources.connections, ctx.config.sessionCheckMs);
    },
    close() {
      stopSessionCheck?.();
    },
  };
}

/** Compares in constant time: hashing first makes both sides the same length. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(token));
}
