import { sql } from 'kysely';
import type { Db } from '../../platform/db/database';
import { contentField, type DialectName } from '../../platform/db/dialect';
import type { VideosTable, VideoUploadsTable } from '../../platform/db/schema';

export type VideoRow = Omit<VideosTable, 'progress'> & { progress: number };

export async function getVideo(db: Db, id: string): Promise<VideoRow | undefined> {
  return db.selectFrom('videos').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertVideo(db: Db, row: VideoRow): Promise<void> {
  await db.insertInto('videos').values(row).execute();
}

export type VideoChanges = Partial<
  Pick<VideoRow, 'caption' | 'visibility' | 'state' | 'progress' | 'error' | 'width' | 'height'>
>;

export async function updateVideo(db: Db, id: string, changes: VideoChanges, at: number): Promise<void> {
  await db
    .updateTable('videos')
    .set({ ...changes, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function deleteVideo(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('videos').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface Page {
  /** Ids are time-ordered: the page holds ids below this one. */
  before: string | undefined;
  limit: number;
}

/** The owner's videos in every state, newest first (one more than asked, to tell if more follow). */
export async function listOwnVideos(db: Db, ownerId: string, page: Page): Promise<VideoRow[]> {
  let query = db.selectFrom('videos').selectAll().where('owner_id', '=', ownerId);
  if (page.before) query = query.where('id', '<', page.before);
  return query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

/** A user's ready videos whose visibility is one of `visibilities`, newest first. */
export async function listVisibleVideos(
  db: Db,
  ownerId: string,
  visibilities: readonly string[],
  page: Page,
): Promise<VideoRow[]> {
  let query = db
    .selectFrom('videos')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('state', '=', 'ready')
    .where('visibility', 'in', visibilities);
  if (page.before) query = query.where('id', '<', page.before);
  return query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

/** Ready public and friends-only videos of the viewer's friends, newest first. */
export async function listFriendsVideos(db: Db, viewerId: string, page: Page): Promise<VideoRow[]> {
  let query = db
    .selectFrom('videos')
    .innerJoin('friendships', (join) =>
      join.onRef('friendships.friend_id', '=', 'videos.owner_id').on('friendships.user_id', '=', viewerId),
    )
    .selectAll('videos')
    .where('videos.state', '=', 'ready')
    .where('videos.visibility', 'in', ['public', 'friends']);
  if (page.before) query = query.where('videos.id', '<', page.before);
  return query
    .orderBy('videos.id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

/**
 * The video's messages in the chats it was shared into where the viewer is an active member:
 * each one's seq, with the first seq the viewer may see there (the caller compares them).
 * The seq is compared outside the query so that SQLite, which keeps no statistics here, looks
 * messages up by the index messages_video (migration 0130) rather than scanning the chat.
 */
export async function sharesSeenBy(
  db: Db,
  dialect: DialectName,
  videoId: string,
  viewerId: string,
): Promise<{ seq: number; first_seq: number }[]> {
  return db
    .selectFrom('video_shares as s')
    .innerJoin('conversation_members as cm', 'cm.conversation_id', 's.conversation_id')
    .innerJoin('messages as m', (join) =>
      join
        .onRef('m.conversation_id', '=', 's.conversation_id')
        // A literal, as a partial index needs.
        .on('m.kind', '=', sql.lit('video'))
        .on(contentField(dialect, 'videoId'), '=', videoId),
    )
    .select(['m.seq', 'cm.first_seq'])
    .where('s.video_id', '=', videoId)
    .where('cm.user_id', '=', viewerId)
    .where('cm.status', '=', 'active')
    .execute();
}

export async function insertUpload(db: Db, row: VideoUploadsTable): Promise<void> {
  await db.insertInto('video_uploads').values(row).execute();
}

/** How many unexpired uploads the owner has begun and not finished, and their declared bytes. */
export async function countOpenUploads(
  db: Db,
  ownerId: string,
  now: number,
): Promise<{ uploads: number; bytes: number }> {
  const row = await db
    .selectFrom('video_uploads')
    .select((eb) => [eb.fn.countAll().as('uploads'), eb.fn.sum<number | string | null>('length').as('bytes')])
    .where('owner_id', '=', ownerId)
    .where('expires_at', '>=', now)
    .executeTakeFirst();
  // PostgreSQL's count is a bigint and its sum a numeric: both arrive as text or number.
  return { uploads: Number(row?.uploads ?? 0), bytes: Number(row?.bytes ?? 0) };
}

export async function getUpload(db: Db, id: string): Promise<VideoUploadsTable | undefined> {
  return db.selectFrom('video_uploads').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Removes the rows of uploads that expired before `now` and returns their ids. One statement,
 * so that when several nodes sweep at once each expired upload is taken by exactly one.
 */
export async function takeExpiredUploads(db: Db, now: number): Promise<string[]> {
  const rows = await db.deleteFrom('video_uploads').where('expires_at', '<', now).returning('id').execute();
  return rows.map((row) => row.id);
}

export async function deleteUpload(db: Db, id: string): Promise<void> {
  await db.deleteFrom('video_uploads').where('id', '=', id).execute();
}
