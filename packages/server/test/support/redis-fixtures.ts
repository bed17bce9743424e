import { Redis } from 'ioredis';
import pino from 'pino';
import { describe } from 'vitest';
import { createRedisTicketStore } from '../../src/identity/qrLogin/redisTickets';
import type { TicketStore } from '../../src/identity/qrLogin/tickets';
import { type Backplane, openBackplane, type RedisLink } from '../../src/platform/backplane/backplane';
import { type Config, loadConfig } from '../../src/platform/config';
import { deleteRedisPrefix, freshRedisPrefix, REDIS_URL } from './harness';
import { startTcpProxy, type TcpProxy } from './tcpProxy';

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

  /** A node's backplane, with the QR ticket store a node keeps in its Redis. */
  async node(
    options: { url?: string; now?: () => number } = {},
  ): Promise<Backplane & { config: Config; tickets: TicketStore }> {
    const config = redisConfig(this.prefix, options.url);
    const now = options.now ?? Date.now;
    const backplane = await openBackplane(config, { now, log: silent });
    this.opened.push(backplane);
    const redis = backplane.redis as RedisLink;
    return Object.assign(backplane, {
      config,
      tickets: createRedisTicketStore(redis.commands, redis.prefix, now),
    });
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

/** The machine's Redis behind a relay that a test cuts and restores (see tcpProxy.ts). */
export class RedisRelay {
  private proxy: TcpProxy | null = null;
  private up = false;

  get url(): string {
    if (!this.proxy) throw new Error('the relay was never started');
    return `redis://127.0.0.1:${this.proxy.port}`;
  }

  /** Starts relaying, on the same port as before after a cut. */
  async start(): Promise<void> {
    if (this.up) return;
    if (this.proxy) await this.proxy.restore();
    else {
      const target = new URL(redisUrl());
      this.proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    }
    this.up = true;
  }

  async cut(): Promise<void> {
    if (!this.proxy || !this.up) return;
    this.up = false;
    await this.proxy.cut();
  }
}
