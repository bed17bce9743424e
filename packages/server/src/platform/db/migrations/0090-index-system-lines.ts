import { type Kysely, sql } from 'kysely';

/**
 * System lines by conversation and seq, so that unread counts can leave them out with a count
 * over the few system lines past a read mark rather than over every unread message.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('messages_system')
    .on('messages')
    .columns(['conversation_id', 'seq'])
    .where(sql.ref('kind'), '=', sql.lit('system'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_system').execute();
}
