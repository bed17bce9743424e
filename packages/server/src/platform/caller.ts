import type { Platform } from '@liao/protocol';

/** Who made a request: the account and the device session (identity/sessions proves it). */
export interface Auth {
  userId: string;
  sessionId: string;
  platform: Platform;
}

/** Who made a request, and over which socket connection when it came over one. */
export interface Caller extends Auth {
  connId?: string;
}
