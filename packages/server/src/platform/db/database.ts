import fs from 'node:fs';
import path from 'node:path';
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
} from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect';
import { migrations } from './migrations';
import type { Schema } from './schema';
import { openSqliteConnection } from './sqliteConnection';
import { withStatementCache } from './statementCache';

export type Db = Kysely<Schema>;

export interface Store {
  db: Db;
  dialect: DialectName;
  /** SQLite's database file, which the message writer's thread opens too; absent on PostgreSQL. */
  sqliteFile?: string;
  /** The PostgreSQL connection pool's counts (metrics); absent on SQLite, which has one connection. */
  pool?: Pick<pg.Pool, 'totalCount' | 'idleCount' | 'waitingCount'>;
  /** Cheap round trip to the store, for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… for PostgreSQL; unset for SQLite in dataDir. */
  url: string | undefined;
  dataDir: string;
  /** PostgreSQL schema, created if missing (tests give each server its own). */
  schema?: string | undefined;
  /** Told of a pooled PostgreSQL connection that broke while idle (a restart, a failover). */
  onConnectionError?: (error: Error) => void;
}

const PG_INT8_OID = 20;

export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.url
    ? openPostgres(options.url, options.schema, options.onConnectionError)
    : openSqlite(options.dataDir);
  if (options.url && options.schema) {
    await sql`create schema if not exists ${sql.id(options.schema)}`.execute(store.db);
  }
  await migrateToLatest(store.db, options.url ? options.schema : undefined);
  return store;
}

/** The SQLite database in the data folder (the admin command line backs it up and restores it). */
export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'liao.db');
}

function openSqlite(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = sqliteFile(dataDir);
  const connection = openSqliteConnection(file);
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  return {
    db,
    dialect: 'sqlite',
    sqliteFile: file,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

function openPostgres(
  url: string,
  schema: string | undefined,
  onConnectionError: ((error: Error) => void) | undefined,
): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Without a limit, a request waits forever for a database that is unreachable; with it,
    // the request fails and is answered 503 (UNAVAILABLE), which clients retry.
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // Timestamps are bigint columns; milliseconds fit a JS number exactly (< 2^53).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that the server drops (a restart, a failover) is reported here; the
  // pool has already discarded it and the next query opens a fresh one. Unhandled, the event
  // would end the process.
  pool.on('error', (error) => onConnectionError?.(error));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    pool,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

export function createMigrator(db: Db, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: new StaticMigrationProvider(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * Applies the migrations not yet applied. On PostgreSQL with a schema of our own, the
 * migrator's bookkeeping tables live in that schema too: unqualified, kysely would find
 * another schema's tables in its introspection and then fail to read them.
 */
export async function migrateToLatest(db: Db, schema?: string): Promise<void> {
  const migrator = createMigrator(db, schema);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    // The cause's words in the message: a command line or a test log prints only the message.
    const why = error instanceof Error ? `: ${error.message}` : '';
    throw new Error(`migration ${failed?.migrationName ?? ''} failed${why}`, { cause: error });
  }
}
