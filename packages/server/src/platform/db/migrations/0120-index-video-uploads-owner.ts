import type { Kysely } from 'kysely';

/**
 * Unfinished uploads by owner: each new upload counts its owner's against the account's limits
 * (videos/uploadQuota.ts), which without this would read every upload in progress.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('video_uploads_owner').on('video_uploads').columns(['owner_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('video_uploads_owner').execute();
}
