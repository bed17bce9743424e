import type { Db } from './database';

/**
 * Takes `count` consecutive positions in the store-wide change stream and returns the first.
 *
 * Who may call it: a transaction, after it has taken every other row lock it needs (it may
 * afterwards touch only rows it already locked or inserted). The counter row stays locked
 * until commit, so on PostgreSQL positions become visible in the order they were taken: a
 * reader that sees position P also sees every position below it, which is what lets a sync
 * cursor advance to the highest position it read without skipping a slower transaction.
 * SQLite runs one write transaction at a time and gets the same order for free.
 */
export async function takePositions(trx: Db, count: number): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', count) }))
    .where('name', '=', 'pos')
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value - count + 1;
}

/**
 * The highest position taken so far by a committed transaction. Every cursor and position this
 * store ever handed out is at or below it, since a reader only sees committed positions.
 */
export async function readPosition(db: Db): Promise<number> {
  const row = await db
    .selectFrom('counters')
    .select('value')
    .where('name', '=', 'pos')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
