import type { Kysely } from 'kysely';

/** 标为未读 / mark as unread: the member's own flag, cleared when their read mark moves. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('conversation_members')
    .addColumn('marked_unread', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversation_members').dropColumn('marked_unread').execute();
}
