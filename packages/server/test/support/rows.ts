import type { Db } from '../../src/platform/db/database';
import { newId } from '../../src/platform/ids';

/** A users row written straight into the store (storage-level tests have no server). */
export async function insertUserRow(db: Db, username: string, at: number): Promise<string> {
  const id = newId();
  await db
    .insertInto('users')
    .values({
      id,
      username,
      username_key: username.toLowerCase(),
      display_name: username,
      signature: '',
      password_hash: 'x',
      avatar_id: null,
      discoverable: 1,
      created_at: at,
      updated_at: at,
      disabled_at: null,
    })
    .execute();
  return id;
}
