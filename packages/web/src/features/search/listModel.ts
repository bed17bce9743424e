import type { Conversation, Friend } from '@liao/protocol';
import { type SearchEntry, searchEntries } from './listSearch';

/** What the list's search box (and the quick switcher) found: chats, then contacts. */
export interface ListSearchResult {
  chats: Conversation[];
  /** Friends found, less those whose one-to-one chat is already among `chats`. */
  contacts: Friend[];
}

/**
 * Chats answer to the name they show (`nameOf`: a friend's remark or name, a group's name)
 * and, one-to-one, to the friend's display name, username and pinyin too.
 */
export function searchChatsAndContacts(
  query: string,
  conversations: readonly Conversation[],
  friends: readonly Friend[],
  nameOf: (conversation: Conversation) => string,
): ListSearchResult {
  const byId = new Map(friends.map((f) => [f.user.id, f]));
  const chatEntries: SearchEntry<Conversation>[] = conversations.map((c) => {
    const friend = c.kind === 'direct' && c.peerId ? byId.get(c.peerId) : undefined;
    if (!friend) return { item: c, names: [nameOf(c)] };
    return { item: c, names: [nameOf(c), ...friendNames(friend)], pinyin: friend.sortKey };
  });
  const chats = searchEntries(query, chatEntries);
  const shown = new Set(chats.map((c) => (c.kind === 'direct' ? c.peerId : null)));
  const contacts = searchEntries(
    query,
    friends.map((f) => ({ item: f, names: friendNames(f), pinyin: f.sortKey })),
  ).filter((f) => !shown.has(f.user.id));
  return { chats, contacts };
}

function friendNames(friend: Friend): string[] {
  return [friend.remark, friend.user.displayName, friend.user.username];
}

/** The chat before or after the open one in the list (Alt+↑ / Alt+↓); the first when none is open. */
export function adjacentConversation(
  conversations: readonly Conversation[],
  openId: string | undefined,
  step: 1 | -1,
): string | undefined {
  if (conversations.length === 0) return undefined;
  const index = conversations.findIndex((c) => c.id === openId);
  if (index === -1) return conversations[step === 1 ? 0 : conversations.length - 1]?.id;
  return conversations[Math.min(conversations.length - 1, Math.max(0, index + step))]?.id;
}
