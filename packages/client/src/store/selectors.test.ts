import { describe, expect, it } from 'vitest';
import { C1, C2, makeConversation, makeMessage } from '../testing';
import { sortConversations, timeline, unreadOf, unreadTotal } from './selectors';
import type { OutboxItem } from './types';

const id = (n: number) => `01890000-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`;

describe('selectors', () => {
  it('lists pinned conversations first, then by last message, newest first; hidden ones not at all', () => {
    const list = [
      makeConversation(id(1), { lastMessageAt: 100 }),
      makeConversation(id(2), { lastMessageAt: 300 }),
      makeConversation(id(3), { lastMessageAt: 50, pinned: true }),
      makeConversation(id(4), { lastMessageAt: null }),
      makeConversation(id(5), { lastMessageAt: 999, hidden: true }),
      makeConversation(id(6), { lastMessageAt: 10, pinned: true }),
    ];
    expect(sortConversations(list).map((c) => c.id)).toEqual([id(3), id(6), id(2), id(1), id(4)]);
  });

  it('counts unread messages, muted ones included but counted apart', () => {
    const list = [
      makeConversation(id(1), { unreadCount: 3 }),
      makeConversation(id(2), { unreadCount: 4, muted: true }),
      makeConversation(id(3), { unreadCount: 5, hidden: true }),
    ];
    expect(unreadTotal(list)).toEqual({ total: 7, muted: 4 });
    expect(unreadTotal([])).toEqual({ total: 0, muted: 0 });
  });

  it('a chat marked unread by hand counts as one, unless it has unread messages of its own', () => {
    const list = [
      makeConversation(id(1), { markedUnread: true }),
      makeConversation(id(2), { markedUnread: true, unreadCount: 4 }),
      makeConversation(id(3), { markedUnread: true, muted: true }),
      makeConversation(id(4), { markedUnread: true, hidden: true }),
    ];
    expect(list.map(unreadOf)).toEqual([1, 4, 1, 1]);
    expect(unreadTotal(list)).toEqual({ total: 6, muted: 1 });
  });

  it('a timeline is the stored messages then the unsent echoes; an echo keeps its key as it becomes a message', () => {
    const echo = (clientId: string, order: number): OutboxItem => ({
      clientId,
      conversationId: C1,
      content: { kind: 'text', text: clientId },
      createdAt: order,
      order,
      state: 'sending',
    });
    const m1 = makeMessage(C1, 1, { clientId: null });
    const m2 = makeMessage(C1, 2, { clientId: 'echo-one' });
    const before = timeline([m1], [echo('echo-one', 1), echo('echo-two', 2)]);
    expect(before.map((l) => [l.kind, l.key])).toEqual([
      ['message', m1.id],
      ['echo', 'echo-one'],
      ['echo', 'echo-two'],
    ]);
    // Acknowledged and stored while its outbox item is not yet removed: shown once.
    const after = timeline([m1, m2], [echo('echo-one', 1), echo('echo-two', 2)]);
    expect(after.map((l) => [l.kind, l.key])).toEqual([
      ['message', m1.id],
      ['message', 'echo-one'],
      ['echo', 'echo-two'],
    ]);
    expect(timeline([], []).length).toBe(0);
    expect(C2).not.toBe(C1);
  });
});
