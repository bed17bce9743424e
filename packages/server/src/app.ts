import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { MemberDirectory } from './chat/conversations/memberDirectory';
import { conversationsRoutes } from './chat/conversations/routes';
import { SendPermissions } from './chat/conversations/sendPermissions';
import { mediaRoutes } from './chat/images/routes';
import { doMarkRead, doSendMessage, doTyping, getHistory } from './chat/messages/rules';
import { MessageWriter } from './chat/messages/writer';
import { doSync } from './chat/sync/rules';
import { ffmpegRuns } from './features/videos/ffmpeg';
import { videoFiles } from './features/videos/files';
import { videosRoutes } from './features/videos/routes';
import { TRANSCODE_JOB, type VideoService } from './features/videos/rules';
import { videoShareRoutes } from './features/videos/shareRoutes';
import type { SendAs } from './features/videos/shares';
import { transcodeHandler } from './features/videos/transcodeJob';
import { startUploadSweeper } from './features/videos/uploadSweeper';
import { accountsRoutes } from './identity/accounts/routes';
import { qrLoginRoutes } from './identity/qrLogin/routes';
import { createQrSockets } from './identity/qrLogin/sockets';
import { sessionsRoutes } from './identity/sessions/routes';
import { registerOps } from './ops/routes';
import { openBackplane } from './platform/backplane/backplane';
import type { Config } from './platform/config';
import type { AppContext } from './platform/context';
import { openStore, type Store } from './platform/db/database';
import { registerErrorHandler, sendError } from './platform/http/errorHandler';
import { registerSecurity, setSecurityHeaders } from './platform/http/security';
import { registerWebApp } from './platform/http/webApp';
import { createJobQueue } from './platform/jobs/jobQueue';
import { openMediaStorage } from './platform/media/storage';
import { createGateway, type Gateway } from './platform/sockets/socketServer';
import { friendsRoutes } from './social/friends/routes';
import { announcePresence } from './social/presence/rules';

/** JSON bodies are small; uploads have their own limits on their own routes. */
const JSON_BODY_LIMIT = 64 * 1024;

export interface LiaoServer {
  app: FastifyInstance;
  ctx: AppContext;
  gateway: Gateway;
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
  const { bus } = backplane;
  const members = new MemberDirectory(store.db, bus);
  const presence = await backplane.createPresence((userId, transition) =>
    announcePresence(ctx, userId, transition),
  );
  const ctx: AppContext = {
    config,
    store,
    db: store.db,
    bus,
    limiter: backplane.limiter,
    media: await openMediaStorage(config.storage),
    members,
    sendPermissions: new SendPermissions(bus),
    presence,
    log,
    now,
  };

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
  for (const routes of [accountsRoutes, sessionsRoutes, friendsRoutes, conversationsRoutes, mediaRoutes]) {
    await app.register(routes(ctx), { prefix: '/api' });
  }
  const videoPosting = ffmpegRuns(config.videos.toolPath);
  if (!videoPosting) log.warn('videos are off: ffmpeg and ffprobe were not found on PATH');
  const videos: VideoService = {
    ctx,
    files: videoFiles(config.dataDir),
    jobs: createJobQueue({
      db: store.db,
      dialect: store.dialect,
      handlers: {},
      // Without ffmpeg this node takes no transcode: another node of the cluster may.
      concurrency: videoPosting ? config.videos.transcodeConcurrency : 0,
      leaseMs: config.videos.jobLeaseMs,
      pollMs: config.videos.jobPollMs,
      now: ctx.now,
      log,
    }),
    appending: new Set(),
    posting: videoPosting,
  };
  videos.jobs.handle(TRANSCODE_JOB, transcodeHandler(videos));
  await app.register(videosRoutes(videos), { prefix: '/api' });
  const writer = new MessageWriter(store, ctx.now);
  const shareAs: SendAs = (auth, body) => doSendMessage(ctx, writer, auth, body);
  await app.register(videoShareRoutes(ctx, shareAs), { prefix: '/api' });
  const qrLogin = { ctx, tickets: backplane.tickets };
  await app.register(qrLoginRoutes(qrLogin), { prefix: '/api' });
  const qrSockets = createQrSockets(qrLogin);
  await registerWebApp(app, config.webDir);

  const socketLedger = backplane.createSocketLedger(config.sockets.perAccount);
  const gateway = createGateway(
    ctx,
    app.server,
    ops.metrics.timeOps({
      'message.send': (caller, body) =>
        doSendMessage(ctx, writer, caller, body).then((message) => ({ message })),
      sync: (caller, body) => doSync(ctx, caller, body),
      history: (caller, body) => getHistory(ctx, caller, body),
      read: (caller, body) => doMarkRead(ctx, caller, body),
      typing: (caller, body) => doTyping(ctx, caller, body).then(() => ({})),
    }),
    socketLedger,
    { '/ws/qr': qrSockets.upgrade },
  );
  ops.watch({ connections: gateway.connections, writer, store });
  videos.jobs.start();
  const stopUploadSweeper = startUploadSweeper(videos, config.videos.uploadSweepMs);
  let closed = false;

  return {
    app,
    ctx,
    gateway,
    videoPosting,
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
      // Transcodes in progress are handed back at once, for another node to take.
      stopUploadSweeper();
      await videos.jobs.close();
      await gateway.close(config.shutdownGraceMs);
      await qrSockets.close();
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
      await presence.close();
      members.close();
      ctx.sendPermissions.close();
      await backplane.close();
      await writer.close();
      await store.close();
      await ctx.media.close();
    },
  };
}
