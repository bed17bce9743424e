import { sql } from 'kysely';
import type { Db } from '../../platform/db/database';
import { contentField, type DialectName } from '../../platform/db/dialect';
import type { ImagesTable } from '../../platform/db/schema';

export async function insertImage(db: Db, row: ImagesTable): Promise<void> {
  await db.insertInto('images').values(row).execute();
}

export async function getImage(db: Db, id: string): Promise<ImagesTable | undefined> {
  return db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The seqs of the conversation's messages that carry the image (one, or a few if its uploader
 * sent it again). Looked up by the index messages_image (migration 0130); the caller compares
 * them with what a member may see, outside the query, so that SQLite keeps to that index.
 */
export async function imageMessageSeqs(
  db: Db,
  dialect: DialectName,
  conversationId: string,
  imageId: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('messages')
    .select('seq')
    .where('conversation_id', '=', conversationId)
    // A literal, as a partial index needs.
    .where('kind', '=', sql.lit('image'))
    .where(contentField(dialect, 'imageId'), '=', imageId)
    .execute();
  return rows.map((r) => r.seq);
}
