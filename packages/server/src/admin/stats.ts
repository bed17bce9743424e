import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Store } from '../platform/db/database';
import { countJobsByState } from '../platform/jobs/jobQueue';
import { formatBytes } from './output';
import type { AdminTools } from './tools';

export interface StoreStats {
  users: { total: number; disabled: number };
  conversations: Record<string, number>;
  messages: number;
  sessions: number;
  videos: Record<string, number>;
  jobs: Record<string, number>;
  /** The database's size on disk (SQLite: its files; PostgreSQL: the schema's tables and indexes). */
  storeBytes: number;
}

export async function showStats(tools: AdminTools, json: boolean): Promise<void> {
  const stats = await collectStats(tools);
  if (json) {
    tools.out.json(stats);
    return;
  }
  const byState = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([state, n]) => `${n} ${state}`)
      .join(', ') || 'none';
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  tools.out.table(
    ['WHAT', 'COUNT', 'DETAIL'],
    [
      ['users', String(stats.users.total), `${stats.users.disabled} disabled`],
      ['conversations', String(total(stats.conversations)), byState(stats.conversations)],
      ['messages', String(stats.messages), ''],
      ['sessions', String(stats.sessions), 'signed-in devices'],
      ['videos', String(total(stats.videos)), byState(stats.videos)],
      ['jobs', String(total(stats.jobs)), byState(stats.jobs)],
      ['store', formatBytes(stats.storeBytes), tools.store.dialect],
    ],
  );
}

export async function collectStats(tools: AdminTools): Promise<StoreStats> {
  const { db } = tools;
  const users = await db
    .selectFrom('users')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('total'),
      eb.fn.count<number | string>('disabled_at').as('disabled'),
    ])
    .executeTakeFirstOrThrow();
  const conversations = await db
    .selectFrom('conversations')
    .select(['kind', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('kind')
    .execute();
  // Messages are never deleted and each takes the next number of its conversation, so the
  // numbers add up to the count without scanning the largest table.
  const messages = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.sum<number | string | null>('last_seq').as('n'))
    .executeTakeFirstOrThrow();
  const sessions = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const videos = await db
    .selectFrom('videos')
    .select(['state', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('state')
    .execute();
  return {
    users: { total: Number(users.total), disabled: Number(users.disabled) },
    conversations: Object.fromEntries(conversations.map((r) => [r.kind, Number(r.n)])),
    messages: Number(messages.n ?? 0),
    sessions: Number(sessions.n),
    videos: Object.fromEntries(videos.map((r) => [r.state, Number(r.n)])),
    jobs: await countJobsByState(db),
    storeBytes: await storeSize(tools.store, tools.config.dataDir),
  };
}

async function storeSize(store: Store, dataDir: string): Promise<number> {
  if (store.dialect === 'sqlite') {
    // The write-ahead log holds recent commits not yet copied into the main file.
    return ['liao.db', 'liao.db-wal'].reduce((sum, name) => {
      const file = path.join(dataDir, name);
      return sum + (fs.existsSync(file) ? fs.statSync(file).size : 0);
    }, 0);
  }
  const result = await sql<{ bytes: number | string | null }>`
    select sum(pg_total_relation_size(c.oid)) as bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r'`.execute(store.db);
  return Number(result.rows[0]?.bytes ?? 0);
}
