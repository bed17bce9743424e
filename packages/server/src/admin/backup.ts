import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../platform/config';
import { sqliteFile } from '../platform/db/database';
import { formatBytes, type Output } from './output';

/**
 * Pages per backup step: all of them, so that the copy is one read of one snapshot. Smaller
 * steps would start over whenever the running server commits in between.
 */
const ALL_PAGES = 0x7fffffff;

/** A failure the operator can act on; printed without a stack. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** Writes a backup of the store the configuration names into `file`. */
export async function backupStore(config: Config, out: Output, file: string, force: boolean): Promise<void> {
  if (fs.existsSync(file) && !force) {
    throw new BackupError(`${file} exists; pass --force to replace it.`);
  }
  if (config.databaseUrl) await dumpPostgres(config.databaseUrl, config.databaseSchema, file);
  else await copySqlite(sqliteFile(config.dataDir), file);
  out.line(`Backed up to ${file} (${formatBytes(fs.statSync(file).size)}).`);
}

/** Restores `file` into the store the configuration names, which must be empty. */
export async function restoreStore(config: Config, out: Output, file: string, force: boolean): Promise<void> {
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist.`);
  if (config.databaseUrl) await restorePostgres(config.databaseUrl, config.databaseSchema, file, force);
  else restoreSqlite(file, sqliteFile(config.dataDir), force, out);
  out.line(`Restored ${file}. Start the server; it brings the schema up to date if the backup is older.`);
}

/**
 * SQLite's online backup: a consistent copy while the server keeps writing (WAL lets it),
 * written beside the target and renamed, so a failed backup leaves no half file.
 */
async function copySqlite(source: string, file: string): Promise<void> {
  if (!fs.existsSync(source)) throw new BackupError(`No database at ${source} (check LIAO_DATA_DIR).`);
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  const db = new SqliteDatabase(source, { fileMustExist: true });
  try {
    await db.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  checkSqlite(partial);
  fs.renameSync(partial, file);
}

function restoreSqlite(file: string, target: string, force: boolean, out: Output): void {
  checkSqlite(file);
  if (fs.existsSync(target)) {
    if (!force) {
      throw new BackupError(
        `${target} exists. Stop the server, then pass --force to move it aside and restore.`,
      );
    }
    const aside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    // The write-ahead log belongs to the old file: it goes with it, or SQLite would replay
    // it into the restored one.
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, aside + suffix);
    }
    out.note(`The previous database is now ${aside}.`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(file, target);
  checkSqlite(target);
}

/** A backup is a Liao database that SQLite finds intact. */
function checkSqlite(file: string): void {
  let db: SqliteDatabase.Database | undefined;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`${file} is damaged: ${String(integrity)}`);
    const migrations = db
      .prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get() as { n: number };
    if (migrations.n === 0) throw new BackupError(`${file} is not a Liao database.`);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a readable SQLite database: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
}

/** pg_dump's custom format: compressed, and pg_restore picks what to restore from it. */
async function dumpPostgres(url: string, schema: string | undefined, file: string): Promise<void> {
  const partial = `${file}.partial`;
  await run('pg_dump', [
    '--format=custom',
    '--no-owner',
    '--no-privileges',
    `--file=${partial}`,
    ...(schema ? [`--schema=${schema}`] : []),
    `--dbname=${url}`,
  ]);
  fs.renameSync(partial, file);
}

/**
 * pg_restore into an empty schema (public unless LIAO_DATABASE_SCHEMA names one). The dump of
 * a named schema creates it, so an empty one of that name (a server started once) is dropped
 * first; a schema with tables is refused, unless --force, which replaces its objects.
 */
async function restorePostgres(
  url: string,
  schema: string | undefined,
  file: string,
  force: boolean,
): Promise<void> {
  const target = schema ?? 'public';
  const tables = await countTables(url, target);
  if (tables > 0 && !force) {
    throw new BackupError(
      `Schema ${target} already has ${tables} tables. Restore into an empty store, or stop every node and pass --force.`,
    );
  }
  if (schema && tables === 0) await dropEmptySchema(url, schema);
  await run('pg_restore', [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    ...(force && tables > 0 ? ['--clean', '--if-exists'] : []),
    `--dbname=${url}`,
    file,
  ]);
  if ((await countTables(url, target)) === 0) {
    throw new BackupError(`Nothing was restored into schema ${target}: the backup holds another schema.`);
  }
}

async function countTables(url: string, schema: string): Promise<number> {
  return withClient(url, async (client) => {
    const result = await client.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'",
      [schema],
    );
    return Number(result.rows[0]?.n ?? 0);
  });
}

async function dropEmptySchema(url: string, schema: string): Promise<void> {
  await withClient(url, async (client) => {
    // Without cascade: should anything be in it after all, this fails instead of deleting it.
    await client.query(`drop schema if exists "${schema}"`);
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs a PostgreSQL client program, its messages going to our stderr. */
function run(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupError(`${program} is not installed (Debian: apt install postgresql-client).`)
          : error,
      );
    });
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${program} failed (${signal ?? `exit code ${code}`}).`));
    });
  });
}
