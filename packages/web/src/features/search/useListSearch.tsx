import type { Conversation, Friend } from '@liao/protocol';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/state/store';
import { ConversationAvatar } from '../../entities/ConversationAvatar';
import { conversationFace, previewOf } from '../../entities/conversationText';
import { rosterLookup } from '../../entities/groupMembers';
import { friendName } from '../../entities/people';
import { Avatar } from '../../ui/Avatar';
import { searchChatsAndContacts } from './listModel';
import type { SearchHit, SearchSection } from './SearchResults';

/** Chats shown in the quick switcher before anything is typed. */
const RECENT_LIMIT = 8;

/**
 * The list search's sections (chats, then contacts) for a query, each hit ready to open.
 * With `recentWhenEmpty`, an empty query lists the newest chats (the quick switcher).
 * `onOpened` runs after a hit is chosen (to clear the box or close the switcher).
 */
export function useListSearch(query: string, onOpened: () => void, recentWhenEmpty = false): SearchSection[] {
  const { t } = useTranslation();
  const conversations = useAppStore((s) => s.conversations);
  const friends = useAppStore((s) => s.friends);
  const me = useAppStore((s) => s.me);
  const groupMembers = useAppStore((s) => s.groupMembers);
  const navigate = useAppStore((s) => s.navigate);
  const openDirect = useAppStore((s) => s.openDirect);
  const showToast = useAppStore((s) => s.showToast);
  return useMemo(() => {
    // Groups without a name are found and shown by their people once their rows read them.
    const rosterFor = rosterLookup(groupMembers, me);
    const peopleOf = (conversationId: string) => {
      const entry = groupMembers[conversationId];
      return entry && entry.viewerId === me?.id ? entry : undefined;
    };
    const faceOf = (c: Conversation) => conversationFace(c, friends, t, rosterFor(c.id));
    const chatHit = (c: Conversation): SearchHit => {
      const face = faceOf(c);
      return {
        key: `chat:${c.id}`,
        avatar: <ConversationAvatar conversation={c} face={face} size={36} />,
        name: face.name,
        detail: previewOf(c.lastMessage, me?.id ?? '', friends, t, peopleOf(c.id)),
        open: () => {
          navigate({ name: 'messages', conversationId: c.id });
          onOpened();
        },
      };
    };
    const contactHit = (f: Friend): SearchHit => ({
      key: `contact:${f.user.id}`,
      avatar: <Avatar name={f.user.displayName} src={f.user.avatarUrl} size={36} />,
      name: friendName(f),
      detail: t('list.username', { username: f.user.username }),
      open: () => {
        onOpened();
        openDirect(f.user.id).catch(() => showToast(t('messages.openFailed'), 'error'));
      },
    });
    if (query.trim() === '') {
      if (!recentWhenEmpty) return [];
      return [{ title: t('list.recent'), hits: conversations.slice(0, RECENT_LIMIT).map(chatHit) }];
    }
    const found = searchChatsAndContacts(query, conversations, friends, (c) => faceOf(c).name);
    return [
      { title: t('list.chats'), hits: found.chats.map(chatHit) },
      { title: t('list.contacts'), hits: found.contacts.map(contactHit) },
    ];
  }, [
    query,
    conversations,
    friends,
    me,
    groupMembers,
    navigate,
    openDirect,
    showToast,
    onOpened,
    recentWhenEmpty,
    t,
  ]);
}
