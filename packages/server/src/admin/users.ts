import { randomBytes } from 'node:crypto';
import { DisplayName, isReservedUsername, Password, type SignOutReason, Username } from '@liao/protocol';
import type { z } from 'zod';
import { accountsQueries as accounts, hashPassword, insertAccount } from '../identity/accounts';
import { deleteAllSessions, publishSignOut } from '../identity/sessions';
import type { UsersTable } from '../platform/db/schema';
import { AppError, parseInput } from '../platform/errors';
import type { AdminTools } from './tools';

/** Where a new password comes from: stdin (--password-stdin) or, when null, generated. */
export type PasswordSource = (() => Promise<string>) | null;

export async function createUser(
  tools: AdminTools,
  username: string,
  displayName: string | undefined,
  password: PasswordSource,
): Promise<void> {
  checkInput('username', Username, username);
  if (isReservedUsername(username)) throw new AppError('USERNAME_RESERVED');
  const name = checkInput('display name', DisplayName, displayName ?? username);
  const { value, generated } = await choosePassword(password);
  const row = await insertAccount(
    tools.db,
    tools.config.passwordHash,
    { username, displayName: name, password: value },
    tools.now(),
  );
  tools.out.line(`Created ${row.username} (${row.id}).`);
  if (generated) tools.out.line(`Password: ${value}`);
}

/** Sets a new password and signs out every device, so that only the new one works. */
export async function resetPassword(
  tools: AdminTools,
  username: string,
  password: PasswordSource,
): Promise<void> {
  const user = await findUser(tools, username);
  const { value, generated } = await choosePassword(password);
  const hash = await hashPassword(value, tools.config.passwordHash);
  await accounts.updateUser(tools.db, user.id, { password_hash: hash }, tools.now());
  const signedOut = await signOutEverywhere(tools, user, 'operator');
  tools.out.line(`New password set for ${user.username}; ${signedOut} device(s) signed out.`);
  if (generated) tools.out.line(`Password: ${value}`);
}

/** Disabled: sign-in is refused with ACCOUNT_DISABLED and every device is signed out. */
export async function disableUser(tools: AdminTools, username: string): Promise<void> {
  const user = await findUser(tools, username);
  if (user.disabled_at === null) await accounts.setDisabledAt(tools.db, user.id, tools.now());
  const signedOut = await signOutEverywhere(tools, user, 'disabled');
  tools.out.line(`Disabled ${user.username}; ${signedOut} device(s) signed out.`);
}

export async function enableUser(tools: AdminTools, username: string): Promise<void> {
  const user = await findUser(tools, username);
  await accounts.setDisabledAt(tools.db, user.id, null);
  tools.out.line(`Enabled ${user.username}.`);
}

export async function findUser(tools: AdminTools, username: string): Promise<UsersTable> {
  const user = await accounts.findUserByUsername(tools.db, username);
  if (!user) throw new AppError('USER_NOT_FOUND', `No account is called ${username}.`);
  return user;
}

/** Deletes every session of the user and closes their sockets, saying why; returns how many. */
export async function signOutEverywhere(
  tools: AdminTools,
  user: UsersTable,
  reason: Extract<SignOutReason, 'operator' | 'disabled'>,
): Promise<number> {
  const removed = await deleteAllSessions(tools.db, user.id);
  await announceSignOut(tools, user.id, removed, reason);
  return removed.length;
}

/** Tells the nodes to close the sockets of these sessions. */
export async function announceSignOut(
  tools: AdminTools,
  userId: string,
  sessionIds: string[],
  reason: Extract<SignOutReason, 'operator' | 'disabled'>,
): Promise<void> {
  if (sessionIds.length === 0) return;
  await publishSignOut({ bus: await tools.bus() }, userId, sessionIds, { reason });
  if (!tools.config.redisUrl) {
    const seconds = Math.ceil(tools.config.sessionCheckMs / 1000);
    tools.out.note(`Without LIAO_REDIS_URL, a running node closes their connections within ${seconds} s.`);
  }
}

/** 18 random bytes: 24 characters that survive copying from a terminal. */
function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

async function choosePassword(source: PasswordSource): Promise<{ value: string; generated: boolean }> {
  if (!source) return { value: generatePassword(), generated: true };
  // One trailing line break is the end of the line typed or echoed, not part of the password.
  const value = (await source()).replace(/\r?\n$/, '');
  return { value: checkInput('password', Password, value), generated: false };
}

/** The protocol's rule for a field, its refusal naming the field (there is no JSON path here). */
function checkInput<S extends z.ZodType>(what: string, schema: S, value: unknown): z.output<S> {
  try {
    return parseInput(schema, value);
  } catch (error) {
    if (error instanceof AppError)
      throw new AppError(error.code, `The ${what} ${error.message.replace(/^input /, '')}`);
    throw error;
  }
}
