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
