import type { Database, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * Distinct statements kept prepared. Queries come from a fixed set of shapes, but multi-row
 * inserts vary with their row count, so the cache is bounded (least recently used goes).
 */
const MAX_STATEMENTS = 1000;

/**
 * The SQLite database as kysely sees it, with prepared statements reused by their SQL text.
 * Kysely prepares every query anew, which cost a sixth of the server's CPU under message load
 * (bench profile); SQLite's own parse and plan are what this saves.
 */
export function withStatementCache(db: Database): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = db.prepare(sql);
        if (cache.size >= MAX_STATEMENTS) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
