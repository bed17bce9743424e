import type { Db } from '../db/database';
import type { ImagesTable } from '../db/schema';

export async function insertImage(db: Db, row: ImagesTable): Promise<void> {
  await db.insertInto('images').values(row).execute();
}

export async function getImage(db: Db, id: string): Promise<ImagesTable | undefined> {
  return db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
}
