import type { Logger } from 'pino';
import type { MemberDirectory } from '../chat/conversations/memberDirectory';
import type { SendPermissions } from '../chat/conversations/sendPermissions';
import type { PresenceTracker } from '../social/presence/tracker';
import type { EventBus } from './bus/eventBus';
import type { Config } from './config';
import type { Db, Store } from './db/database';
import type { MediaStorage } from './media/storage';
import type { RateLimiter } from './ratelimit/rateLimiter';

/** What every domain gets: the store, the bus, limits and settings. Nothing else is shared. */
export interface AppContext {
  config: Config;
  store: Store;
  db: Db;
  bus: EventBus;
  limiter: RateLimiter;
  media: MediaStorage;
  /** Who is in each conversation, cached for fan-out. */
  members: MemberDirectory;
  /** Who was recently allowed to send where; dropped by the bus events that revoke it. */
  sendPermissions: SendPermissions;
  /** Who is online (has a live connection), for presence. */
  presence: PresenceTracker;
  log: Logger;
  /** The clock, in UTC milliseconds; tests move it to expire requests and sessions. */
  now(): number;
}
