import {
  type ChangePasswordBody,
  type Device,
  type DeviceInfo,
  isReservedUsername,
  type Me,
  type RegisterBody,
  type SignInBody,
  type UpdateProfileBody,
} from '@liao/protocol';
import type { z } from 'zod';
import type { Config } from '../../platform/config';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/database';
import { fromBool, isUniqueViolation } from '../../platform/db/dialect';
import type { UsersTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { enforce } from '../../platform/ratelimit/enforce';
import type { Auth } from '../sessions';
import { doCreateSession, doSignOutOthers } from '../sessions';
import { doRemoveAvatar, doStoreAvatar } from './avatars';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords';
import { toMe } from './present';
import type { ProfileHooks } from './profileHooks';
import type { UserChanges } from './queries';
import * as q from './queries';

/** Where a request came from, for rate limits and the device list. */
export interface Caller {
  ip: string;
  userAgent: string;
  device: DeviceInfo;
}

export interface SignedIn {
  user: Me;
  device: Device;
  token: string;
}

export async function doRegister(
  ctx: AppContext,
  body: z.output<typeof RegisterBody>,
  caller: Caller,
): Promise<SignedIn> {
  // First of all: a closed server says so, whatever was typed.
  if (ctx.config.registration === 'closed') throw new AppError('REGISTRATION_CLOSED');
  if (isReservedUsername(body.username)) throw new AppError('USERNAME_RESERVED');
  enforce(await ctx.limiter.hit(`register:addr:${caller.ip}`, ctx.config.rateLimits.registrationsPerAddress));
  const row = await insertAccount(ctx.db, ctx.config.passwordHash, body, ctx.now());
  const session = await doCreateSession(ctx, row.id, caller.device, caller.userAgent);
  return { user: toMe(row), ...session };
}

/**
 * Stores a new account with its password hashed (registration, and operators through the
 * admin command line). Callers check the name is not reserved; a taken one is USERNAME_TAKEN.
 */
export async function insertAccount(
  db: Db,
  cost: Config['passwordHash'],
  fields: { username: string; displayName: string; password: string },
  now: number,
): Promise<UsersTable> {
  if (await q.findUserByUsername(db, fields.username)) throw new AppError('USERNAME_TAKEN');
  const row: UsersTable = {
    id: newId(),
    username: fields.username,
    username_key: fields.username.toLowerCase(),
    display_name: fields.displayName,
    signature: '',
    password_hash: await hashPassword(fields.password, cost),
    avatar_id: null,
    discoverable: 1,
    created_at: now,
    updated_at: now,
    disabled_at: null,
    last_seen_at: null,
    show_presence: 1,
  };
  try {
    await q.insertUser(db, row);
  } catch (error) {
    // Two registrations raced for the same name: the store's unique key decides.
    if (isUniqueViolation(error)) throw new AppError('USERNAME_TAKEN');
    throw error;
  }
  return row;
}

/**
 * Checks a username and password. Every attempt counts against the account and the address
 * before the password is checked, so that parallel guesses cannot slip past the limit; a
 * correct password takes its attempt back. The error never says whether the username
 * exists, and an unknown name costs the same time as a wrong password.
 */
export async function doSignIn(
  ctx: AppContext,
  body: z.output<typeof SignInBody>,
  caller: Caller,
): Promise<SignedIn> {
  const limits = ctx.config.rateLimits;
  const accountKey = `signin:acct:${body.username.toLowerCase()}`;
  const addressKey = `signin:addr:${caller.ip}`;
  const byAccount = await ctx.limiter.hit(accountKey, limits.signInFailuresPerAccount);
  const byAddress = await ctx.limiter.hit(addressKey, limits.signInFailuresPerAddress);
  enforce(byAccount);
  enforce(byAddress);

  const row = await q.findUserByUsername(ctx.db, body.username);
  if (!row) await verifyAgainstDummy(body.password, ctx.config.passwordHash);
  if (!row || !(await verifyPassword(row.password_hash, body.password))) {
    throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password.');
  }
  if (row.disabled_at !== null) throw new AppError('ACCOUNT_DISABLED');
  await ctx.limiter.reset(accountKey);
  await ctx.limiter.release(addressKey);
  const session = await doCreateSession(ctx, row.id, caller.device, caller.userAgent);
  return { user: toMe(row), ...session };
}

export async function getMe(ctx: AppContext, auth: Auth): Promise<Me> {
  const row = await q.getUser(ctx.db, auth.userId);
  if (!row) throw new AppError('UNAUTHENTICATED');
  return toMe(row);
}

export async function doUpdateProfile(
  ctx: AppContext,
  hooks: ProfileHooks,
  auth: Auth,
  body: UpdateProfileBody,
): Promise<Me> {
  const changes: UserChanges = {};
  if (body.displayName !== undefined) changes.display_name = body.displayName;
  if (body.signature !== undefined) changes.signature = body.signature;
  if (body.discoverable !== undefined) changes.discoverable = fromBool(body.discoverable);
  if (body.showPresence !== undefined) changes.show_presence = fromBool(body.showPresence);
  return applyProfileChange(ctx, hooks, auth.userId, changes, body.showPresence !== undefined);
}

/** Stores a new avatar (checked and re-encoded) and drops the old one. */
export async function doSetAvatar(
  ctx: AppContext,
  hooks: ProfileHooks,
  auth: Auth,
  image: Buffer,
): Promise<Me> {
  const before = await q.getUser(ctx.db, auth.userId);
  if (!before) throw new AppError('UNAUTHENTICATED');
  const avatarId = await doStoreAvatar(ctx, auth.userId, image);
  const me = await applyProfileChange(ctx, hooks, auth.userId, { avatar_id: avatarId }, false);
  if (before.avatar_id) await doRemoveAvatar(ctx, before.avatar_id);
  return me;
}

/** Stores the change, tells the user's devices, then whoever registered for profile changes. */
async function applyProfileChange(
  ctx: AppContext,
  hooks: ProfileHooks,
  userId: string,
  changes: UserChanges,
  presenceSettingChanged: boolean,
): Promise<Me> {
  await q.updateUser(ctx.db, userId, changes, ctx.now());
  const row = await q.getUser(ctx.db, userId);
  if (!row) throw new AppError('UNAUTHENTICATED');
  const me = toMe(row);
  await ctx.bus.publish({ kind: 'event', userIds: [userId], event: { type: 'me.updated', user: me } });
  await hooks.run({ user: row, presenceSettingChanged });
  return me;
}

/** Changes the password after checking the current one, and signs out every other device. */
export async function doChangePassword(
  ctx: AppContext,
  auth: Auth,
  body: ChangePasswordBody,
): Promise<number> {
  const accountKey = `password:acct:${auth.userId}`;
  enforce(await ctx.limiter.hit(accountKey, ctx.config.rateLimits.signInFailuresPerAccount));
  const row = await q.getUser(ctx.db, auth.userId);
  if (!row) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(row.password_hash, body.currentPassword))) {
    throw new AppError('WRONG_PASSWORD', 'The current password is wrong.');
  }
  await ctx.limiter.reset(accountKey);
  const passwordHash = await hashPassword(body.newPassword, ctx.config.passwordHash);
  await q.updateUser(ctx.db, auth.userId, { password_hash: passwordHash }, ctx.now());
  return doSignOutOthers(ctx, auth, 'passwordChanged');
}
