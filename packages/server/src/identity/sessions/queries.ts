import type { Db } from '../../platform/db/database';
import type { SessionsTable } from '../../platform/db/schema';

export async function insertSession(db: Db, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The session with this token hash and whether its account is disabled. */
export async function findSessionByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.last_active_at',
      'sessions.platform',
      'users.disabled_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function listSessions(db: Db, userId: string): Promise<SessionsTable[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('last_active_at', 'desc')
    .execute();
}

export async function getSession(db: Db, userId: string, sessionId: string) {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
}

/** Deletes the user's sessions with these ids; returns the ids that existed. */
export async function deleteSessions(db: Db, userId: string, sessionIds: string[]): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const rows = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', 'in', sessionIds)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Deletes every session of the user except one; returns the ids deleted. */
export async function deleteSessionsExcept(db: Db, userId: string, keepId: string): Promise<string[]> {
  const rows = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', '!=', keepId)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Locks one of the user's sessions until the transaction ends; false when it does not exist. */
export async function lockSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const row = await db
    .updateTable('sessions')
    .set((eb) => ({ last_active_at: eb.ref('last_active_at') }))
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the account is disabled (or gone). */
export async function isAccountDisabled(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('disabled_at').where('id', '=', userId).executeTakeFirst();
  return row?.disabled_at !== null;
}

export async function touchSession(db: Db, sessionId: string, at: number): Promise<void> {
  await db.updateTable('sessions').set({ last_active_at: at }).where('id', '=', sessionId).execute();
}

/** A session by its id alone, whoever it belongs to (the admin command line). */
export async function getSessionById(db: Db, sessionId: string): Promise<SessionsTable | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
}

/** Deletes every session of the user; returns the ids deleted. */
export async function deleteAllSessions(db: Db, userId: string): Promise<string[]> {
  const rows = await db.deleteFrom('sessions').where('user_id', '=', userId).returning('id').execute();
  return rows.map((r) => r.id);
}

/** Of these accounts, the ones that are disabled. */
export async function findDisabledUserIds(db: Db, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', userIds)
    .where('disabled_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Of these session ids, the ones that still exist and whose account is not disabled. */
export async function findLiveSessionIds(db: Db, sessionIds: readonly string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select('sessions.id')
    .where('sessions.id', 'in', sessionIds)
    .where('users.disabled_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}
