import type { Conversation } from '@liao/protocol';
import {
  BellOff,
  BellRing,
  MailCheck,
  MailWarning,
  MessageCircle,
  Pin,
  PinOff,
  ScanLine,
  Trash2,
  UserPlus,
  Users,
} from 'lucide-react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../app/i18n/errors';
import { useAppStore } from '../../../app/state/store';
import { conversationFace } from '../../../entities/conversationText';
import { currentRoster } from '../../../entities/groupRoster';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import type { MenuItem } from '../../../ui/ContextMenu';
import { EmptyState } from '../../../ui/EmptyState';
import { ListSearchBar, SearchResults, useListSearch } from '../../search';
import { ConversationList } from './ConversationList';
import { ConversationListItem } from './ConversationListItem';
import './MessagesScreen.css';
import '../../../styles/screens.css';

const ICON = 15;
const MINUTE = 60_000;

type Props = {
  /** The phone's 扫一扫 in the "+" menu (a desktop has no camera to sign others in with). */
  onScan?: () => void;
};

/** The chat list: search and "+" on top, then the chats (pinned first, newest next) or what the search found. */
export function MessagesScreen({ onScan }: Props = {}) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const conversations = useAppStore((s) => s.conversations);
  const route = useAppStore((s) => s.route);
  const openCreateGroup = useAppStore((s) => s.openCreateGroup);
  const openId = route.name === 'messages' ? route.conversationId : undefined;
  const [query, setQuery] = useState('');
  const clearQuery = useCallback(() => setQuery(''), []);
  const sections = useListSearch(query, clearQuery);
  const rowMenu = useRowMenu();

  const byId = useMemo(() => new Map(conversations.map((c) => [c.id, c])), [conversations]);
  const ids = useMemo(() => conversations.map((c) => c.id), [conversations]);
  const open = useCallback((id: string) => navigate({ name: 'messages', conversationId: id }), [navigate]);
  // To the minute: rows are memoised, and list times never show seconds.
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;

  const plusItems: MenuItem[] = [
    {
      id: 'group',
      label: t('list.newGroup'),
      icon: <Users size={ICON} />,
      onSelect: () => openCreateGroup(),
    },
    {
      id: 'friend',
      label: t('list.addFriend'),
      icon: <UserPlus size={ICON} />,
      onSelect: () => navigate({ name: 'friends', pane: { kind: 'add' } }),
    },
    ...(onScan
      ? [{ id: 'scan', label: t('qr.scan'), icon: <ScanLine size={ICON} />, onSelect: onScan }]
      : []),
  ];

  let body: React.ReactNode;
  if (query.trim() !== '') {
    body = (
      <SearchResults
        label={t('list.searchLabel')}
        sections={sections}
        emptyText={t('list.noResults', { query })}
      />
    );
  } else if (conversations.length === 0) {
    body = (
      <EmptyState
        icon={<MessageCircle size={28} />}
        title={t('messages.emptyTitle')}
        body={t('messages.emptyBody')}
        action={
          <Button variant="primary" onClick={() => navigate({ name: 'friends', pane: { kind: 'none' } })}>
            {t('messages.emptyAction')}
          </Button>
        }
      />
    );
  } else {
    body = (
      <ConversationList
        label={t('messages.title')}
        ids={ids}
        selectedId={openId}
        renderRow={(id) => {
          const c = byId.get(id);
          return c ? (
            <ConversationListItem
              conversation={c}
              selected={id === openId}
              now={now}
              onOpen={open}
              menuItems={rowMenu.menuItems}
            />
          ) : null;
        }}
      />
    );
  }

  return (
    <div className="column messages-list">
      <h1 className="messages-list__title">{t('messages.title')}</h1>
      <ListSearchBar
        value={query}
        onChange={setQuery}
        onSubmit={() => sections.flatMap((s) => s.hits)[0]?.open()}
        placeholder={t('list.searchPlaceholder')}
        label={t('list.searchLabel')}
        clearLabel={t('list.clearSearch')}
        plusLabel={t('list.more')}
        plusItems={plusItems}
      />
      <div className="messages-list__body">{body}</div>
      {rowMenu.element}
    </div>
  );
}

/** The right-click menu of a row and the question before deleting a chat. */
function useRowMenu() {
  const { t } = useTranslation();
  const friends = useAppStore((s) => s.friends);
  const setPinned = useAppStore((s) => s.setPinned);
  const setMuted = useAppStore((s) => s.setMuted);
  const setMarkedUnread = useAppStore((s) => s.setMarkedUnread);
  const deleteConversation = useAppStore((s) => s.deleteConversation);
  const showToast = useAppStore((s) => s.showToast);
  const [deleting, setDeleting] = useState<Conversation | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // One function for every row (they are memoised); each row's menu is made when it opens.
  const menuItems = useCallback(
    (c: Conversation): MenuItem[] => {
      const run = (action: Promise<void>) =>
        action.catch((e: unknown) => showToast(describeError(t, e), 'error'));
      const unread = c.unreadCount > 0 || c.markedUnread;
      return [
        {
          id: 'pin',
          label: c.pinned ? t('list.unpin') : t('list.pin'),
          icon: c.pinned ? <PinOff size={ICON} /> : <Pin size={ICON} />,
          onSelect: () => void run(setPinned(c.id, !c.pinned)),
        },
        {
          id: 'mute',
          label: c.muted ? t('list.unmute') : t('list.mute'),
          icon: c.muted ? <BellRing size={ICON} /> : <BellOff size={ICON} />,
          onSelect: () => void run(setMuted(c.id, !c.muted)),
        },
        {
          id: 'read',
          label: unread ? t('list.markRead') : t('list.markUnread'),
          icon: unread ? <MailCheck size={ICON} /> : <MailWarning size={ICON} />,
          onSelect: () => void run(setMarkedUnread(c.id, !unread)),
        },
        {
          id: 'delete',
          label: t('list.delete'),
          icon: <Trash2 size={ICON} />,
          danger: true,
          onSelect: () => {
            setError(null);
            setDeleting(c);
          },
        },
      ];
    },
    [t, setPinned, setMuted, setMarkedUnread, showToast],
  );
  const deletingName = deleting
    ? conversationFace(deleting, friends, t, currentRoster(deleting.id)).name
    : '';

  async function confirmDelete() {
    if (!deleting) return;
    setBusy(true);
    try {
      await deleteConversation(deleting.id);
      setDeleting(null);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  }

  return {
    menuItems,
    element: (
      <ConfirmDialog
        open={deleting !== null}
        title={t('list.deleteTitle')}
        body={t('list.deleteBody', { name: deletingName })}
        confirmLabel={t('list.deleteConfirm')}
        cancelLabel={t('common.cancel')}
        danger
        busy={busy}
        error={error}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
      />
    ),
  };
}
