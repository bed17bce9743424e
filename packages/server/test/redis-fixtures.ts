import net from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { describe } from 'vitest';
import { type Backplane, openBackplane } from '../src/backplane';
import { type Config, loadConfig } from '../src/config';
import { deleteRedisPrefix, freshRedisPrefix, REDIS_URL } from './harness';

/**
 * A suite that needs Redis: skipped, with the reason in its title, where LIAO_TEST_REDIS_URL
 * is unset.
 */
export function describeRedis(title: string, suite: () => void): void {
  if (REDIS_URL) describe(title, suite);
  else describe.skip(`${title} [skipped: LIAO_TEST_REDIS_URL is unset]`, suite);
}

export const silent = pino({ level: 'silent' });

export function redisUrl(): string {
  if (!REDIS_URL) throw new Error('LIAO_TEST_REDIS_URL is unset');
  return REDIS_URL;
}

let nodes = 0;

/** A node's configuration on the test Redis (or another URL, e.g. through a proxy). */
export function redisConfig(prefix: string, url = redisUrl()): Config {
  const config = loadConfig({ LIAO_LOG_LEVEL: 'silent' });
  config.redisUrl = url;
  config.redisPrefix = prefix;
  config.nodeId = `rt-${process.pid}-${++nodes}`;
  return config;
}

/** Backplanes (nodes) on one fresh prefix; `close` ends them all and removes their keys. */
export class TestCluster {
  readonly prefix = freshRedisPrefix();
  private readonly opened: Backplane[] = [];

  async node(options: { url?: string; now?: () => number } = {}): Promise<Backplane & { config: Config }> {
    const config = redisConfig(this.prefix, options.url);
    const backplane = await openBackplane(config, { now: options.now ?? Date.now, log: silent });
    this.opened.push(backplane);
    return Object.assign(backplane, { config });
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.splice(0).map((b) => b.close().catch(() => undefined)));
    await deleteRedisPrefix(this.prefix);
  }
}

/** A plain client for looking at Redis from outside (keys are not prefixed). */
export async function inspector(): Promise<Redis> {
  const redis = new Redis(redisUrl(), { lazyConnect: true });
  await redis.connect();
  return redis;
}

/** Cuts one connection of a node, found by its CLIENT SETNAME, as a network fault would. */
export async function killConnection(redis: Redis, name: string): Promise<void> {
  const list = (await redis.client('LIST')) as string;
  const line = list.split('\n').find((l) => l.includes(` name=${name} `));
  const id = line?.match(/^id=(\d+)/)?.[1];
  if (!id) throw new Error(`no Redis connection named ${name}`);
  await redis.client('KILL', 'ID', id);
}

/** Polls until the condition holds, failing after the deadline. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A TCP relay in front of Redis that a test can cut (every connection dropped, the port
 * closed: an outage as the node sees it) and restore on the same port.
 */
export class RedisRelay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const target = new URL(redisUrl());
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
