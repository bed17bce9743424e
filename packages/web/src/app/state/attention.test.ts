import type { Conversation } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { attentionCount, type NotifyContext, pickNotifications, titleText } from './attention';
import { makeConversation, makeTextMessage } from './testBuilders';

describe('the unread count in the title and on the app badge', () => {
  it('adds unread messages of chats that are not muted; a chat marked unread counts one', () => {
    const list = [
      makeConversation({ unreadCount: 3 }),
      makeConversation({ unreadCount: 5, muted: true }),
      makeConversation({ unreadCount: 0, markedUnread: true }),
      makeConversation({ unreadCount: 2, markedUnread: true }),
      makeConversation({ unreadCount: 0, markedUnread: true, muted: true }),
      makeConversation({ unreadCount: 4, hidden: true }),
    ];
    expect(attentionCount(list)).toBe(6);
  });

  it('shows "(n) name", 99+ past 99, and the bare name at zero', () => {
    expect(titleText('聊', 3)).toBe('(3) 聊');
    expect(titleText('Liao', 120)).toBe('(99+) Liao');
    expect(titleText('聊', 0)).toBe('聊');
  });
});

describe('which new messages become notifications', () => {
  const me = '01964f5e-8b1c-7a2b-9c3d-00000000beef';
  const friend = '01964f5e-8b1c-7a2b-9c3d-00000000f00d';
  const context: NotifyContext = { startedAt: 5000, meId: me, focused: false };

  function chatWith(seq: number, fields: Partial<Conversation> = {}, createdAt = 6000, senderId = friend) {
    const c = makeConversation({ kind: 'direct', peerId: friend, readSeq: 0, ...fields });
    const lastMessage = makeTextMessage({ conversationId: c.id, seq, senderId, createdAt });
    return { ...c, lastSeq: seq, lastMessage, unreadCount: seq };
  }

  it('notifies once for a friend’s new message, not again for the same seq', () => {
    const chat = chatWith(2);
    const first = pickNotifications(new Map(), [chat], context);
    expect(first.notify.map((n) => n.message.seq)).toEqual([2]);
    expect(pickNotifications(first.seen, [chat], context).notify).toEqual([]);
    const newer = chatWith(3, { id: chat.id });
    expect(pickNotifications(first.seen, [newer], context).notify.map((n) => n.message.seq)).toEqual([3]);
  });

  it('stays silent while the window is focused, but remembers what it saw', () => {
    const chat = chatWith(2);
    const focused = pickNotifications(new Map(), [chat], { ...context, focused: true });
    expect(focused.notify).toEqual([]);
    expect(pickNotifications(focused.seen, [chat], context).notify).toEqual([]);
  });

  it('skips catch-up from before the page started, own messages, system lines, muted and read chats', () => {
    const system = chatWith(2);
    const systemChat = {
      ...system,
      lastMessage: system.lastMessage && {
        ...system.lastMessage,
        content: { kind: 'system' as const, event: { type: 'friends.started' as const } },
      },
    };
    const quiet = [
      chatWith(2, {}, 4000),
      chatWith(2, {}, 6000, me),
      systemChat,
      chatWith(2, { muted: true }),
      chatWith(2, { hidden: true }),
      chatWith(2, { readSeq: 2 }),
    ];
    expect(pickNotifications(new Map(), quiet, context).notify).toEqual([]);
  });
});
