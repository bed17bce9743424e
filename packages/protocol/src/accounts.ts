import { z } from 'zod';
import { Id, Platform, Timestamp } from './common';
import { safeText } from './text';

/**
 * Names that would let an account pass for the system or for staff. Compared without case,
 * and also after removing `_` and `.`, so that "ad.min" is refused too.
 */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  'admin',
  'administrator',
  'root',
  'system',
  'liao',
  'support',
  'help',
  'official',
  'staff',
  'moderator',
  'mod',
  'security',
  'service',
  'null',
  'undefined',
  'anonymous',
  'everyone',
  'all',
  'here',
  'bot',
  'api',
  'www',
  'mail',
  'me',
  'you',
  'team',
  'notice',
  'notifications',
]);

export function isReservedUsername(username: string): boolean {
  const key = username.toLowerCase();
  return RESERVED_USERNAMES.has(key) || RESERVED_USERNAMES.has(key.replace(/[_.]/g, ''));
}

/** 3–32 characters of a–z, 0–9, `_` and `.`, starting with a letter; unique without case. */
export const Username = z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{2,31}$/, {
  message: 'must be 3–32 letters, digits, _ or ., starting with a letter',
});

export const DisplayName = safeText({ min: 1, max: 32 });
export const Signature = safeText({ min: 0, max: 60, allowEmpty: true });
/** 8 or more characters; capped so that hashing cannot be used to burn CPU. */
export const Password = z.string().min(8, { message: 'must be at least 8 characters' }).max(256);

export const DeviceInfo = z.strictObject({
  name: safeText({ min: 1, max: 64 }),
  platform: Platform,
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

/** How the new session's token is handed over: a HttpOnly cookie (browsers) or in the body (SDK in Node). */
export const TokenTransport = z.enum(['cookie', 'bearer']);

export const RegisterBody = z.strictObject({
  username: Username,
  password: Password,
  displayName: DisplayName,
  device: DeviceInfo.optional(),
  transport: TokenTransport.default('cookie'),
});
export type RegisterBody = z.input<typeof RegisterBody>;

/** Whether anyone may make an account here by signing up (the operator's LIAO_REGISTRATION). */
export const RegistrationInfo = z.object({ open: z.boolean() });
export type RegistrationInfo = z.infer<typeof RegistrationInfo>;

export const SignInBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  device: DeviceInfo.optional(),
  transport: TokenTransport.default('cookie'),
});
export type SignInBody = z.input<typeof SignInBody>;

/** What anyone allowed to see a user sees. */
export const PublicUser = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  signature: z.string(),
  avatarUrl: z.string().nullable(),
});
export type PublicUser = z.infer<typeof PublicUser>;

/** The signed-in user's own profile and settings. */
export const Me = PublicUser.extend({
  discoverable: z.boolean(),
  /** Friends see whether the user is online and when they were last seen (true unless hidden). */
  showPresence: z.boolean().default(true),
  createdAt: Timestamp,
});
export type Me = z.infer<typeof Me>;

export const UpdateProfileBody = z
  .strictObject({
    displayName: DisplayName.optional(),
    signature: Signature.optional(),
    /** "Find me by username": when false, search by username does not find this account. */
    discoverable: z.boolean().optional(),
    /** When false, friends see neither whether the user is online nor when they were last seen. */
    showPresence: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateProfileBody = z.input<typeof UpdateProfileBody>;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
});
export type ChangePasswordBody = z.input<typeof ChangePasswordBody>;

export const UserIdParams = z.strictObject({ userId: Id });
