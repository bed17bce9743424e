import { MessageCircle } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { ConversationRow } from '../components/ConversationRow';
import { EmptyState } from '../components/EmptyState';
import { PaneHeader } from '../components/PaneHeader';
import { formatListTime } from '../lib/time';
import { useAppStore } from '../state/store';
import { conversationFace, previewOf } from './chatText';
import './screens.css';

/** The conversation list: pinned first, then the newest; the empty state until a chat starts. */
export function MessagesScreen() {
  const { t, i18n } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const conversations = useAppStore((s) => s.conversations);
  const friends = useAppStore((s) => s.friends);
  const me = useAppStore((s) => s.me);
  const route = useAppStore((s) => s.route);
  const openId = route.name === 'messages' ? route.conversationId : undefined;
  const now = Date.now();
  return (
    <div className="column">
      <PaneHeader title={t('messages.title')} />
      <div className="column__body">
        {conversations.length === 0 ? (
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
        ) : (
          <ul className="plain-list" aria-label={t('messages.title')}>
            {conversations.map((c) => {
              const face = conversationFace(c, friends, t);
              return (
                <li key={c.id}>
                  <ConversationRow
                    name={face.name}
                    avatarName={face.avatarName}
                    avatarUrl={face.avatarUrl}
                    preview={previewOf(c.lastMessage, me?.id ?? '', friends, t)}
                    time={c.lastMessageAt ? formatListTime(c.lastMessageAt, now, i18n.language) : ''}
                    unread={c.unreadCount}
                    unreadLabel={t('messages.unreadBadge', { count: c.unreadCount })}
                    muted={c.muted}
                    mutedLabel={t('messages.muted')}
                    pinned={c.pinned}
                    selected={c.id === openId}
                    onClick={() => navigate({ name: 'messages', conversationId: c.id })}
                  />
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
