import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type LiaoNode, makeNode } from './liaoNode';
import { startTestNginx, type TestNginx } from './nginx';
import { findBinary } from './processes';
import { startTestRedis, type TestRedis } from './redisServer';

const PG_URL = process.env.LIAO_TEST_PG_URL;
const REDIS_URL = process.env.LIAO_TEST_REDIS_URL;
const REDIS_SERVER = findBinary('redis-server');
const NGINX = findBinary('nginx');

/**
 * Why the cluster suite is skipped here (its services' variables are unset), or null when it
 * runs. The programs it starts are not a reason to skip: where the services are set, a missing
 * redis-server or nginx fails the suite (requireBinary), since .ci/run installs both.
 */
export function clusterSkipReason(): string | null {
  const missing = [
    PG_URL ? null : 'LIAO_TEST_PG_URL is unset',
    REDIS_URL ? null : 'LIAO_TEST_REDIS_URL is unset',
  ].filter(Boolean);
  return missing.length > 0 ? missing.join(', ') : null;
}

/** The program's path, or an error that says how to install it. */
export function requireBinary(name: 'nginx' | 'redis-server'): string {
  const found = name === 'nginx' ? NGINX : REDIS_SERVER;
  if (!found) throw new Error(`no ${name} binary: apt-get install ${name} (.ci/run installs it)`);
  return found;
}

/**
 * Three (or `size`) node processes of the built server on one fresh PostgreSQL schema, the
 * suite's own redis-server and a shared data folder, behind nginx running
 * deploy/nginx/liao.conf: the deployment docs/deploy.md describes, on loopback ports.
 */
export interface Cluster {
  readonly nodes: LiaoNode[];
  readonly nginx: TestNginx;
  readonly redis: TestRedis;
  readonly schema: string;
  /** A query on the cluster's schema (for checks straight in the database). */
  query<Row extends object>(text: string, values?: unknown[]): Promise<Row[]>;
  /** Kills every process and removes the schema and the folders. */
  destroy(): Promise<void>;
}

export async function startCluster(size = 3): Promise<Cluster> {
  if (!PG_URL) throw new Error(`cluster: ${clusterSkipReason()}`);
  const redisServer = requireBinary('redis-server');
  const nginxProgram = requireBinary('nginx');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-cluster-'));
  const run = path.basename(dir).replace(/\W/g, '_').toLowerCase();
  const schema = `c_${run}`;
  const db = new pg.Client({ connectionString: PG_URL });
  await db.connect();
  // Made here, before the nodes start together: each also creates it if missing, and
  // PostgreSQL's `create schema if not exists` can fail when two run at the same moment.
  await db.query(`create schema "${schema}"`);

  const nodes: LiaoNode[] = [];
  let redis: TestRedis | null = null;
  let nginx: TestNginx | null = null;
  const destroy = async () => {
    await nginx?.stop();
    await Promise.all(nodes.map((n) => n.crash()));
    await redis?.kill();
    await db.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await db.end().catch(() => {});
    // LIAO_TEST_KEEP_CLUSTER=1 keeps the folder: each node's log, redis.log and nginx's logs.
    if (!process.env.LIAO_TEST_KEEP_CLUSTER) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    redis = await startTestRedis(redisServer, dir);
    const env = {
      LIAO_DATABASE_URL: PG_URL,
      LIAO_DATABASE_SCHEMA: schema,
      LIAO_REDIS_URL: redis.url,
      LIAO_REDIS_PREFIX: `${run}:`,
      // One folder every node mounts: media written through one node is read through another.
      LIAO_DATA_DIR: path.join(dir, 'data'),
      LIAO_LOG_LEVEL: 'warn',
      LIAO_TRUST_PROXY: 'true',
      LIAO_REGISTRATIONS_PER_HOUR: '1000000',
      LIAO_SHUTDOWN_GRACE_MS: '2000',
    };
    for (let i = 1; i <= size; i++) nodes.push(await makeNode({ id: `node${i}`, env, logDir: dir }));
    await Promise.all(nodes.map((n) => n.start()));
    nginx = await startTestNginx(
      nginxProgram,
      path.join(dir, 'nginx'),
      nodes.map((n) => n.port),
    );
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    nodes,
    nginx,
    redis,
    schema,
    async query<Row extends object>(text: string, values: unknown[] = []) {
      await db.query(`set search_path to "${schema}"`);
      return (await db.query(text, values)).rows as Row[];
    },
    destroy,
  };
}
