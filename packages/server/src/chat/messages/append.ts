import type { Db } from '../../platform/db/database';
import { dialectOf, lockConversationsInOrder } from '../../platform/db/dialect';
import { takePositions } from '../../platform/db/positions';
import type { MessagesTable } from '../../platform/db/schema';
import { type AppendStatements, appendWith, type NewMessage, toStore } from './numbering';
import * as q from './queries';

export type { NewMessage } from './numbering';

/** Rows per INSERT: well inside both stores' limits on bound parameters. */
const INSERT_CHUNK = 500;

/** The numbering statements through kysely, in the caller's transaction: one statement per call. */
export function kyselyAppendStatements(trx: Db): AppendStatements {
  const dialect = dialectOf(trx);
  return {
    advanceSeqs: (counts, at) => q.advanceSeqs(trx, counts, at),
    raiseReadSeqs: (marks) => q.raiseReadSeqs(trx, dialect, marks),
    takePositions: (count) => takePositions(trx, count),
    setConversationPositions: (positions) => q.setConversationPositions(trx, positions),
    async insertMessages(rows) {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await q.insertMessages(trx, rows.slice(i, i + INSERT_CHUNK));
      }
    },
  };
}

/**
 * Stores messages inside the caller's transaction (see appendWith): system lines, a friend
 * request's greeting, a group's first lines. `locked`: the caller already holds the
 * conversation rows (in id order); otherwise they are locked here first.
 */
export async function appendMessages(
  trx: Db,
  items: NewMessage[],
  now: number,
  options: { locked?: boolean } = {},
): Promise<MessagesTable[]> {
  if (items.length === 0) return [];
  if (!options.locked) {
    const conversationIds = [...new Set(items.map((item) => item.conversationId))];
    await lockConversationsInOrder(trx, dialectOf(trx), conversationIds);
  }
  return appendWith(kyselyAppendStatements(trx), items.map(toStore), now);
}
