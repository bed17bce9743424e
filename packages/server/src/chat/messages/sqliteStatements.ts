import type { Database } from 'better-sqlite3';
import { prepareStatement } from '../../platform/db/preparedStatement';
import type { MessagesTable } from '../../platform/db/schema';
import type { SendRightRow } from '../membership';
import type { SendBatchStatements } from './sendBatch';
import type { SqliteSendPlans } from './sqliteSendPlans';

/**
 * The send batch's statements on one SQLite connection: each planned once (sqliteSendPlans),
 * prepared here once and run per row or per conversation, synchronously (a row costs a few
 * microseconds; kysely's per-statement build and async round trip cost more than the batch's SQL).
 */
export function sqliteSendStatements(raw: Database, plans: SqliteSendPlans): SendBatchStatements {
  const byClientId = prepareStatement(raw, plans.byClientId);
  const rights = prepareStatement(raw, plans.rights);
  const advance = prepareStatement(raw, plans.advance);
  const raiseRead = prepareStatement(raw, plans.raiseRead);
  const take = prepareStatement(raw, plans.take);
  const setPosition = prepareStatement(raw, plans.setPosition);
  const insert = prepareStatement(raw, plans.insert);
  return {
    storedByClientIds: (clientIds) =>
      clientIds.flatMap((clientId) => byClientId.all<MessagesTable>({ clientId })),
    lockConversations: () => undefined,
    sendRights: (pairs) =>
      pairs.flatMap((p) =>
        rights.all<SendRightRow>({ conversationId: p.conversationId, senderId: p.senderId }),
      ),
    advanceSeqs(counts, at) {
      const lastSeqs = new Map<string, number>();
      for (const [id, count] of counts) {
        const row = advance.get<{ last_seq: number }>({ id, count, at });
        if (row) lastSeqs.set(id, row.last_seq);
      }
      return lastSeqs;
    },
    raiseReadSeqs(marks) {
      for (const m of marks)
        raiseRead.run({ conversationId: m.conversationId, userId: m.userId, seq: m.seq });
    },
    takePositions(count) {
      const row = take.get<{ value: number }>({ count });
      if (!row) throw new Error('the position counter is missing');
      return row.value - count + 1;
    },
    setConversationPositions(positions) {
      for (const [id, pos] of positions) setPosition.run({ id, pos });
    },
    insertMessages(rows) {
      for (const row of rows) insert.run(row);
    },
  };
}
