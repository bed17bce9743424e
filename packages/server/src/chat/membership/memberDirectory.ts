import './busMessages';
import type { EventBus } from '../../platform/bus/eventBus';
import type { Db } from '../../platform/db/database';
import { listActiveMemberIds } from './queries';

/** Conversations whose member lists are kept; the least recently used fall out past this. */
const MAX_CACHED = 20_000;

/**
 * Who is in each conversation, cached for fan-out: a group's message is written once and the
 * gateway delivers it to the members' live connections from here. Any change to a member list
 * is announced on the bus ('members.changed'), and every node forgets that entry.
 */
export class MemberDirectory {
  private readonly cache = new Map<string, readonly string[]>();
  /**
   * Counts invalidations: a list read from the store while one happened may predate the
   * change it announced, so it is returned but not kept.
   */
  private invalidations = 0;
  private readonly unsubscribe: () => void;
  private readonly stopGapWatch: () => void;

  constructor(
    private readonly db: Db,
    bus: EventBus,
  ) {
    this.unsubscribe = bus.subscribe((message) => {
      if (message.kind !== 'members.changed') return;
      this.invalidations++;
      this.cache.delete(message.conversationId);
    });
    // Missed bus messages may have announced any change: every list is read again.
    this.stopGapWatch = bus.onGap(() => this.clear());
  }

  /** Forgets every cached list. */
  clear(): void {
    this.invalidations++;
    this.cache.clear();
  }

  /** The active members if cached, without waiting. */
  peek(conversationId: string): readonly string[] | undefined {
    const ids = this.cache.get(conversationId);
    if (ids) {
      // Re-insert to mark as recently used (a Map keeps insertion order).
      this.cache.delete(conversationId);
      this.cache.set(conversationId, ids);
    }
    return ids;
  }

  /** The active members, from the cache or the store. */
  async get(conversationId: string): Promise<readonly string[]> {
    const cached = this.peek(conversationId);
    if (cached) return cached;
    const before = this.invalidations;
    const ids = await listActiveMemberIds(this.db, conversationId);
    if (this.invalidations !== before) return ids;
    this.cache.set(conversationId, ids);
    if (this.cache.size > MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return ids;
  }

  close(): void {
    this.unsubscribe();
    this.stopGapWatch();
    this.cache.clear();
  }
}
