import { createServer } from './app';
import { FFMPEG_MISSING } from './features/videos';
import { loadConfig } from './platform/config';

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** `npm start`: one process serving the API, the WebSocket gateway and the web app. */
async function main(): Promise<void> {
  const config = loadConfig();
  const server = await createServer(config);
  const { url } = await server.listen();
  const store = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  server.ctx.log.info({ url, store }, 'Liao is running');
  // Printed plainly as well, for the person who just typed `npm start`.
  process.stdout.write(`\n  Liao is running at ${url}\n  Data: ${store}\n\n`);
  if (!server.videoPosting) process.stdout.write(`${indent(FFMPEG_MISSING)}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.ctx.log.info({ signal }, 'shutting down');
    // Past the grace period (plus a little for the close handshakes), leave anyway: the
    // balancer has moved on, and clients resend whatever was not acknowledged.
    setTimeout(() => {
      server.ctx.log.warn('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 5000).unref();
    try {
      await server.close();
    } catch (error) {
      server.ctx.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
