import type { Db } from '../../platform/db/database';
import type { VideoRow } from './queries';

/** The videos among these ids that still exist (deleted ones are simply missing). */
export async function videosByIds(db: Db, ids: readonly string[]): Promise<VideoRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('videos')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
}
