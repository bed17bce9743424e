import { describe, expect, it } from 'vitest';
import { C1, makeConversation, makeMessage, TEST_PEER, TEST_USER } from '../testing';
import { mergeConversation, withMessage, withOwnReadMark, withReadMark } from './merge';

describe('conversation state', () => {
  it('a message from the peer raises lastSeq and the unread count, and the peer has read it', () => {
    const m = makeMessage(C1, 3);
    const c = withMessage(makeConversation(C1, { lastSeq: 2, readSeq: 2, peerReadSeq: 1 }), m, TEST_USER);
    expect(c).toMatchObject({
      lastSeq: 3,
      lastMessage: m,
      lastMessageAt: m.createdAt,
      unreadCount: 1,
      readSeq: 2,
      peerReadSeq: 3,
      pos: m.pos,
    });
  });

  it('the user’s own message is read, and unhides the conversation', () => {
    const m = makeMessage(C1, 3, { senderId: TEST_USER });
    const c = withMessage(makeConversation(C1, { lastSeq: 2, readSeq: 1, hidden: true }), m, TEST_USER);
    expect(c).toMatchObject({ lastSeq: 3, readSeq: 3, unreadCount: 0, hidden: false });
  });

  it('an older message (a history page) changes neither the last message nor the unread count', () => {
    const last = makeMessage(C1, 9);
    const before = makeConversation(C1, {
      lastSeq: 9,
      lastMessage: last,
      readSeq: 9,
      peerReadSeq: 9,
      pos: last.pos,
    });
    expect(withMessage(before, makeMessage(C1, 4), TEST_USER)).toEqual(before);
  });

  it('read marks only move forward, and never past the last message', () => {
    const c = makeConversation(C1, { lastSeq: 10, readSeq: 5, unreadCount: 5 });
    expect(withOwnReadMark(c, 3, 1)).toMatchObject({ readSeq: 5, unreadCount: 5 });
    expect(withOwnReadMark(c, 8, 1)).toMatchObject({ readSeq: 8, unreadCount: 2 });
    expect(withOwnReadMark(c, 99, 1)).toMatchObject({ readSeq: 10, unreadCount: 0 });
    expect(withReadMark(c, TEST_PEER, 7, 50, TEST_USER)).toMatchObject({
      peerReadSeq: 7,
      readSeq: 5,
      pos: 50,
    });
    expect(withReadMark(c, TEST_USER, 7, 50, TEST_USER)).toMatchObject({ readSeq: 7, unreadCount: 3 });
  });

  it('a sync reply’s settings win, but counters a live event already moved further stay', () => {
    const live = makeMessage(C1, 12);
    const local = makeConversation(C1, {
      lastSeq: 12,
      lastMessage: live,
      readSeq: 4,
      unreadCount: 8,
      pos: 1012,
    });
    const reply = makeConversation(C1, {
      lastSeq: 11,
      readSeq: 6,
      unreadCount: 5,
      pinned: true,
      draft: 'hi',
      pos: 1011,
    });
    expect(mergeConversation(local, reply)).toMatchObject({
      lastSeq: 12,
      lastMessage: live,
      readSeq: 6,
      unreadCount: 6,
      pinned: true,
      draft: 'hi',
      pos: 1012,
    });
    expect(mergeConversation(undefined, reply)).toBe(reply);
  });

  it('system lines are not unread: the server’s count is kept and a live system line adds nothing', () => {
    const started = makeMessage(C1, 1, {
      senderId: null,
      clientId: null,
      content: { kind: 'system', event: { type: 'friends.started' } },
    });
    const fresh = withMessage(makeConversation(C1, { lastSeq: 0, readSeq: 0 }), started, TEST_USER);
    expect(fresh).toMatchObject({ lastSeq: 1, unreadCount: 0 });
    const hello = withMessage(fresh, makeMessage(C1, 2), TEST_USER);
    expect(hello).toMatchObject({ lastSeq: 2, unreadCount: 1 });
    // A sync reply that counted one unread message of three (the rest were system lines) stands.
    const reply = makeConversation(C1, { lastSeq: 3, readSeq: 0, unreadCount: 1 });
    expect(mergeConversation(hello, reply)).toMatchObject({ lastSeq: 3, unreadCount: 1 });
    // Live messages past the reply add to its count; a reply that read them all leaves none.
    const live = withMessage(mergeConversation(hello, reply), makeMessage(C1, 4), TEST_USER);
    expect(mergeConversation(live, reply)).toMatchObject({ lastSeq: 4, unreadCount: 2 });
    expect(mergeConversation(live, { ...reply, readSeq: 3, unreadCount: 0 })).toMatchObject({
      unreadCount: 1,
    });
  });

  it('a hand-made unread mark is cleared by reading and by writing, and kept by news', () => {
    const marked = makeConversation(C1, { lastSeq: 2, readSeq: 2, markedUnread: true });
    expect(withMessage(marked, makeMessage(C1, 3), TEST_USER)).toMatchObject({
      markedUnread: true,
      unreadCount: 1,
    });
    expect(withReadMark(marked, TEST_PEER, 2, 9, TEST_USER)).toMatchObject({ markedUnread: true });
    expect(withOwnReadMark(marked, 2, 9)).toMatchObject({ markedUnread: false, readSeq: 2 });
    expect(withReadMark(marked, TEST_USER, 2, 9, TEST_USER)).toMatchObject({ markedUnread: false });
    const mine = makeMessage(C1, 3, { senderId: TEST_USER });
    expect(withMessage(marked, mine, TEST_USER)).toMatchObject({ markedUnread: false, readSeq: 3 });
    expect(mergeConversation(marked, { ...marked, markedUnread: false })).toMatchObject({
      markedUnread: false,
    });
  });
});
