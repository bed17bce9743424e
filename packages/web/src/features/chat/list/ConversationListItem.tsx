import type { Conversation } from '@liao/protocol';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../app/state/store';
import { ConversationAvatar } from '../../../entities/ConversationAvatar';
import { conversationFace, previewOf } from '../../../entities/conversationText';
import { membersOf } from '../../../entities/groupMembers';
import { useGroupRoster } from '../../../entities/groupRoster';
import { formatListTime } from '../../../lib/time';
import type { MenuItem } from '../../../ui/ContextMenu';
import { ConversationRow } from './ConversationRow';

type Props = {
  conversation: Conversation;
  selected: boolean;
  now: number;
  onOpen: (conversationId: string) => void;
  /** The row's right-click menu, made when it opens. */
  menuItems: (conversation: Conversation) => readonly MenuItem[];
};

/** A row of the chat list with its words and picture; memoised, as the list redraws while scrolling. */
export const ConversationListItem = memo(function ConversationListItem({
  conversation: c,
  selected,
  now,
  onOpen,
  menuItems,
}: Props) {
  const { t, i18n } = useTranslation();
  const friends = useAppStore((s) => s.friends);
  const me = useAppStore((s) => s.me);
  const roster = useGroupRoster(c);
  // A group's member list, when the app already holds it, names the people its last line is about.
  const people = useAppStore((s) => (c.kind === 'group' ? membersOf(s, c.id) : undefined));
  const face = conversationFace(c, friends, t, roster);
  const draft = !selected && c.draft.trim() !== '';
  const preview = draft
    ? c.draft.replace(/\s+/g, ' ')
    : previewOf(c.lastMessage, me?.id ?? '', friends, t, people);
  const unreadLabel =
    c.unreadCount > 0 ? t('messages.unreadBadge', { count: c.unreadCount }) : t('list.markedUnread');
  return (
    <ConversationRow
      id={c.id}
      name={face.name}
      avatar={<ConversationAvatar conversation={c} face={face} />}
      preview={preview}
      previewPrefix={draft ? t('messages.draftPrefix') : undefined}
      time={c.lastMessageAt ? formatListTime(c.lastMessageAt, now, i18n.language) : ''}
      unread={c.unreadCount}
      markedUnread={c.markedUnread}
      unreadLabel={unreadLabel}
      muted={c.muted}
      mutedLabel={t('messages.muted')}
      pinned={c.pinned}
      pinnedLabel={t('list.pinned')}
      selected={selected}
      onClick={() => onOpen(c.id)}
      menuLabel={t('list.menuLabel')}
      menuItems={() => menuItems(c)}
    />
  );
});
