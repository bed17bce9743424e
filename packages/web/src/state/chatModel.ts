import type { TimelineItem } from '@liao/client';
import type { Conversation, SystemEvent } from '@liao/protocol';

/** A gap between messages longer than this gets a time divider, as in WeChat. */
export const DIVIDER_GAP_MS = 5 * 60_000;

export type SendState = 'sent' | 'sending' | 'failed';

/** One line of the chat pane, ready to draw. */
export type ChatLine =
  | { type: 'divider'; key: string; at: number }
  | { type: 'system'; key: string; event: SystemEvent; actorId: string | null }
  | {
      type: 'message';
      key: string;
      own: boolean;
      senderId: string | null;
      text: string;
      at: number;
      state: SendState;
      /** The outbox id of an unsent own message (for retry). */
      clientId: string | null;
      /** The first of a run by the same sender: the avatar shows here. */
      groupStart: boolean;
      /** Under the own last message of a one-to-one chat: whether the other side read it. */
      receipt: 'read' | 'unread' | null;
    };

/**
 * Turns a timeline into the pane's lines: time dividers after gaps, runs by the same sender,
 * and the read receipt under my newest sent message in a one-to-one chat.
 */
export function buildChatLines(
  items: readonly TimelineItem[],
  meId: string,
  conversation: Pick<Conversation, 'kind' | 'peerReadSeq'> | undefined,
): ChatLine[] {
  const lines: ChatLine[] = [];
  let lastAt: number | null = null;
  let lastSender: string | null | undefined;
  let lastOwnSent = -1;
  let lastOwnSeq = 0;
  for (const item of items) {
    const at = item.kind === 'message' ? item.message.createdAt : item.item.createdAt;
    if (lastAt === null || at - lastAt > DIVIDER_GAP_MS) {
      lines.push({ type: 'divider', key: `divider-${item.key}`, at });
      lastSender = undefined;
    }
    lastAt = at;
    if (item.kind === 'message' && item.message.content.kind === 'system') {
      lines.push({
        type: 'system',
        key: item.key,
        event: item.message.content.event,
        actorId: item.message.senderId,
      });
      lastSender = undefined;
      continue;
    }
    const senderId = item.kind === 'message' ? item.message.senderId : meId;
    const own = senderId === meId;
    const content = item.kind === 'message' ? item.message.content : item.item.content;
    const text = content.kind === 'text' ? content.text : '';
    const state: SendState = item.kind === 'message' ? 'sent' : item.item.state;
    lines.push({
      type: 'message',
      key: item.key,
      own,
      senderId,
      text,
      at,
      state,
      clientId: item.kind === 'echo' ? item.item.clientId : null,
      groupStart: lastSender !== senderId,
      receipt: null,
    });
    lastSender = senderId;
    if (own && item.kind === 'message') {
      lastOwnSent = lines.length - 1;
      lastOwnSeq = item.message.seq;
    }
  }
  const last = lines[lastOwnSent];
  if (conversation?.kind === 'direct' && last?.type === 'message') {
    lines[lastOwnSent] = {
      ...last,
      receipt: (conversation.peerReadSeq ?? 0) >= lastOwnSeq ? 'read' : 'unread',
    };
  }
  return lines;
}
