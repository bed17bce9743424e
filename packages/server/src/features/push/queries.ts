import { sql } from 'kysely';
import type { Db } from '../../platform/db/database';
import type { PushSubscriptionsTable, PushVapidKeysTable } from '../../platform/db/schema';

export type SubscriptionRow = PushSubscriptionsTable;

// VAPID keys

export async function getVapidKeys(db: Db, name: string): Promise<PushVapidKeysTable | undefined> {
  return db.selectFrom('push_vapid_keys').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Inserts the pair unless one is there already (two nodes starting together keep the first). */
export async function insertVapidKeysIfAbsent(db: Db, row: PushVapidKeysTable): Promise<void> {
  await db
    .insertInto('push_vapid_keys')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/** Deletes the named pair (a rotation, which inserts the next one in the same transaction). */
export async function deleteVapidKeys(trx: Db, name: string): Promise<void> {
  await trx.deleteFrom('push_vapid_keys').where('name', '=', name).execute();
}

export async function insertVapidKeys(trx: Db, row: PushVapidKeysTable): Promise<void> {
  await trx.insertInto('push_vapid_keys').values(row).execute();
}

// Subscriptions

export async function getSubscriptionOfSession(
  db: Db,
  sessionId: string,
): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('push_subscriptions')
    .selectAll()
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
}

export async function getSubscriptionByEndpoint(
  db: Db,
  endpoint: string,
): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('push_subscriptions').selectAll().where('endpoint', '=', endpoint).executeTakeFirst();
}

export async function getSubscription(db: Db, id: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('push_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSubscriptionsOfUsers(
  db: Db,
  userIds: readonly string[],
): Promise<SubscriptionRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('push_subscriptions').selectAll().where('user_id', 'in', userIds).execute() as Promise<
    SubscriptionRow[]
  >;
}

/** Every user with a subscription (the set kept in memory, read at start). */
export async function listSubscribedUserIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('push_subscriptions').select('user_id').distinct().execute();
  return rows.map((r) => r.user_id);
}

export async function hasSubscription(db: Db, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('push_subscriptions')
    .select('id')
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The device's subscription replaced by this one. The endpoint is unique: a browser that
 * signed in again (a new session) brings the endpoint its old session had, which goes.
 */
export async function replaceSubscription(trx: Db, row: PushSubscriptionsTable): Promise<void> {
  await trx
    .deleteFrom('push_subscriptions')
    .where((eb) => eb.or([eb('endpoint', '=', row.endpoint), eb('session_id', '=', row.session_id)]))
    .execute();
  await trx.insertInto('push_subscriptions').values(row).execute();
}

export async function setHidePreview(db: Db, sessionId: string, hide: number, at: number): Promise<void> {
  await db
    .updateTable('push_subscriptions')
    .set({ hide_preview: hide, updated_at: at })
    .where('session_id', '=', sessionId)
    .execute();
}

/** Deletes the session's subscription; its user id when there was one. */
export async function deleteSubscriptionOfSession(db: Db, sessionId: string): Promise<string | undefined> {
  const row = await db
    .deleteFrom('push_subscriptions')
    .where('session_id', '=', sessionId)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Deletes a subscription the push service says is gone (only if it still has that endpoint). */
export async function deleteSubscription(db: Db, id: string, endpoint: string): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('id', '=', id).where('endpoint', '=', endpoint).execute();
}

/** Deletes every subscription (a key rotation); how many there were. */
export async function deleteAllSubscriptions(trx: Db): Promise<number> {
  const result = await trx.deleteFrom('push_subscriptions').executeTakeFirst();
  return Number(result.numDeletedRows);
}

// Pending counts

/** Adds `n` to what the device was pushed in the chat since it read it; the new count. */
export async function addPending(
  db: Db,
  subscriptionId: string,
  conversationId: string,
  n: number,
  at: number,
): Promise<number> {
  const row = await db
    .insertInto('push_pending')
    .values({ subscription_id: subscriptionId, conversation_id: conversationId, count: n, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['subscription_id', 'conversation_id']).doUpdateSet({
        count: sql<number>`push_pending.count + ${n}`,
        updated_at: at,
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Forgets what the user's devices were pushed in the chat; the subscriptions that had some. */
export async function clearPending(db: Db, userId: string, conversationId: string): Promise<string[]> {
  const rows = await db
    .deleteFrom('push_pending')
    .where('conversation_id', '=', conversationId)
    .where('subscription_id', 'in', (eb) =>
      eb.selectFrom('push_subscriptions').select('id').where('user_id', '=', userId),
    )
    .returning('subscription_id')
    .execute();
  return rows.map((r) => r.subscription_id);
}

/** Forgets every device's counts (a key rotation, with the subscriptions they belong to). */
export async function deleteAllPending(trx: Db): Promise<void> {
  await trx.deleteFrom('push_pending').execute();
}
