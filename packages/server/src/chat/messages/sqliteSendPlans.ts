import { sql } from 'kysely';
import type { MessagesTable } from '../../platform/db/schema';
import { planStatement, slot, sqliteCompiler } from '../../platform/db/statementPlan';
import { sendRightsQuery } from '../membership';

/**
 * The send batch's statements on SQLite, compiled here from kysely queries and handed to the
 * writer's thread as plain SQL (sqliteStatements.ts prepares them there), so that the thread
 * loads neither kysely nor the schema's builders. Conversation locks are not needed: SQLite
 * runs one write transaction at a time.
 */
export function sqliteSendPlans() {
  const db = sqliteCompiler();
  return {
    byClientId: planStatement<'clientId'>(
      db.selectFrom('messages').selectAll().where('client_id', '=', slot<string>('clientId')),
    ),
    rights: planStatement<'conversationId' | 'senderId'>(
      sendRightsQuery(db, [{ conversationId: slot('conversationId'), senderId: slot('senderId') }]),
    ),
    advance: planStatement<'id' | 'count' | 'at'>(
      db
        .updateTable('conversations')
        .set((eb) => ({ last_seq: eb('last_seq', '+', slot<number>('count')), last_message_at: slot('at') }))
        .where('id', '=', slot<string>('id'))
        .returning('last_seq'),
    ),
    raiseRead: planStatement<'conversationId' | 'userId' | 'seq'>(
      db
        .updateTable('conversation_members')
        .set({ read_seq: sql<number>`max(read_seq, ${slot<number>('seq')})`, marked_unread: 0 })
        .where('conversation_id', '=', slot<string>('conversationId'))
        .where('user_id', '=', slot<string>('userId')),
    ),
    take: planStatement<'count'>(
      db
        .updateTable('counters')
        .set((eb) => ({ value: eb('value', '+', slot<number>('count')) }))
        .where('name', '=', 'pos')
        .returning('value'),
    ),
    setPosition: planStatement<'id' | 'pos'>(
      db
        .updateTable('conversations')
        .set({ last_pos: slot('pos') })
        .where('id', '=', slot<string>('id')),
    ),
    insert: planStatement<keyof MessagesTable>(
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
    ),
  };
}

export type SqliteSendPlans = ReturnType<typeof sqliteSendPlans>;
