import type { Conversation, Message } from '@liao/protocol';
import type { OutboxItem } from './types';

// Pure views of the local state for the UI: state in, a new value out, nothing changed.

/**
 * The conversation list as chat apps show it: hidden ones left out, pinned first, then by the
 * time of the last message, newest first (conversations without messages last).
 */
export function sortConversations(conversations: readonly Conversation[]): Conversation[] {
  return conversations
    .filter((c) => !c.hidden)
    .sort(
      (a, b) =>
        Number(b.pinned) - Number(a.pinned) ||
        (b.lastMessageAt ?? -1) - (a.lastMessageAt ?? -1) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/**
 * Unread messages over the listed conversations. Muted ones count in `total` but are also
 * counted apart in `muted`, so a badge can show `total - muted` and only a dot when every
 * unread message is in a muted conversation. A chat marked unread by hand with nothing unread
 * in it counts as one.
 */
export interface UnreadTotal {
  total: number;
  muted: number;
}

export function unreadTotal(conversations: readonly Conversation[]): UnreadTotal {
  let total = 0;
  let muted = 0;
  for (const c of conversations) {
    if (c.hidden) continue;
    const count = unreadOf(c);
    total += count;
    if (c.muted) muted += count;
  }
  return { total, muted };
}

/** What a conversation adds to the unread total (its badge shows no number when marked by hand). */
export function unreadOf(c: Conversation): number {
  return c.unreadCount > 0 ? c.unreadCount : c.markedUnread ? 1 : 0;
}

/** One line of a conversation's timeline: a stored message, or the local echo of one being sent. */
export type TimelineItem =
  | { kind: 'message'; key: string; message: Message }
  | { kind: 'echo'; key: string; item: OutboxItem };

/**
 * Stored messages (oldest first) followed by the conversation's unsent echoes. A line keeps its
 * key when its echo becomes the stored message (both are keyed by the client id), so the UI
 * re-renders it in place instead of removing one line and adding another.
 */
export function timeline(messages: readonly Message[], outbox: readonly OutboxItem[]): TimelineItem[] {
  const lines: TimelineItem[] = messages.map((message) => ({
    kind: 'message',
    key: message.clientId ?? message.id,
    message,
  }));
  const stored = new Set(messages.map((m) => m.clientId).filter((id) => id !== null));
  for (const item of outbox) {
    if (!stored.has(item.clientId)) lines.push({ kind: 'echo', key: item.clientId, item });
  }
  return lines;
}
