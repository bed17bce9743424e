import type { Message } from '@liao/protocol';
import { Dexie, type DexieOptions, type Table } from 'dexie';
import type { LocalStore, MessageQuery, OutboxItem, SeqRange, StoredConversation } from './types';

interface MetaRow {
  key: 'owner' | 'cursor';
  value: string | number | null;
}

interface ConversationRow {
  id: string;
  conversation: StoredConversation['conversation'];
  known: SeqRange[];
}

/** Where the browser keeps it; tests pass fake-indexeddb's factory in Node. */
export interface IndexedDbStoreOptions {
  /** The database name; one per account and origin, e.g. `liao-<userId>`. */
  name: string;
  indexedDB?: DexieOptions['indexedDB'];
  IDBKeyRange?: DexieOptions['IDBKeyRange'];
}

/**
 * A LocalStore in IndexedDB (through dexie), for browsers. Messages are keyed by
 * [conversationId+seq], so a conversation's history is one ordered key range and a page of it
 * one cursor walk.
 */
export class IndexedDbStore implements LocalStore {
  private readonly db: Dexie;
  private readonly meta: Table<MetaRow, MetaRow['key']>;
  private readonly conversations: Table<ConversationRow, string>;
  private readonly messages: Table<Message, [string, number]>;
  private readonly outbox: Table<OutboxItem, string>;

  constructor(options: IndexedDbStoreOptions) {
    this.db = new Dexie(options.name, {
      autoOpen: false,
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    });
    // Version 1; a later schema gets db.version(2) with an upgrade, as dexie documents.
    this.db.version(1).stores({
      meta: '&key',
      conversations: '&id',
      messages: '&[conversationId+seq]',
      outbox: '&clientId, order',
    });
    this.meta = this.db.table('meta');
    this.conversations = this.db.table('conversations');
    this.messages = this.db.table('messages');
    this.outbox = this.db.table('outbox');
  }

  async open(): Promise<void> {
    await this.db.open();
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async clear(): Promise<void> {
    await this.db.transaction('rw', [this.meta, this.conversations, this.messages, this.outbox], async () => {
      await Promise.all([
        this.meta.clear(),
        this.conversations.clear(),
        this.messages.clear(),
        this.outbox.clear(),
      ]);
    });
  }

  async clearSyncState(): Promise<void> {
    await this.db.transaction('rw', [this.meta, this.conversations, this.messages], async () => {
      await Promise.all([this.meta.delete('cursor'), this.conversations.clear(), this.messages.clear()]);
    });
  }

  async getOwner(): Promise<string | null> {
    const row = await this.meta.get('owner');
    return typeof row?.value === 'string' ? row.value : null;
  }

  async setOwner(userId: string): Promise<void> {
    await this.meta.put({ key: 'owner', value: userId });
  }

  async getSyncCursor(): Promise<number | null> {
    const row = await this.meta.get('cursor');
    return typeof row?.value === 'number' ? row.value : null;
  }

  async setSyncCursor(cursor: number): Promise<void> {
    await this.meta.put({ key: 'cursor', value: cursor });
  }

  async getConversation(id: string): Promise<StoredConversation | undefined> {
    const row = await this.conversations.get(id);
    return row && { conversation: row.conversation, known: row.known };
  }

  async listConversations(): Promise<StoredConversation[]> {
    const rows = await this.conversations.toArray();
    return rows.map((row) => ({ conversation: row.conversation, known: row.known }));
  }

  async putConversations(conversations: readonly StoredConversation[]): Promise<void> {
    await this.conversations.bulkPut(
      conversations.map((c) => ({
        id: c.conversation.id,
        conversation: c.conversation,
        known: [...c.known],
      })),
    );
  }

  async putMessages(messages: readonly Message[]): Promise<void> {
    if (messages.length > 0) await this.messages.bulkPut([...messages]);
  }

  async listMessages(conversationId: string, query: MessageQuery = {}): Promise<Message[]> {
    const index = this.messages.where('[conversationId+seq]');
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    if (query.after !== undefined) {
      const range = index.between([conversationId, query.after], [conversationId, Infinity], false, true);
      return Number.isFinite(limit) ? range.limit(limit).toArray() : range.toArray();
    }
    const upper = query.before ?? Infinity;
    const range = index.between([conversationId, -Infinity], [conversationId, upper], true, false).reverse();
    const newestFirst = Number.isFinite(limit) ? await range.limit(limit).toArray() : await range.toArray();
    return newestFirst.reverse();
  }

  async listOutbox(): Promise<OutboxItem[]> {
    return this.outbox.orderBy('order').toArray();
  }

  async putOutboxItem(item: OutboxItem): Promise<void> {
    await this.outbox.put(item);
  }

  async removeOutboxItem(clientId: string): Promise<void> {
    await this.outbox.delete(clientId);
  }
}
