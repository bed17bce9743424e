import type { Kysely } from 'kysely';

/**
 * A group call's SFU lives on one node: the first node that handles a participant's `call.sfu`
 * claims the call (UPDATE … WHERE host_node IS NULL), and every other node forwards its
 * participants' negotiation there over the bus. Null until then, and for one-to-one calls,
 * which never touch the SFU; existing rows stay valid as they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calls').addColumn('host_node', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calls').dropColumn('host_node').execute();
}
