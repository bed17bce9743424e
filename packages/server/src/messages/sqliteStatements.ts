import type { Database } from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { type SendRightRow, sendRightsQuery } from '../conversations/sendRights';
import { prepareCompiled, slot } from '../db/compiledStatement';
import type { MessagesTable, Schema } from '../db/schema';
import type { SendBatchStatements } from './sendBatch';

/**
 * The send batch's statements on one SQLite connection: each prepared once and run per row or
 * per conversation, synchronously (a row costs a few microseconds; kysely's per-statement
 * build and async round trip cost more than the batch's SQL). Conversation locks are not
 * needed: SQLite runs one write transaction at a time.
 */
export function sqliteSendStatements(raw: Database): SendBatchStatements {
  // Only compiles: its queries are prepared on `raw` and never run through kysely.
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
  const byClientId = prepareCompiled<'clientId'>(
    raw,
    db.selectFrom('messages').selectAll().where('client_id', '=', slot<string>('clientId')),
  );
  const rights = prepareCompiled<'conversationId' | 'senderId'>(
    raw,
    sendRightsQuery(db, [{ conversationId: slot('conversationId'), senderId: slot('senderId') }]),
  );
  const advance = prepareCompiled<'id' | 'count' | 'at'>(
    raw,
    db
      .updateTable('conversations')
      .set((eb) => ({ last_seq: eb('last_seq', '+', slot<number>('count')), last_message_at: slot('at') }))
      .where('id', '=', slot<string>('id'))
      .returning('last_seq'),
  );
  const raiseRead = prepareCompiled<'conversationId' | 'userId' | 'seq'>(
    raw,
    db
      .updateTable('conversation_members')
      .set({ read_seq: sql<number>`max(read_seq, ${slot<number>('seq')})`, marked_unread: 0 })
      .where('conversation_id', '=', slot<string>('conversationId'))
      .where('user_id', '=', slot<string>('userId')),
  );
  const take = prepareCompiled<'count'>(
    raw,
    db
      .updateTable('counters')
      .set((eb) => ({ value: eb('value', '+', slot<number>('count')) }))
      .where('name', '=', 'pos')
      .returning('value'),
  );
  const setPosition = prepareCompiled<'id' | 'pos'>(
    raw,
    db
      .updateTable('conversations')
      .set({ last_pos: slot('pos') })
      .where('id', '=', slot<string>('id')),
  );
  const insert = prepareCompiled<keyof MessagesTable>(
    raw,
    db.insertInto('messages').values({
      conversation_id: slot('conversation_id'),
      seq: slot('seq'),
      id: slot('id'),
      sender_id: slot('sender_id'),
      client_id: slot('client_id'),
      kind: slot('kind'),
      content: slot('content'),
      created_at: slot('created_at'),
      pos: slot('pos'),
    }),
  );
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
