import type { Conversation, Message } from '@liao/protocol';

// How a conversation's stored state moves when news arrives. Sync replies, live events and
// this device's own actions arrive in any order, so the counters that only grow (the last
// seq, read marks, the change position) take the highest value seen. The unread count leaves
// out system lines, which only the server can count over a whole range: it starts from the
// server's and moves with what this device sees (a message more, a read mark further), never
// above the messages between the read mark and the last one.

/**
 * A sync reply's view of a conversation, merged into the stored one. The reply's settings win
 * (replies are applied in order, and live events never change settings); the growing counters
 * keep whatever newer value a live event already brought.
 */
export function mergeConversation(local: Conversation | undefined, incoming: Conversation): Conversation {
  if (!local) return incoming;
  const newerLocal = local.lastSeq > incoming.lastSeq;
  // Messages this device saw past the reply were counted into the local unread count (at most
  // all of them); the reply counted everything up to its own last seq.
  const seenSince = newerLocal ? Math.min(local.lastSeq - incoming.lastSeq, local.unreadCount) : 0;
  return withCounts({
    ...incoming,
    unreadCount: incoming.unreadCount + seenSince,
    lastSeq: Math.max(local.lastSeq, incoming.lastSeq),
    lastMessage: newerLocal ? local.lastMessage : incoming.lastMessage,
    lastMessageAt: newerLocal ? local.lastMessageAt : incoming.lastMessageAt,
    // A message newer than the reply unhides a conversation, as on the server.
    hidden: newerLocal ? false : incoming.hidden,
    readSeq: Math.max(local.readSeq, incoming.readSeq),
    peerReadSeq: maxNullable(local.peerReadSeq, incoming.peerReadSeq),
    pos: Math.max(local.pos, incoming.pos),
  });
}

/**
 * A message added to the conversation. Sending moves the sender's read mark to their message
 * (the server does the same), so the user's own messages are never unread.
 */
export function withMessage(c: Conversation, m: Message, me: string | null): Conversation {
  const newer = m.seq > c.lastSeq;
  const byPerson = m.senderId !== null && m.content.kind !== 'system';
  // Seqs skipped on the way (not seen yet) count as unread until the server says otherwise.
  const added = newer ? m.seq - c.lastSeq - (m.content.kind === 'system' ? 1 : 0) : 0;
  return withCounts({
    ...c,
    unreadCount: c.unreadCount + added,
    lastSeq: Math.max(c.lastSeq, m.seq),
    lastMessage: newer ? m : c.lastMessage,
    lastMessageAt: newer ? m.createdAt : c.lastMessageAt,
    hidden: newer ? false : c.hidden,
    readSeq: byPerson && m.senderId === me ? Math.max(c.readSeq, m.seq) : c.readSeq,
    // Writing in a chat is reading it, as on the server.
    markedUnread: byPerson && m.senderId === me ? false : c.markedUnread,
    peerReadSeq:
      byPerson && c.peerId !== null && m.senderId === c.peerId
        ? maxNullable(c.peerReadSeq, m.seq)
        : c.peerReadSeq,
    pos: Math.max(c.pos, m.pos),
  });
}

/** A read mark moved: the user's own (from another device, or this one) or the peer's. */
export function withReadMark(
  c: Conversation,
  userId: string,
  readSeq: number,
  pos: number,
  me: string | null,
): Conversation {
  if (userId === me) return withOwnReadMark(c, readSeq, pos);
  if (userId === c.peerId) {
    return { ...c, peerReadSeq: maxNullable(c.peerReadSeq, readSeq), pos: Math.max(c.pos, pos) };
  }
  return c;
}

/**
 * The user read the chat: their read mark moves (never back, never past the last message) and a
 * hand-made unread mark is cleared, as on the server.
 */
export function withOwnReadMark(c: Conversation, readSeq: number, pos: number): Conversation {
  const mark = Math.max(c.readSeq, Math.min(readSeq, c.lastSeq));
  return withCounts({ ...c, readSeq: mark, markedUnread: false, pos: Math.max(c.pos, pos) });
}

/** Keeps the unread count within what the read mark leaves: none past it, none below zero. */
function withCounts(c: Conversation): Conversation {
  const unreadCount = Math.max(0, Math.min(c.unreadCount, c.lastSeq - c.readSeq));
  return c.unreadCount === unreadCount ? c : { ...c, unreadCount };
}

function maxNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
