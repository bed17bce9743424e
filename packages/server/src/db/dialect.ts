/**
 * The few places where SQLite and PostgreSQL differ. Queries call these instead of branching
 * on the dialect themselves.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from './database';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Serialises transactions about the same two users (e.g. two friend requests crossing each
 * other), held until the transaction ends. PostgreSQL takes an advisory lock on the pair;
 * SQLite needs none, since it runs one write transaction at a time.
 */
export async function lockPair(trx: Db, dialect: DialectName, a: string, b: string): Promise<void> {
  if (dialect !== 'postgres') return;
  const key = a < b ? `${a}:${b}` : `${b}:${a}`;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/** Driver error codes for a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

export function toBool(value: number): boolean {
  return value !== 0;
}

export function fromBool(value: boolean): number {
  return value ? 1 : 0;
}

/** The larger of two numeric expressions: max() in SQLite, GREATEST() in PostgreSQL. */
export function greatest(
  dialect: DialectName,
  a: RawBuilder<number>,
  b: RawBuilder<number>,
): RawBuilder<number> {
  return dialect === 'postgres' ? sql<number>`greatest(${a}, ${b})` : sql<number>`max(${a}, ${b})`;
}
