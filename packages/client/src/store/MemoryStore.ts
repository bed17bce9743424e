import type { Message } from '@liao/protocol';
import type { LocalStore, MessageQuery, OutboxItem, StoredConversation } from './types';

/** Everything a MemoryStore holds, as plain data (what FileStore writes to disk). */
export interface MemorySnapshot {
  version: 1;
  owner: string | null;
  cursor: number | null;
  conversations: StoredConversation[];
  messages: Message[];
  outbox: OutboxItem[];
}

/**
 * A LocalStore in memory: for Node (tests, bots, the benchmark) and as the base of FileStore.
 * Objects put in are kept as they are; callers treat stored objects as immutable.
 */
export class MemoryStore implements LocalStore {
  protected owner: string | null = null;
  protected cursor: number | null = null;
  protected readonly conversations = new Map<string, StoredConversation>();
  /** Per conversation, messages sorted by seq. */
  protected readonly messages = new Map<string, Message[]>();
  protected readonly outbox = new Map<string, OutboxItem>();

  async open(): Promise<void> {}

  async close(): Promise<void> {}

  async clear(): Promise<void> {
    this.owner = null;
    this.cursor = null;
    this.conversations.clear();
    this.messages.clear();
    this.outbox.clear();
    await this.changed();
  }

  async clearSyncState(): Promise<void> {
    this.cursor = null;
    this.conversations.clear();
    this.messages.clear();
    await this.changed();
  }

  async getOwner(): Promise<string | null> {
    return this.owner;
  }

  async setOwner(userId: string): Promise<void> {
    this.owner = userId;
    await this.changed();
  }

  async getSyncCursor(): Promise<number | null> {
    return this.cursor;
  }

  async setSyncCursor(cursor: number): Promise<void> {
    this.cursor = cursor;
    await this.changed();
  }

  async getConversation(id: string): Promise<StoredConversation | undefined> {
    return this.conversations.get(id);
  }

  async listConversations(): Promise<StoredConversation[]> {
    return [...this.conversations.values()];
  }

  async putConversations(conversations: readonly StoredConversation[]): Promise<void> {
    for (const c of conversations) this.conversations.set(c.conversation.id, c);
    await this.changed();
  }

  async putMessages(messages: readonly Message[]): Promise<void> {
    for (const m of messages) {
      let list = this.messages.get(m.conversationId);
      if (!list) {
        list = [];
        this.messages.set(m.conversationId, list);
      }
      const at = lowerBound(list, m.seq);
      if (list[at]?.seq === m.seq) list[at] = m;
      else list.splice(at, 0, m);
    }
    await this.changed();
  }

  async listMessages(conversationId: string, query: MessageQuery = {}): Promise<Message[]> {
    const list = this.messages.get(conversationId) ?? [];
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    if (query.after !== undefined) {
      const start = lowerBound(list, query.after + 1);
      return list.slice(start, start + Math.min(limit, list.length));
    }
    const end = query.before === undefined ? list.length : lowerBound(list, query.before);
    return list.slice(Math.max(0, end - limit), end);
  }

  async listOutbox(): Promise<OutboxItem[]> {
    return [...this.outbox.values()].sort((a, b) => a.order - b.order);
  }

  async putOutboxItem(item: OutboxItem): Promise<void> {
    this.outbox.set(item.clientId, item);
    await this.changed();
  }

  async removeOutboxItem(clientId: string): Promise<void> {
    if (!this.outbox.delete(clientId)) return;
    await this.changed();
  }

  /** Everything held, as plain data. */
  snapshot(): MemorySnapshot {
    return {
      version: 1,
      owner: this.owner,
      cursor: this.cursor,
      conversations: [...this.conversations.values()],
      messages: [...this.messages.values()].flat(),
      outbox: [...this.outbox.values()],
    };
  }

  /** Replaces everything held with a snapshot. */
  protected restore(snapshot: MemorySnapshot): void {
    this.owner = snapshot.owner;
    this.cursor = snapshot.cursor;
    this.conversations.clear();
    this.messages.clear();
    this.outbox.clear();
    for (const c of snapshot.conversations) this.conversations.set(c.conversation.id, c);
    for (const item of snapshot.outbox) this.outbox.set(item.clientId, item);
    for (const m of snapshot.messages) {
      const list = this.messages.get(m.conversationId);
      if (list) list.push(m);
      else this.messages.set(m.conversationId, [m]);
    }
    for (const list of this.messages.values()) list.sort((a, b) => a.seq - b.seq);
  }

  /** Called after every change; FileStore writes to disk here. */
  protected async changed(): Promise<void> {}
}

/** The index of the first message whose seq is at least `seq`. */
function lowerBound(list: readonly Message[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Message).seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
