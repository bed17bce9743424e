import type { Kysely } from 'kysely';

/**
 * A request from someone the recipient has blocked is kept, but never shown to the recipient:
 * the sender must see it as an ordinary pending request and not learn of the block. A flag
 * rather than a status of its own, so that such a request lives the same life as any other
 * (pending, expired, cancelled) and the one-pending-per-direction index still covers it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('friend_requests')
    .addColumn('hidden_from_recipient', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The sender's own list ("outgoing"), newest first; incoming is served by friend_requests_to_user.
  await db.schema
    .createIndex('friend_requests_from_user')
    .on('friend_requests')
    .columns(['from_user_id', 'updated_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('friend_requests_from_user').execute();
  await db.schema.alterTable('friend_requests').dropColumn('hidden_from_recipient').execute();
}
