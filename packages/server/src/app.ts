import fastifyCookie from '@fastify/cookie';
import { RequestOps } from '@liao/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { conversationsModule } from './chat/conversations';
import { imagesModule } from './chat/images';
import { type MembershipModule, membershipModule } from './chat/membership';
import { messagesModule } from './chat/messages';
import { syncModule } from './chat/sync';
import { type CallsModule, callsModule } from './features/calls';
import { type PushModule, pushModule } from './features/push';
import { videosModule } from './features/videos';
import { accountsModule } from './identity/accounts';
import { qrLoginModule } from './identity/qrLogin';
import { sessionsModule } from './identity/sessions';
import { registerOps } from './ops/routes';
import { openBackplane } from './platform/backplane/backplane';
import type { Config } from './platform/config';
import type { AppContext } from './platform/context';
import { openStore, type Store } from './platform/db/database';
import { registerErrorHandler, sendError } from './platform/http/errorHandler';
import { registerSecurity, setSecurityHeaders } from './platform/http/security';
import { registerWebApp } from './platform/http/webApp';
import { openMediaStorage } from './platform/media/storage';
import type { DomainModule } from './platform/modules/domainModule';
import { createGateway, type Gateway } from './platform/sockets/gateway';
import type { OpHandlers } from './platform/sockets/ops';
import { RedisSocketLedger } from './platform/sockets/redisSocketLedger';
import { LocalSocketLedger } from './platform/sockets/socketLedger';
import { createSocketServer } from './platform/sockets/socketServer';
import { friendsModule } from './social/friends';
import { presenceModule } from './social/presence';

/** JSON bodies are small; uploads have their own limits on their own routes. */
const JSON_BODY_LIMIT = 64 * 1024;

export interface LiaoServer {
  app: FastifyInstance;
  ctx: AppContext;
  gateway: Gateway;
  /** The domains whose services tests look into. */
  domains: { membership: MembershipModule; push: PushModule; calls: CallsModule };
  /** Whether videos can be posted here (ffmpeg runs); main.ts says so when they cannot. */
  videoPosting: boolean;
  /** Starts listening; resolves to the address (port 0 picks a free one). */
  listen(): Promise<{ port: number; url: string }>;
  /** Stops accepting, tells clients to reconnect, finishes what is in flight, closes the store. */
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Replaces the clock (tests). */
  now?: () => number;
  /** Replaces the logger (tests pass a silent one). */
  logger?: Logger;
}

export async function createServer(config: Config, options: ServerOptions = {}): Promise<LiaoServer> {
  const log = options.logger ?? pino({ level: config.logLevel });
  const store: Store = await openStore({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    schema: config.databaseSchema,
    onConnectionError: (error) => log.warn({ err: error }, 'a pooled database connection broke'),
  });
  const now = options.now ?? Date.now;
  const backplane = await openBackplane(config, { now, log });
  const ctx: AppContext = {
    config,
    store,
    db: store.db,
    bus: backplane.bus,
    limiter: backplane.limiter,
    media: await openMediaStorage(config.storage),
    log,
    now,
  };

  // The domains, each given the services of those below it that it uses. A new feature is a
  // new folder under features/ and a line here (docs/architecture.md).
  const accounts = accountsModule(ctx);
  const sessions = sessionsModule(ctx);
  const friends = friendsModule(ctx, accounts.profile);
  const presence = await presenceModule(ctx, backplane.redis, accounts.profile);
  const membership = membershipModule(ctx);
  const messages = messagesModule(ctx, membership);
  const videos = videosModule(ctx, messages);
  const push = await pushModule(ctx, backplane.redis, { membership, messages, friends });
  const calls = callsModule(ctx, { membership, push });
  const modules: DomainModule[] = [
    accounts,
    sessions,
    qrLoginModule(ctx, backplane.redis),
    friends,
    presence,
    membership,
    conversationsModule(ctx, friends),
    messages,
    syncModule(ctx),
    imagesModule(ctx),
    videos,
    push,
    calls,
  ];

  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: JSON_BODY_LIMIT,
    return503OnClosing: true,
    // Errors the router raises before any hook runs (an ill-formed URL such as /api/%E0):
    // same body shape and headers as every other error, not fastify's own.
    frameworkErrors(error, request, reply) {
      setSecurityHeaders(reply);
      sendError(error, request, reply);
    },
  });
  // Bodies are JSON (or, on the avatar route, an image). Fastify's built-in text/plain
  // parser would hand routes a string and turn a wrong content type into a 400 instead of
  // 415, and text/plain is what a cross-site form or fetch can send without a preflight.
  app.removeContentTypeParser('text/plain');
  registerErrorHandler(app);
  registerSecurity(app, config);
  await app.register(fastifyCookie);
  const ops = registerOps(app, ctx);

  /** Set when shutdown begins: the balancer should send new work elsewhere from now on. */
  let draining = false;
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (draining) return reply.status(503).send({ status: 'draining' });
    try {
      await Promise.all([store.ping(), backplane.ping()]);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
  for (const module of modules) if (module.routes) await app.register(module.routes, { prefix: '/api' });
  await registerWebApp(app, config.webDir);

  // Names nodes as presence does, whose liveness tells which of them still hold their sockets.
  const socketLedger =
    backplane.redis && presence.node
      ? new RedisSocketLedger({
          redis: backplane.redis.commands,
          prefix: backplane.redis.prefix,
          node: presence.node,
          limit: config.sockets.perAccount,
          log,
        })
      : new LocalSocketLedger(config.sockets.perAccount);
  const sockets = createSocketServer({
    ctx,
    server: app.server,
    authenticate: (request) => sessions.authenticate(request),
  });
  const gateway = createGateway({
    ctx,
    sockets,
    ops: ops.metrics.timeOps(opsOf(modules)),
    ledger: socketLedger,
  });
  sockets.serve(gateway.endpoint);
  for (const module of modules)
    for (const endpoint of module.endpoints?.(sockets) ?? []) sockets.serve(endpoint);
  ops.watch({ connections: gateway.connections, writer: messages.sending.writer, store });
  for (const module of modules) await module.start?.({ gateway });
  let closed = false;

  return {
    app,
    ctx,
    gateway,
    domains: { membership, push, calls },
    videoPosting: videos.posting,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return { port, url: `http://${host}:${port}` };
    },
    async close() {
      if (closed) return;
      closed = true;
      ops.close();
      draining = true;
      for (const module of modules) await module.drain?.();
      await sockets.close(config.shutdownGraceMs);
      // fastify closes idle keep-alive connections once, at the start; one whose streamed
      // response (a video file) was still finishing then would hold close() for its whole
      // keep-alive timeout, so idle ones are swept until close is done.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
      await socketLedger.close();
      for (const module of [...modules].reverse()) await module.close?.();
      await backplane.close();
      await store.close();
      await ctx.media.close();
    },
  };
}

/** Every op a client may request, each from the one module that answers it. */
function opsOf(modules: readonly DomainModule[]): OpHandlers {
  const handlers: Partial<OpHandlers> = {};
  for (const module of modules) {
    for (const op of Object.keys(module.ops ?? {}) as (keyof OpHandlers)[]) {
      if (handlers[op]) throw new Error(`two modules answer the op ${op}`);
    }
    Object.assign(handlers, module.ops);
  }
  for (const op of Object.keys(RequestOps) as (keyof OpHandlers)[]) {
    if (!handlers[op]) throw new Error(`no module answers the op ${op}`);
  }
  return handlers as OpHandlers;
}
