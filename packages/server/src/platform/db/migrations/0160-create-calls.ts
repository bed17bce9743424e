import { type Kysely, sql } from 'kysely';

/**
 * Calls (issue 19): each call of a conversation, the devices in it, and the members being rung.
 * The store holds a call's state so that any node can answer its signalling; a person is in
 * one call at a time, which a partial unique index on the participants still in a call holds
 * even when two calls are answered at once on two nodes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('topology', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('end_reason', 'text')
    .execute();
  // The call a conversation has running: at most one.
  await db.schema
    .createIndex('calls_running')
    .on('calls')
    .column('conversation_id')
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('call_participants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addColumn('left_at', 'bigint')
    .addColumn('disconnected_at', 'bigint')
    .addColumn('audio', 'integer', (c) => c.notNull())
    .addColumn('video', 'integer', (c) => c.notNull())
    .addColumn('screen', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('call_participants_call').on('call_participants').column('call_id').execute();
  // One call per person at a time, whatever node answers.
  await db.schema
    .createIndex('call_participants_one_call')
    .on('call_participants')
    .column('user_id')
    .unique()
    .where(sql.ref('left_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('call_participants_session')
    .on('call_participants')
    .column('session_id')
    .where(sql.ref('left_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('call_ringing')
    .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('call_ringing_pk', ['call_id', 'user_id'])
    .execute();
  await db.schema.createIndex('call_ringing_user').on('call_ringing').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('call_ringing').execute();
  await db.schema.dropTable('call_participants').execute();
  await db.schema.dropTable('calls').execute();
}
