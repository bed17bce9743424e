import './busMessages';
import type { EventBus } from '../../platform/bus/eventBus';
import type { Db } from '../../platform/db/database';
import * as q from './queries';

/**
 * The users who have a push subscription, kept in memory on every node: the send path asks it
 * about each stored message's recipients, so that a message to people without one costs no
 * write (the benchmark sends thousands a second). Kept in step through the bus; read again
 * from the store after a gap. It may hold a user whose last subscription went with a signed-out
 * session (a cascade the bus does not hear of): a push job then finds no device, and drops them.
 */
export class Subscribers {
  private users = new Set<string>();
  private readonly stopBus: () => void;
  private readonly stopGapWatch: () => void;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {
    this.stopBus = bus.subscribe((message) => {
      if (message.kind !== 'push.subscribers') return;
      if (message.subscribed) this.users.add(message.userId);
      else this.users.delete(message.userId);
    });
    this.stopGapWatch = bus.onGap(() => void this.load().catch(() => undefined));
  }

  /** Reads the set from the store (at start, and after the bus may have lost messages). */
  async load(): Promise<void> {
    this.users = new Set(await q.listSubscribedUserIds(this.db));
  }

  /** Whether no one has a subscription: the send path's cheapest answer. */
  get empty(): boolean {
    return this.users.size === 0;
  }

  has(userId: string): boolean {
    return this.users.has(userId);
  }

  /** The user subscribed a device: every node hears of it. */
  async added(userId: string): Promise<void> {
    this.users.add(userId);
    await this.bus.publish({ kind: 'push.subscribers', userId, subscribed: true });
  }

  /** A subscription of the user went: if it was their last, every node forgets them. */
  async maybeRemoved(userId: string): Promise<void> {
    if (await q.hasSubscription(this.db, userId)) return;
    this.users.delete(userId);
    await this.bus.publish({ kind: 'push.subscribers', userId, subscribed: false });
  }

  close(): void {
    this.stopBus();
    this.stopGapWatch();
    this.users.clear();
  }
}
