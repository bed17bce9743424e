/**
 * The few places where SQLite and PostgreSQL differ. Queries call these instead of branching
 * on the dialect themselves.
 */
import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import type { Db } from './database';

export type DialectName = 'sqlite' | 'postgres';

/** Which store a database handle (or transaction, or a migration's handle) speaks to. */
export function dialectOf(db: Pick<Kysely<unknown>, 'getExecutor'>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Serialises transactions about the same two users (e.g. two friend requests crossing each
 * other), held until the transaction ends. PostgreSQL takes an advisory lock on the pair;
 * SQLite needs none, since it runs one write transaction at a time.
 */
export async function lockPair(trx: Db, dialect: DialectName, a: string, b: string): Promise<void> {
  await lockKey(trx, dialect, a < b ? `${a}:${b}` : `${b}:${a}`);
}

/**
 * Serialises transactions that name the same key (e.g. one account's new uploads, counted
 * against its limit before one more is added), held until the transaction ends: an advisory
 * lock on PostgreSQL, nothing on SQLite (one write transaction at a time).
 */
export async function lockKey(trx: Db, dialect: DialectName, key: string): Promise<void> {
  if (dialect !== 'postgres') return;
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

/**
 * Locks these conversation rows in id order for the rest of the transaction, so that two
 * transactions that update several of them at once cannot deadlock on PostgreSQL. A single
 * row is left to the update that follows, unless the caller must read under the lock first
 * (`evenOne`). SQLite needs none: it runs one write transaction at a time.
 *
 * `for no key update` is the lock an UPDATE of the row takes: it orders writers the same way,
 * and unlike `for update` it lets a foreign-key check (`for key share`) from a member row's
 * update pass, which would otherwise deadlock against a transaction that holds a member row.
 */
export async function lockConversationsInOrder(
  trx: Db,
  dialect: DialectName,
  ids: readonly string[],
  options: { evenOne?: boolean } = {},
): Promise<void> {
  if (dialect !== 'postgres' || ids.length < (options.evenOne ? 1 : 2)) return;
  const sorted = [...ids].sort();
  await sql`select id from conversations where id in (${sql.join(sorted)}) order by id for no key update`.execute(
    trx,
  );
}

/** Media a message's JSON content names: an image message's imageId, a video message's videoId. */
export type ContentMediaField = 'imageId' | 'videoId';

/**
 * One field of a message's JSON content, as text. This is the expression migration 0130 indexes
 * (messages by the image or video they carry): a query uses those indexes only when it says
 * exactly this, so changing it needs a new migration and index.
 */
export function contentField(dialect: DialectName, field: ContentMediaField): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`(content::json ->> ${sql.lit(field)})`
    : sql<string | null>`json_extract(content, ${sql.lit(`$.${field}`)})`;
}
