import type { Db } from '../../platform/db/database';
import type { UsersTable } from '../../platform/db/schema';

export async function insertUser(db: Db, row: UsersTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function getUser(db: Db, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getUsers(db: Db, ids: readonly string[]): Promise<UsersTable[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

export async function findUserByUsername(db: Db, username: string): Promise<UsersTable | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('username_key', '=', username.toLowerCase())
    .executeTakeFirst();
}

export type UserChanges = Partial<
  Pick<
    UsersTable,
    'display_name' | 'signature' | 'discoverable' | 'avatar_id' | 'password_hash' | 'show_presence'
  >
>;

export async function updateUser(db: Db, id: string, changes: UserChanges, at: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...changes, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Records when the user was last online; not a profile change, so updated_at stays. */
export async function setLastSeen(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('users').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** Disables the account (at a time) or enables it again (null); operators only. */
export async function setDisabledAt(db: Db, id: string, at: number | null): Promise<void> {
  await db.updateTable('users').set({ disabled_at: at }).where('id', '=', id).execute();
}
