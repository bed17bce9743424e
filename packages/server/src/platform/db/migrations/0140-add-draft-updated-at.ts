import type { Kysely } from 'kysely';

/**
 * When a member's draft was last saved (server clock, ms). A device that kept a newer draft of
 * its own while the page closed compares it with this, so that the newest keystroke wins on
 * every device. Null for drafts saved before this column (they lose to any local edit).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversation_members').addColumn('draft_updated_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('conversation_members').dropColumn('draft_updated_at').execute();
}
