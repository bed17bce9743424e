import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type ServerProcess, startServerProcess } from '../serverProcess';

/** Where the cluster keeps its state: PostgreSQL and Redis, from the environment. */
export interface ClusterTarget {
  pgUrl: string;
  redisUrl: string;
}

/**
 * LIAO_BENCH_PG_URL / LIAO_BENCH_REDIS_URL, else the test suites' LIAO_TEST_PG_URL /
 * LIAO_TEST_REDIS_URL; throws a message saying what to set when either is missing.
 */
export function clusterTarget(env: NodeJS.ProcessEnv = process.env): ClusterTarget {
  const pgUrl = env.LIAO_BENCH_PG_URL ?? env.LIAO_TEST_PG_URL;
  const redisUrl = env.LIAO_BENCH_REDIS_URL ?? env.LIAO_TEST_REDIS_URL;
  if (!pgUrl || !redisUrl) {
    throw new Error(
      'npm run bench -- --cluster needs PostgreSQL and Redis: set LIAO_BENCH_PG_URL=postgres://… and ' +
        'LIAO_BENCH_REDIS_URL=redis://… (or LIAO_TEST_PG_URL and LIAO_TEST_REDIS_URL). Use a database ' +
        'and a Redis nothing else is busy with: the cost per message is read from their counters.',
    );
  }
  return { pgUrl, redisUrl };
}

/**
 * One schema, one Redis prefix and one data folder for every cluster size, so that the users,
 * friendships and conversations are made once and each size starts on the same data.
 */
export class BenchCluster {
  nodes: ServerProcess[] = [];
  readonly schema: string;
  private readonly dataDir: string;
  private readonly prefix: string;

  constructor(private readonly target: ClusterTarget) {
    const run = Date.now().toString(36);
    this.schema = `bench_${run}`;
    this.prefix = `bench${run}:`;
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-bench-cluster-'));
  }

  /** The PostgreSQL database's name (its sessions' titles carry it). */
  get database(): string {
    return decodeURIComponent(new URL(this.target.pgUrl).pathname.slice(1));
  }

  /** The URLs of the running nodes. */
  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  /** Node `i mod size`: how the load generator spreads its sockets over the nodes. */
  urlFor(i: number): string {
    const node = this.nodes[((i % this.nodes.length) + this.nodes.length) % this.nodes.length];
    if (!node) throw new Error('no node is running');
    return node.url;
  }

  /** Starts `size` nodes (the schema is made first: concurrent `create schema` can clash). */
  async start(size: number): Promise<void> {
    if (this.nodes.length > 0) throw new Error('nodes already running');
    await this.sql(`create schema if not exists "${this.schema}"`);
    const env = {
      LIAO_DATABASE_URL: this.target.pgUrl,
      LIAO_DATABASE_SCHEMA: this.schema,
      LIAO_REDIS_URL: this.target.redisUrl,
      LIAO_REDIS_PREFIX: this.prefix,
      LIAO_DATA_DIR: this.dataDir,
      LIAO_TRANSCODE_CONCURRENCY: '0',
      LIAO_SHUTDOWN_GRACE_MS: '2000',
    };
    this.nodes = await Promise.all(
      Array.from({ length: size }, (_, i) => startServerProcess({ ...env, LIAO_NODE_ID: `bench${i + 1}` })),
    );
  }

  /** SIGTERM to every node; their database sessions end with them. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    this.nodes = [];
  }

  /** Stops the nodes and removes the schema and the data folder. */
  async destroy(): Promise<void> {
    await this.stop();
    await this.sql(`drop schema if exists "${this.schema}" cascade`);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async sql(text: string): Promise<void> {
    const db = new pg.Client({ connectionString: this.target.pgUrl });
    await db.connect();
    try {
      await db.query(text);
    } finally {
      await db.end();
    }
  }
}
