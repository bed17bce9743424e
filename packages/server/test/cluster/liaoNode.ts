import fs from 'node:fs';
import path from 'node:path';
import { pollUntil } from '../support/poll';
import { type Child, freePort, spawnChild, statusOf } from './processes';

/** The built server, as an operator runs it (`npm test` builds before the suites run). */
export const SERVER_ENTRY = path.resolve(import.meta.dirname, '../../dist/main.js');

/** One Liao node: `node packages/server/dist/main.js` on its own loopback port. */
export interface LiaoNode {
  readonly id: string;
  readonly port: number;
  readonly url: string;
  readonly process: Child | null;
  /** Starts (or restarts) the process; resolves once /readyz answers 200. */
  start(): Promise<void>;
  /** Kills it with SIGKILL: no goodbye to its clients, nothing flushed, as a crash. */
  crash(): Promise<void>;
  /** SIGTERM: the graceful shutdown. */
  stop(): Promise<void>;
}

export interface NodeSettings {
  id: string;
  /** LIAO_* settings the nodes share (database, schema, Redis, data folder). */
  env: Record<string, string>;
  logDir: string;
}

export async function makeNode(settings: NodeSettings): Promise<LiaoNode> {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run npm run build first`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(settings.logDir, `${settings.id}.log`);
  let child: Child | null = null;
  return {
    id: settings.id,
    port,
    url,
    get process() {
      return child;
    },
    async start() {
      const started = spawnChild(settings.id, process.execPath, [SERVER_ENTRY], {
        logFile,
        env: {
          ...settings.env,
          LIAO_PORT: String(port),
          LIAO_HOST: '127.0.0.1',
          LIAO_NODE_ID: settings.id,
        },
      });
      child = started;
      await waitReady(url, started, 30_000);
    },
    async crash() {
      await child?.kill('SIGKILL');
    },
    async stop() {
      await child?.kill('SIGTERM');
    },
  };
}

/** Polls /readyz (never a fixed sleep) until the node says it can take work. */
export async function waitReady(url: string, child: Child | null, timeoutMs: number): Promise<void> {
  await pollUntil(
    async () => {
      if (child && !child.alive) throw new Error(`${child.name} exited: ${await child.exited}`);
      return (await statusOf(`${url}/readyz`)) === 200;
    },
    `${url}/readyz`,
    timeoutMs,
    () => child?.tail() ?? '',
  );
}
