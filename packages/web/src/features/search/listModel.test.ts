import type { Conversation } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { makeConversation as makeChat, makeFriend, makeUser } from '../../app/state/testBuilders';
import { adjacentConversation, searchChatsAndContacts } from './listModel';

describe('list search over chats and contacts', () => {
  const zhang = makeFriend({
    user: makeUser({ displayName: '张三', username: 'zhangsan88' }),
    remark: '老张',
    sortKey: 'lao zhang',
  });
  const alice = makeFriend({ user: makeUser({ displayName: 'Alice', username: 'alice' }), sortKey: 'alice' });
  const withZhang = makeChat({ kind: 'direct', peerId: zhang.user.id });
  const hiking = makeChat({ kind: 'group', name: '周末爬山群' });
  const nameOf = (c: Conversation) => (c.kind === 'group' ? (c.name ?? '群聊') : '老张');

  it('finds a one-to-one chat by the friend’s remark, display name, username and pinyin', () => {
    for (const query of ['老张', '张三', 'zhangsan8', 'lz']) {
      const found = searchChatsAndContacts(query, [hiking, withZhang], [zhang, alice], nameOf);
      expect(found.chats, query).toEqual([withZhang]);
      // The friend already shows as the chat: not again as a contact.
      expect(found.contacts, query).toEqual([]);
    }
  });

  it('finds groups by name and friends without a chat as contacts', () => {
    expect(searchChatsAndContacts('爬山', [hiking, withZhang], [zhang, alice], nameOf)).toEqual({
      chats: [hiking],
      contacts: [],
    });
    expect(searchChatsAndContacts('ali', [hiking, withZhang], [zhang, alice], nameOf)).toEqual({
      chats: [],
      contacts: [alice],
    });
  });
});

describe('moving between chats', () => {
  const [a, b, c] = [makeChat(), makeChat(), makeChat()];
  const list = [a, b, c].filter((x) => x !== undefined);

  it('steps to the next or previous chat and stops at the ends', () => {
    expect(adjacentConversation(list, b.id, 1)).toBe(c.id);
    expect(adjacentConversation(list, b.id, -1)).toBe(a.id);
    expect(adjacentConversation(list, c.id, 1)).toBe(c.id);
    expect(adjacentConversation(list, a.id, -1)).toBe(a.id);
  });

  it('starts at the first (down) or last (up) chat when none is open', () => {
    expect(adjacentConversation(list, undefined, 1)).toBe(a.id);
    expect(adjacentConversation(list, undefined, -1)).toBe(c.id);
    expect(adjacentConversation([], undefined, 1)).toBeUndefined();
  });
});
