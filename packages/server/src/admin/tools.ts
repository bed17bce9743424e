import pino, { type Logger } from 'pino';
import { type Backplane, openBackplane } from '../platform/backplane/backplane';
import type { EventBus } from '../platform/bus/eventBus';
import type { Config } from '../platform/config';
import { type Db, openStore, type Store } from '../platform/db/database';
import type { Output } from './output';

/** What the admin commands work with: the node's store, its bus on demand, and the output. */
export interface AdminTools {
  config: Config;
  store: Store;
  db: Db;
  out: Output;
  log: Logger;
  now(): number;
  /**
   * The bus the nodes listen on, opened on first use: with LIAO_REDIS_URL it reaches every
   * node; without it, it is this process's own and running nodes learn of the change from
   * their own periodic checks instead (sessions, push keys).
   */
  bus(): Promise<EventBus>;
  close(): Promise<void>;
}

export async function openTools(config: Config, out: Output): Promise<AdminTools> {
  // Logs go to stderr, so that stdout carries only the result (and --json stays parseable).
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const store = await openStore({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    schema: config.databaseSchema,
  });
  const now = () => Date.now();
  let backplane: Promise<Backplane> | undefined;
  return {
    config,
    store,
    db: store.db,
    out,
    log,
    now,
    async bus() {
      backplane ??= openBackplane(config, { now, log });
      return (await backplane).bus;
    },
    async close() {
      if (backplane) await (await backplane).close();
      await store.close();
    },
  };
}
