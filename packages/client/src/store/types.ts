import type { Conversation, Message, OutgoingContent } from '@liao/protocol';

/**
 * A range of seqs, both ends included, that this device knows: every message in it that the
 * user may see is stored. A range may start at 0, a seq no message has, which means "from the
 * very beginning": nothing older is left to load.
 */
export type SeqRange = readonly [from: number, to: number];

/** A conversation as this device keeps it: the server's view and what it holds of the history. */
export interface StoredConversation {
  conversation: Conversation;
  /** Known ranges, ascending, neither overlapping nor touching (see sync/ranges.ts). */
  known: SeqRange[];
}

/**
 * What an outbox item is doing: `sending` until acknowledged (retried across network errors
 * and restarts), `failed` when the server refused it (a 4xx code); retry() makes it `sending`.
 */
export type OutboxState = 'sending' | 'failed';

/** A message saved before it was sent: the local echo the UI shows until the ack. */
export interface OutboxItem {
  clientId: string;
  conversationId: string;
  content: OutgoingContent;
  /** When it was written, on this device's clock (for the echo's time). */
  createdAt: number;
  /** Sending order: oldest first. Unique and increasing on one store. */
  order: number;
  state: OutboxState;
  /** Why the server refused it, for `failed` items. */
  error?: { code: string; message: string } | undefined;
}

/** Which part of a conversation's stored history to read; like the history request. */
export interface MessageQuery {
  /** The newest `limit` messages below this seq. */
  before?: number;
  /** The oldest `limit` messages above this seq. */
  after?: number;
  /** At most this many (all when absent). */
  limit?: number;
}

/**
 * Where the SDK keeps its local state, so that a reload or a restart begins from what the
 * device already knows (as in matrix-js-sdk src/store/index.ts). A store belongs to one user.
 * Writes are idempotent, and the sync engine orders them so that a crash between two writes
 * leaves a state it can resume from (messages before the ranges that cover them, the cursor
 * last), so a store needs no transactions across methods.
 */
export interface LocalStore {
  /** Opens the store (creating or loading what it needs); call once before any other method. */
  open(): Promise<void>;
  /** Releases the store; unwritten changes are written first. */
  close(): Promise<void>;
  /** Forgets everything (another user signed in on this device). */
  clear(): Promise<void>;
  /**
   * Forgets what syncing stored: the cursor, the conversations and their messages, keeping the
   * owner and the outbox (the server no longer knows the cursor; unsent messages must still go).
   */
  clearSyncState(): Promise<void>;

  /** The id of the user whose data this is, or null for an empty store. */
  getOwner(): Promise<string | null>;
  /** Records whose data this is. */
  setOwner(userId: string): Promise<void>;
  /** The cursor of the last sync reply that was fully stored, or null before the first. */
  getSyncCursor(): Promise<number | null>;
  /** Saves the cursor; call only after everything the reply carried is stored. */
  setSyncCursor(cursor: number): Promise<void>;

  /** One conversation, or undefined when this device has never seen it. */
  getConversation(id: string): Promise<StoredConversation | undefined>;
  /** Every stored conversation, in no particular order. */
  listConversations(): Promise<StoredConversation[]>;
  /** Stores or replaces conversations by id. */
  putConversations(conversations: readonly StoredConversation[]): Promise<void>;

  /** Stores messages by (conversationId, seq); storing one again replaces it with the same. */
  putMessages(messages: readonly Message[]): Promise<void>;
  /** A conversation's stored messages in the asked range, oldest first. */
  listMessages(conversationId: string, query?: MessageQuery): Promise<Message[]>;

  /** Every outbox item, oldest first. */
  listOutbox(): Promise<OutboxItem[]>;
  /** Saves an outbox item (new or changed), by clientId; resolves once it is saved. */
  putOutboxItem(item: OutboxItem): Promise<void>;
  /** Removes an outbox item (acknowledged, or discarded); removing a missing one is fine. */
  removeOutboxItem(clientId: string): Promise<void>;
}
