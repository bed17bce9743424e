import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import pino from 'pino';
import { describe } from 'vitest';
import { createServer, type LiaoServer } from '../../src/app';
import { type Config, loadConfig } from '../../src/platform/config';
import { openStore, type Store } from '../../src/platform/db/database';

export type StoreKind = 'sqlite' | 'postgres';

const PG_URL = process.env.LIAO_TEST_PG_URL;
export const REDIS_URL = process.env.LIAO_TEST_REDIS_URL;

/**
 * Runs a suite once per store: always on SQLite, and on PostgreSQL where LIAO_TEST_PG_URL is
 * set (with the backplane in Redis where LIAO_TEST_REDIS_URL is set too). Without it the
 * PostgreSQL run is reported as skipped, with the reason in its title.
 */
export function describeEachStore(title: string, suite: (store: StoreKind) => void): void {
  describe(`${title} [sqlite]`, () => suite('sqlite'));
  // With Redis too, the PostgreSQL run is the cluster's configuration (see startTestServer).
  if (PG_URL) describe(`${title} [postgres${REDIS_URL ? ' + redis' : ''}]`, () => suite('postgres'));
  else describe.skip(`${title} [postgres: skipped, LIAO_TEST_PG_URL is unset]`, () => suite('postgres'));
}

/** A clock that tests can move forward (to expire requests and sessions). */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function makeClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface TestServer {
  server: LiaoServer;
  url: string;
  port: number;
  clock: TestClock;
  dataDir: string;
  store: StoreKind;
  /** The Redis key prefix of its backplane, when it has one (give it to another server to make a cluster). */
  redisPrefix: string | undefined;
  /** PostgreSQL schema (shared by a second server started with `reuse`). */
  schema: string | undefined;
  /** Stops the server (the data stays, so a second start can reuse it). */
  stop(): Promise<void>;
  /** Stops it and removes its data (folder and PostgreSQL schema). */
  destroy(): Promise<void>;
}

export interface TestServerOptions {
  /** Start on this existing data (folder and schema) instead of a fresh one. */
  reuse?: Pick<TestServer, 'dataDir'> & { schema?: string };
  /** Changes to the configuration, e.g. tighter rate limits. */
  configure?: (config: Config) => void;
  clock?: TestClock;
  /**
   * Where the backplane (bus, presence, rate limits, QR tickets) lives. By default: Redis with
   * a fresh prefix on PostgreSQL where LIAO_TEST_REDIS_URL is set (so the postgres run of every
   * suite is the cluster's configuration), else in process. `false`: in process. A prefix:
   * Redis under that prefix, shared with the server that made it (two nodes of one cluster).
   */
  redis?: false | { prefix: string };
}

/**
 * A real server on an ephemeral port with its own data folder and, on PostgreSQL, its own
 * fresh schema. Rate limits are raised so that suites can make many accounts from one
 * address; the tests of the limits themselves lower them again through `configure`.
 */
export async function startTestServer(
  store: StoreKind,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = options.reuse?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'liao-test-'));
  const schema =
    store === 'postgres'
      ? (options.reuse?.schema ?? `t_${path.basename(dataDir).replace(/\W/g, '_').toLowerCase()}`)
      : undefined;
  const config = loadConfig({
    LIAO_PORT: '0',
    LIAO_HOST: '127.0.0.1',
    LIAO_DATA_DIR: dataDir,
    LIAO_LOG_LEVEL: 'silent',
  });
  config.databaseUrl = store === 'postgres' ? PG_URL : undefined;
  config.databaseSchema = schema;
  const sharedPrefix = options.redis ? options.redis.prefix : undefined;
  const redisPrefix =
    sharedPrefix ??
    (options.redis === undefined && store === 'postgres' && REDIS_URL ? freshRedisPrefix() : undefined);
  if (redisPrefix) {
    if (!REDIS_URL) throw new Error('a Redis backplane needs LIAO_TEST_REDIS_URL');
    config.redisUrl = REDIS_URL;
    config.redisPrefix = redisPrefix;
  }
  config.nodeId = `test-${process.pid}-${++nodeCounter}`;
  config.rateLimits.registrationsPerAddress = { limit: 100_000, windowMs: 60_000 };
  config.rateLimits.signInFailuresPerAddress = { limit: 100_000, windowMs: 60_000 };
  options.configure?.(config);
  const clock = options.clock ?? makeClock();
  const server = await createServer(config, {
    now: clock.now,
    logger: pino({ level: process.env.LIAO_TEST_LOG_LEVEL ?? 'silent' }),
  });
  const { port, url } = await server.listen();
  return {
    server,
    url,
    port,
    clock,
    dataDir,
    store,
    redisPrefix,
    schema,
    stop: () => server.close(),
    async destroy() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema && PG_URL) await dropSchema(schema);
      if (redisPrefix && !sharedPrefix) await deleteRedisPrefix(redisPrefix);
    },
  };
}

let nodeCounter = 0;

/** A Redis key prefix no other test uses. */
export function freshRedisPrefix(): string {
  return `t${process.pid}x${Math.random().toString(36).slice(2, 10)}:`;
}

/** Removes every key under the prefix (a test's Redis data). */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  if (!REDIS_URL) return;
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

let counter = 0;
/** A username no other test uses. */
export function uniqueUsername(prefix = 'user'): string {
  counter++;
  return `${prefix}${process.pid}x${counter}x${Math.random().toString(36).slice(2, 6)}`.slice(0, 32);
}

/** A bare migrated store (no server) in a fresh folder or schema, for storage-level tests. */
export async function openTestStore(
  kind: StoreKind,
): Promise<{ store: Store; schema: string | undefined; destroy(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-store-'));
  const schema =
    kind === 'postgres' ? `s_${path.basename(dataDir).replace(/\W/g, '_').toLowerCase()}` : undefined;
  const store = await openStore({ url: kind === 'postgres' ? PG_URL : undefined, dataDir, schema });
  return {
    store,
    schema,
    async destroy() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema && PG_URL) await dropSchema(schema);
    },
  };
}
