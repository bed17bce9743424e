import type { Db } from '../../platform/db/database';
import type { CallParticipantsTable, CallsTable } from '../../platform/db/schema';

// Calls

export async function insertCall(trx: Db, row: CallsTable): Promise<void> {
  await trx.insertInto('calls').values(row).execute();
}

export async function getCall(db: Db, callId: string): Promise<CallsTable | undefined> {
  return db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst();
}

/** The call running in a conversation, if any (at most one: calls_running). */
export async function runningCallOf(db: Db, conversationId: string): Promise<CallsTable | undefined> {
  return db
    .selectFrom('calls')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

/** The calls running in the conversations the user is an active member of. */
export async function runningCallsOfMember(db: Db, userId: string): Promise<CallsTable[]> {
  return db
    .selectFrom('calls as c')
    .innerJoin('conversation_members as m', 'm.conversation_id', 'c.conversation_id')
    .selectAll('c')
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .where('c.ended_at', 'is', null)
    .execute();
}

/** Marks the call answered (once: the first answer's time stays). */
export async function markAnswered(trx: Db, callId: string, at: number): Promise<void> {
  await trx
    .updateTable('calls')
    .set({ answered_at: at })
    .where('id', '=', callId)
    .where('answered_at', 'is', null)
    .execute();
}

/** Ends the call unless it already ended; whether this call ended it. */
export async function endCall(
  trx: Db,
  callId: string,
  at: number,
  reason: NonNullable<CallsTable['end_reason']>,
): Promise<boolean> {
  const result = await trx
    .updateTable('calls')
    .set({ ended_at: at, end_reason: reason })
    .where('id', '=', callId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await trx
    .updateTable('call_participants')
    .set({ left_at: at })
    .where('call_id', '=', callId)
    .where('left_at', 'is', null)
    .execute();
  await trx.deleteFrom('call_ringing').where('call_id', '=', callId).execute();
  return true;
}

// Participants

export async function insertParticipant(trx: Db, row: CallParticipantsTable): Promise<void> {
  await trx.insertInto('call_participants').values(row).execute();
}

/** Everyone still in the call, in the order they joined. */
export async function participantsOf(db: Db, callId: string): Promise<CallParticipantsTable[]> {
  return db
    .selectFrom('call_participants')
    .selectAll()
    .where('call_id', '=', callId)
    .where('left_at', 'is', null)
    .orderBy('joined_at')
    .orderBy('id')
    .execute();
}

/** Everyone who was ever in the call (for its line: who took part). */
export async function everyoneWhoJoined(db: Db, callId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('call_participants')
    .select('user_id')
    .distinct()
    .where('call_id', '=', callId)
    .execute();
  return rows.map((r) => r.user_id);
}

/** The device's place in a call it has not left. */
export async function participantOfSession(
  db: Db,
  callId: string,
  sessionId: string,
): Promise<CallParticipantsTable | undefined> {
  return db
    .selectFrom('call_participants')
    .selectAll()
    .where('call_id', '=', callId)
    .where('session_id', '=', sessionId)
    .where('left_at', 'is', null)
    .executeTakeFirst();
}

/** The calls this device is in (at most one; the list makes a drop's clean-up simple). */
export async function callsOfSession(db: Db, sessionId: string): Promise<CallParticipantsTable[]> {
  return db
    .selectFrom('call_participants')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('left_at', 'is', null)
    .execute();
}

/** Of these users, those in a call now. */
export async function usersInCalls(db: Db, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('call_participants')
    .select('user_id')
    .where('user_id', 'in', userIds)
    .where('left_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Whether a device left the call because it dropped and did not come back (left while disconnected). */
export async function someoneDroppedOut(db: Db, callId: string): Promise<boolean> {
  const row = await db
    .selectFrom('call_participants')
    .select('id')
    .where('call_id', '=', callId)
    .where('left_at', 'is not', null)
    .where('disconnected_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function leave(trx: Db, participantId: string, at: number): Promise<void> {
  await trx
    .updateTable('call_participants')
    .set({ left_at: at })
    .where('id', '=', participantId)
    .where('left_at', 'is', null)
    .execute();
}

/** Takes out of the call those of these users still in it; how many there were. */
export async function removeUsers(
  trx: Db,
  callId: string,
  userIds: readonly string[],
  at: number,
): Promise<number> {
  if (userIds.length === 0) return 0;
  const result = await trx
    .updateTable('call_participants')
    .set({ left_at: at })
    .where('call_id', '=', callId)
    .where('user_id', 'in', userIds)
    .where('left_at', 'is', null)
    .executeTakeFirst();
  await trx
    .deleteFrom('call_ringing')
    .where('call_id', '=', callId)
    .where('user_id', 'in', userIds)
    .execute();
  return Number(result.numUpdatedRows);
}

export async function setMedia(
  db: Db,
  participantId: string,
  media: { audio: boolean; video: boolean; screen: boolean },
): Promise<void> {
  await db
    .updateTable('call_participants')
    .set({ audio: media.audio ? 1 : 0, video: media.video ? 1 : 0, screen: media.screen ? 1 : 0 })
    .where('id', '=', participantId)
    .execute();
}

export async function setDisconnected(db: Db, participantId: string, at: number | null): Promise<void> {
  await db
    .updateTable('call_participants')
    .set({ disconnected_at: at })
    .where('id', '=', participantId)
    .execute();
}

// Ringing

export async function insertRinging(trx: Db, callId: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await trx
    .insertInto('call_ringing')
    .values(userIds.map((user_id) => ({ call_id: callId, user_id })))
    .execute();
}

export async function ringingOf(db: Db, callId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('call_ringing')
    .select('user_id')
    .where('call_id', '=', callId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** Stops ringing this user; whether they were being rung. */
export async function stopRinging(trx: Db, callId: string, userId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('call_ringing')
    .where('call_id', '=', callId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function stopAllRinging(trx: Db, callId: string): Promise<void> {
  await trx.deleteFrom('call_ringing').where('call_id', '=', callId).execute();
}

/**
 * Claims the call's SFU for `node` unless another node holds it, and returns the node that
 * hosts it now: the update alone cannot tell a lost race from a win on every dialect.
 */
export async function claimHost(db: Db, callId: string, node: string): Promise<string | null> {
  await db
    .updateTable('calls')
    .set({ host_node: node })
    .where('id', '=', callId)
    .where('host_node', 'is', null)
    .where('ended_at', 'is', null)
    .execute();
  const row = await db.selectFrom('calls').select('host_node').where('id', '=', callId).executeTakeFirst();
  return row?.host_node ?? null;
}
