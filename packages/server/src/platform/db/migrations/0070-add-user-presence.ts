import type { Kysely } from 'kysely';

/**
 * Presence: when a user was last online, and whether their friends may see it at all
 * (online / last seen). Shown by default, as in Telegram; the user can hide it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('last_seen_at', 'bigint').execute();
  await db.schema
    .alterTable('users')
    .addColumn('show_presence', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('show_presence').execute();
  await db.schema.alterTable('users').dropColumn('last_seen_at').execute();
}
