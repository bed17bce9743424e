import './busMessages';
import type { BusMessage, EventBus } from '../../platform/bus/eventBus';

/** A safety net: even without an invalidating event, a permission is checked again after this. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;

/**
 * Remembers who may send to which conversation, so that a send costs no reads once allowed.
 * Every change that can take the right away travels on the bus and drops the entries it
 * concerns, on every node: a member list change (the conversation's entries), a friendship
 * ending or a block (every entry of both users involved).
 */
export class SendPermissions {
  private readonly allowed = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly stopGapWatch: () => void;

  constructor(bus: EventBus) {
    this.unsubscribe = bus.subscribe((message) => this.onBus(message));
    // Missed bus messages may have taken any right away: every one is checked again.
    this.stopGapWatch = bus.onGap(() => this.clear());
  }

  /** Whether the sender was recently found allowed to send here. */
  has(conversationId: string, senderId: string): boolean {
    const key = `${conversationId}:${senderId}`;
    const until = this.allowed.get(key);
    if (until === undefined) return false;
    if (until < Date.now()) {
      this.allowed.delete(key);
      return false;
    }
    return true;
  }

  /** Records that the sender may send here (after a full check). */
  remember(conversationId: string, senderId: string): void {
    if (this.allowed.size >= MAX_ENTRIES) this.allowed.clear();
    this.allowed.set(`${conversationId}:${senderId}`, Date.now() + TTL_MS);
  }

  /** Forgets every remembered permission. */
  clear(): void {
    this.allowed.clear();
  }

  close(): void {
    this.unsubscribe();
    this.stopGapWatch();
    this.allowed.clear();
  }

  private onBus(message: BusMessage): void {
    if (message.kind === 'members.changed') {
      this.dropWhere((key) => key.startsWith(`${message.conversationId}:`));
      return;
    }
    if (message.kind !== 'event') return;
    const { event } = message;
    if (event.type === 'friend.removed' || event.type === 'block.updated') {
      const users = new Set(message.userIds);
      users.add(event.type === 'friend.removed' ? event.userId : event.user.id);
      this.dropWhere((key) => users.has(key.slice(key.indexOf(':') + 1)));
    }
  }

  private dropWhere(match: (key: string) => boolean): void {
    for (const key of this.allowed.keys()) if (match(key)) this.allowed.delete(key);
  }
}
