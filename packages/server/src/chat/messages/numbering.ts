import type { MessageContent } from '@liao/protocol';
import type { MessagesTable } from '../../platform/db/schema';
import { newId } from '../../platform/ids';

export interface NewMessage {
  conversationId: string;
  senderId: string | null;
  clientId: string | null;
  content: MessageContent;
}

/**
 * A message as it is numbered and stored: its content already JSON, with the kind beside it.
 * The message writer's thread is handed this form only, so the content crosses once, as one string.
 */
export interface MessageToStore {
  conversationId: string;
  senderId: string | null;
  clientId: string | null;
  kind: MessageContent['kind'];
  contentJson: string;
}

/** The stored form of a message (see MessageToStore). */
export function toStore(message: NewMessage): MessageToStore {
  const { conversationId, senderId, clientId, content } = message;
  return { conversationId, senderId, clientId, kind: content.kind, contentJson: JSON.stringify(content) };
}

export interface ReadMark {
  conversationId: string;
  userId: string;
  seq: number;
}

/** A value, or a promise of it: SQLite's statements answer at once, PostgreSQL's later. */
type Answer<T> = T | Promise<T>;

/**
 * The statements that number and store messages, each for any number of conversations or rows.
 * One set runs through kysely in a transaction (append.ts, both stores); the message writer's
 * set on SQLite runs prepared statements on its own connection (sqliteStatements.ts). The
 * caller holds the transaction and, on PostgreSQL, the conversation rows' locks.
 */
export interface AppendStatements {
  /** Adds `count` to each conversation's last seq; returns each one's new last seq. */
  advanceSeqs(counts: ReadonlyMap<string, number>, at: number): Answer<Map<string, number>>;
  /** Raises read marks (never lowers them) and clears hand-made unread marks. */
  raiseReadSeqs(marks: readonly ReadMark[]): Answer<void>;
  /** Takes `count` consecutive positions in the change stream; returns the first (see db/positions.ts). */
  takePositions(count: number): Answer<number>;
  /** Records each conversation's newest position. */
  setConversationPositions(positions: ReadonlyMap<string, number>): Answer<void>;
  insertMessages(rows: MessagesTable[]): Answer<void>;
}

/**
 * Stores messages inside the caller's transaction: each gets the next numbers of its
 * conversation (1, 2, 3, … no gaps) and a position in the change stream, the conversation
 * rows record both, and each sender has read up to their own message. Returns the rows in the
 * order of `items`.
 *
 * A constant number of statement calls, however many conversations it touches: numbered, the
 * senders' read marks raised, positions taken last (see takePositions), then positions and
 * messages written. Read marks are member rows: written (locked) before the positions, never
 * after, or a group's read mark (member row, then positions) and this would wait for each other.
 */
export async function appendWith(
  statements: AppendStatements,
  items: readonly MessageToStore[],
  now: number,
): Promise<MessagesTable[]> {
  if (items.length === 0) return [];
  const byConversation = new Map<string, number[]>();
  items.forEach((item, i) => {
    const list = byConversation.get(item.conversationId);
    if (list) list.push(i);
    else byConversation.set(item.conversationId, [i]);
  });
  const counts = new Map([...byConversation].map(([id, indexes]) => [id, indexes.length]));
  const lastSeqs = await statements.advanceSeqs(counts, now);
  const firstSeq = (id: string) => (lastSeqs.get(id) ?? 0) - (counts.get(id) ?? 0) + 1;

  const reads: ReadMark[] = [];
  for (const [id, indexes] of byConversation) {
    const readUpTo = new Map<string, number>();
    let seq = firstSeq(id);
    for (const i of indexes) {
      const item = items[i] as MessageToStore;
      if (item.senderId && item.kind !== 'system') readUpTo.set(item.senderId, seq);
      seq++;
    }
    for (const [userId, upTo] of readUpTo) reads.push({ conversationId: id, userId, seq: upTo });
  }
  if (reads.length > 0) await statements.raiseReadSeqs(reads);

  let pos = await statements.takePositions(items.length);
  const rows: MessagesTable[] = new Array(items.length);
  const positions = new Map<string, number>();
  for (const [id, indexes] of byConversation) {
    let seq = firstSeq(id);
    for (const i of indexes) {
      const item = items[i] as MessageToStore;
      rows[i] = {
        conversation_id: id,
        seq,
        id: newId(),
        sender_id: item.senderId,
        client_id: item.clientId,
        kind: item.kind,
        content: item.contentJson,
        created_at: now,
        pos,
      };
      seq++;
      pos++;
    }
    positions.set(id, pos - 1);
  }
  await statements.setConversationPositions(positions);
  await statements.insertMessages(rows);
  return rows;
}
