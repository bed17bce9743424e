import { type Kysely, sql } from 'kysely';
import { contentField, dialectOf } from '../dialect';

/*
 * Image and video messages by the media they carry, within a conversation, so that serving an
 * image or a shared video can ask "is there a message carrying it that this member may see?"
 * (at or after the seq they joined at) with one index probe rather than a scan of the chat.
 * Partial: only image (video) messages are in each, and queries say kind = 'image' ('video')
 * as a literal, which is what lets SQLite and PostgreSQL use a partial index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  await sql`create index messages_image on messages (conversation_id, ${contentField(dialect, 'imageId')})
    where kind = 'image'`.execute(db);
  await sql`create index messages_video on messages (conversation_id, ${contentField(dialect, 'videoId')})
    where kind = 'video'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_video').execute();
  await db.schema.dropIndex('messages_image').execute();
}
