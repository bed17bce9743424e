import { z } from 'zod';
import { Me } from './accounts';
import { Id, Platform, Timestamp } from './common';

/** One signed-in device of the user. */
export const Device = z.object({
  id: Id,
  name: z.string(),
  platform: Platform,
  createdAt: Timestamp,
  lastActiveAt: Timestamp,
  /** True for the device that made this request. */
  current: z.boolean(),
});
export type Device = z.infer<typeof Device>;

export const AuthResult = z.object({
  user: Me,
  device: Device,
  /** Present only when the token was asked for in the body (`transport: 'bearer'`). */
  token: z.string().optional(),
});
export type AuthResult = z.infer<typeof AuthResult>;

export const DeviceList = z.object({ devices: z.array(Device) });
export type DeviceList = z.infer<typeof DeviceList>;

export const SessionIdParams = z.strictObject({ sessionId: Id });

/** Name of the HttpOnly cookie that carries the session token in browsers. */
export const SESSION_COOKIE = 'liao_session';

/**
 * Why the server ended a session that had a live connection. The gateway closes the socket
 * with CloseCodes.SESSION_REVOKED and the cause in the close reason (signOutCloseReason), so
 * that the device can tell the person what happened rather than just "signed out".
 */
export const SignOutReason = z.enum([
  /** This very session signed itself out (another tab of the same browser hears it so). */
  'self',
  /** Another of the account's devices signed this one out (its device list, "sign out the others"). */
  'elsewhere',
  /** The password was changed on another device, which signs out all the others. */
  'passwordChanged',
  /** Unused for longer than the server keeps an idle session. */
  'expired',
  /** The operator disabled the account. */
  'disabled',
  /** The operator signed this device out (revoked it, or reset the password). */
  'operator',
]);
export type SignOutReason = z.infer<typeof SignOutReason>;

/** A sign-out's cause and, when another device did it, what kind of device that was. */
export interface SignOutCause {
  reason: SignOutReason;
  by?: Platform | undefined;
}

/** The close reason for a SESSION_REVOKED close: "elsewhere phone", "expired" (at most 123 bytes). */
export function signOutCloseReason(cause: SignOutCause): string {
  return cause.by ? `${cause.reason} ${cause.by}` : cause.reason;
}

/**
 * The cause in a SESSION_REVOKED close reason, or null when it names none (a server from
 * before causes were sent, or one that could not tell why the session went).
 */
export function parseSignOutCloseReason(text: string): SignOutCause | null {
  const [reasonText, byText, ...rest] = text.split(' ');
  const reason = SignOutReason.safeParse(reasonText);
  if (!reason.success || rest.length > 0) return null;
  if (byText === undefined) return { reason: reason.data };
  const by = Platform.safeParse(byText);
  return by.success ? { reason: reason.data, by: by.data } : null;
}
