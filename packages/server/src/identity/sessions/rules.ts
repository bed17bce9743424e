import type { Device, DeviceInfo, Platform, SignOutCause } from '@liao/protocol';
import type { Auth } from '../../platform/caller';
import type { AppContext } from '../../platform/context';
import type { SessionsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import * as q from './queries';
import { hashSessionToken, looksLikeSessionToken, newSessionToken } from './tokens';

export type { Auth } from '../../platform/caller';

/** A device unused this long is signed out; using it keeps it alive. */
export const SESSION_IDLE_LIMIT_MS = 180 * 24 * 60 * 60 * 1000;
/** last_active_at is written at most this often per session, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export function toDevice(row: SessionsTable, currentSessionId: string | null): Device {
  return {
    id: row.id,
    name: row.device_name,
    platform: row.platform as Platform,
    createdAt: row.created_at,
    lastActiveAt: row.last_active_at,
    current: row.id === currentSessionId,
  };
}

/** Makes a device session; the token is returned once and only its hash is stored. */
export async function doCreateSession(
  ctx: AppContext,
  userId: string,
  device: DeviceInfo,
  userAgent: string,
): Promise<{ token: string; device: Device }> {
  const { token, row } = newSession(ctx, userId, device, userAgent);
  await q.insertSession(ctx.db, row);
  return announceSession(ctx, token, row);
}

/**
 * Makes a session for a device that another of the account's sessions vouched for (the phone
 * that confirmed a QR sign-in), or refuses with `refusal` when the voucher is gone: signed
 * out, revoked, or its account disabled. The voucher's row is locked while the new one is
 * stored, so a sign-out lands wholly before (and this refuses) or after (and signs out a
 * session that already existed).
 */
export async function doCreateVouchedSession(
  ctx: AppContext,
  voucher: { userId: string; sessionId: string },
  device: DeviceInfo,
  userAgent: string,
  refusal: () => AppError,
): Promise<{ token: string; device: Device }> {
  const { token, row } = newSession(ctx, voucher.userId, device, userAgent);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await q.lockSession(trx, voucher.userId, voucher.sessionId))) throw refusal();
    if (await q.isAccountDisabled(trx, voucher.userId)) throw new AppError('ACCOUNT_DISABLED');
    await q.insertSession(trx, row);
  });
  return announceSession(ctx, token, row);
}

function newSession(
  ctx: AppContext,
  userId: string,
  device: DeviceInfo,
  userAgent: string,
): { token: string; row: SessionsTable } {
  const token = newSessionToken();
  const now = ctx.now();
  const row: SessionsTable = {
    id: newId(),
    user_id: userId,
    token_hash: hashSessionToken(token),
    device_name: device.name,
    platform: device.platform,
    user_agent: userAgent.slice(0, 256),
    created_at: now,
    last_active_at: now,
  };
  return { token, row };
}

/** The user's device lists learn of the new session; its token goes back to the caller alone. */
async function announceSession(
  ctx: AppContext,
  token: string,
  row: SessionsTable,
): Promise<{ token: string; device: Device }> {
  await ctx.bus.publish({ kind: 'event', userIds: [row.user_id], event: { type: 'devices.changed' } });
  return { token, device: toDevice(row, row.id) };
}

/** The session a token belongs to, or null for an unknown, idle-expired or disabled one. */
export async function authenticateToken(ctx: AppContext, token: string): Promise<Auth | null> {
  if (!looksLikeSessionToken(token)) return null;
  const row = await q.findSessionByTokenHash(ctx.db, hashSessionToken(token));
  if (!row || row.disabled_at !== null) return null;
  const now = ctx.now();
  if (now - row.last_active_at > SESSION_IDLE_LIMIT_MS) {
    const removed = await q.deleteSessions(ctx.db, row.user_id, [row.id]);
    await publishSignOut(ctx, row.user_id, removed, { reason: 'expired' });
    return null;
  }
  if (now - row.last_active_at > TOUCH_INTERVAL_MS) await q.touchSession(ctx.db, row.id, now);
  return { userId: row.user_id, sessionId: row.id, platform: row.platform as Platform };
}

export async function listDevices(ctx: AppContext, auth: Auth): Promise<Device[]> {
  const rows = await q.listSessions(ctx.db, auth.userId);
  return rows.map((r) => toDevice(r, auth.sessionId));
}

/** Signs out one of the user's own devices (this one included); another user's session is not found. */
export async function doSignOutDevice(ctx: AppContext, auth: Auth, sessionId: string): Promise<void> {
  const removed = await q.deleteSessions(ctx.db, auth.userId, [sessionId]);
  if (removed.length === 0) throw new AppError('SESSION_NOT_FOUND');
  const cause: SignOutCause =
    sessionId === auth.sessionId ? { reason: 'self' } : { reason: 'elsewhere', by: auth.platform };
  await publishSignOut(ctx, auth.userId, removed, cause);
}

/**
 * Signs out every device of the user but the one asking; returns how many. `reason` tells
 * them whether it was that alone or a new password.
 */
export async function doSignOutOthers(
  ctx: AppContext,
  auth: Auth,
  reason: 'elsewhere' | 'passwordChanged' = 'elsewhere',
): Promise<number> {
  const removed = await q.deleteSessionsExcept(ctx.db, auth.userId, auth.sessionId);
  await publishSignOut(ctx, auth.userId, removed, { reason, by: auth.platform });
  return removed.length;
}

/**
 * Closes the signed-out sessions' connections on every node, telling them the cause, and
 * refreshes the user's device lists.
 */
export async function publishSignOut(
  ctx: Pick<AppContext, 'bus'>,
  userId: string,
  sessionIds: string[],
  cause: SignOutCause,
): Promise<void> {
  if (sessionIds.length === 0) return;
  await ctx.bus.publish({ kind: 'sessions.revoked', sessionIds, cause });
  await ctx.bus.publish({ kind: 'event', userIds: [userId], event: { type: 'devices.changed' } });
}
