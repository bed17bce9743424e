import type { Logger } from 'pino';
import type { EventBus } from '../bus/eventBus';
import type { Config } from '../config';
import type { Db, Store } from '../db/database';
import type { MediaStorage } from '../media/storage';
import type { RateLimiter } from '../ratelimit/rateLimiter';

/**
 * What every domain gets from the platform: the store, the bus, limits, media storage and
 * settings. A domain's own services (chat's member directory, the presence tracker) are its
 * own, handed by its module to the code that needs them, never added here.
 */
export interface AppContext {
  config: Config;
  store: Store;
  db: Db;
  bus: EventBus;
  limiter: RateLimiter;
  media: MediaStorage;
  log: Logger;
  /** The clock, in UTC milliseconds; tests move it to expire requests and sessions. */
  now(): number;
}
