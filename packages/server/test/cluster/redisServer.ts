import net from 'node:net';
import path from 'node:path';
import { pollUntil } from '../support/poll';
import { type Child, freePort, spawnChild } from './processes';

/**
 * The suite's own redis-server on a loopback port, without persistence (as a cluster needs:
 * see docs/deploy.md), so that the chaos test can kill and restart it without touching the
 * machine's shared Redis.
 */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Kills it with SIGKILL: every key and subscription is gone, as after a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty; resolves once it answers PING. */
  start(): Promise<void>;
  readonly process: Child | null;
}

export async function startTestRedis(binary: string, dir: string): Promise<TestRedis> {
  const port = await freePort();
  let child: Child | null = null;
  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    get process() {
      return child;
    },
    async kill() {
      await child?.kill('SIGKILL');
      child = null;
    },
    async start() {
      const started = spawnChild(
        'redis-server',
        binary,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        { logFile: path.join(dir, 'redis.log') },
      );
      child = started;
      await pollUntil(
        async () => {
          if (!started.alive) throw new Error(`redis-server exited: ${await started.exited}`);
          return (await ping(port)) === '+PONG';
        },
        `redis-server on port ${port}`,
        10_000,
        () => started.tail(),
      );
    },
  };
  await redis.start();
  return redis;
}

/** One inline PING over a fresh connection; resolves with Redis's reply line. */
function ping(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => socket.destroy(new Error('PING timed out')));
    socket.once('error', reject);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      resolve(data.toString().trim());
    });
  });
}
