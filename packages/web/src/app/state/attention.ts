import type { Conversation, Message } from '@liao/protocol';

/**
 * What asks for the user's attention outside the page: the count in the title and on the app
 * badge, and which new messages become system notifications. Pure; the hooks in
 * layouts/ apply the answers to the document and the browser.
 */

/**
 * Unread messages in chats that are not muted, a chat marked unread by hand counting as one
 * (as Telegram counts it). Muted chats never raise the number.
 */
export function attentionCount(conversations: readonly Conversation[]): number {
  let count = 0;
  for (const c of conversations) {
    if (c.hidden || c.muted) continue;
    count += c.unreadCount > 0 ? c.unreadCount : c.markedUnread ? 1 : 0;
  }
  return count;
}

/** "(3) 聊", or the bare name when nothing waits; "(99+)" past 99 like the badges. */
export function titleText(appName: string, count: number): string {
  if (count <= 0) return appName;
  return `(${count > 99 ? '99+' : count}) ${appName}`;
}

export interface NotifyContext {
  /** When this page started: messages older than that are catch-up, not news. */
  startedAt: number;
  meId: string;
  /** The window has focus: the person is looking at the app, so nothing pops up. */
  focused: boolean;
}

export interface NotifyDecision {
  /** Chats whose newest message deserves a notification, each with that message. */
  notify: { conversation: Conversation; message: Message }[];
  /** The newest seq seen per chat, to pass back next time. */
  seen: Map<string, number>;
}

/**
 * Compares the list with the newest seqs already seen and picks the new messages worth a
 * notification: someone else's (not a system line), newer than the page, in a chat that is
 * neither muted, hidden, nor already read up to it (read on another device), while the window
 * is not focused. History pages never change a chat's newest message, so they never count.
 */
export function pickNotifications(
  seen: ReadonlyMap<string, number>,
  conversations: readonly Conversation[],
  context: NotifyContext,
): NotifyDecision {
  const next = new Map(seen);
  const notify: NotifyDecision['notify'] = [];
  for (const conversation of conversations) {
    const message = conversation.lastMessage;
    if (!message) continue;
    const before = seen.get(conversation.id);
    if (before !== undefined && message.seq <= before) continue;
    next.set(conversation.id, message.seq);
    if (context.focused) continue;
    if (message.createdAt < context.startedAt) continue;
    if (message.senderId === null || message.senderId === context.meId) continue;
    if (message.content.kind === 'system') continue;
    if (conversation.muted || conversation.hidden) continue;
    if (conversation.readSeq >= message.seq) continue;
    notify.push({ conversation, message });
  }
  return { notify, seen: next };
}
