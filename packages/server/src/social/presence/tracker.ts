import type { Logger } from 'pino';

/**
 * Tells the user's friends what the tracker now knows: called after the user's first
 * connection opened or last one closed (`transition` true), or when their presence setting
 * changed (false). It reads the current state itself, so a late call never tells a stale one.
 */
export type PresenceAnnouncer = (userId: string, transition: boolean) => Promise<void>;

/**
 * Who is online: the gateway reports each connection that opens and closes; when a user's
 * first opens or last closes (across every node of a cluster), the announcer tells their
 * friends. Nothing is kept per connection (memory per idle connection is a budget). In one
 * process the counts live here (LocalPresence); in a cluster, in Redis (social/presence/redisPresence.ts).
 */
export interface PresenceTracker {
  /** A connection of the user opened (the gateway calls this once it is registered). */
  opened(userId: string): void;
  /** A connection of the user closed (once per connection that `opened` was told of). */
  closed(userId: string): void;
  /** Whether the user has a live connection anywhere. */
  isOnline(userId: string): Promise<boolean>;
  /** Queues an announcement about the user behind the ones still running. */
  announce(userId: string, transition: boolean): void;
  /** Stops announcing and waits for the announcements already queued (shutdown, before the store closes). */
  close(): Promise<void>;
}

/**
 * Runs announcements about one user one after another, so friends hear them in order even
 * when a device reconnects faster than the store answers.
 */
export class AnnouncementQueue {
  /** The tail of each user's announcements still running; removed when it drains. */
  private readonly queues = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly announcer: PresenceAnnouncer,
    private readonly log: Logger,
  ) {}

  announce(userId: string, transition: boolean): void {
    if (this.stopped) return;
    const before = this.queues.get(userId) ?? Promise.resolve();
    const next = before
      .then(() => this.announcer(userId, transition))
      .catch((error: unknown) => this.log.error({ err: error, userId }, 'presence announcement failed'))
      .finally(() => {
        if (this.queues.get(userId) === next) this.queues.delete(userId);
      });
    this.queues.set(userId, next);
  }

  async close(): Promise<void> {
    this.stopped = true;
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }
}

/** Presence in one process: a count of live connections per user. */
export class LocalPresence implements PresenceTracker {
  private readonly counts = new Map<string, number>();
  private readonly announcements: AnnouncementQueue;

  constructor(announcer: PresenceAnnouncer, log: Logger) {
    this.announcements = new AnnouncementQueue(announcer, log);
  }

  opened(userId: string): void {
    const n = (this.counts.get(userId) ?? 0) + 1;
    this.counts.set(userId, n);
    if (n === 1) this.announce(userId, true);
  }

  closed(userId: string): void {
    const n = (this.counts.get(userId) ?? 0) - 1;
    if (n > 0) {
      this.counts.set(userId, n);
      return;
    }
    this.counts.delete(userId);
    if (n === 0) this.announce(userId, true);
  }

  async isOnline(userId: string): Promise<boolean> {
    return this.counts.has(userId);
  }

  announce(userId: string, transition: boolean): void {
    this.announcements.announce(userId, transition);
  }

  async close(): Promise<void> {
    await this.announcements.close();
    this.counts.clear();
  }
}
