import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../components/Avatar';
import { MessageList } from '../components/MessageList';
import { PaneHeader } from '../components/PaneHeader';
import { describeError } from '../i18n/errors';
import { formatDividerTime } from '../lib/time';
import { buildChatLines } from '../state/chatModel';
import { useAppStore } from '../state/store';
import { ChatClosedNotice } from './ChatClosedNotice';
import { ChatComposer } from './ChatComposer';
import { conversationFace, describeSystemEvent, personName } from './chatText';
import './screens.css';
import { useChatInfo } from './useChatInfo';

type Props = { conversationId: string; onBack?: () => void };

/** One open chat: header, messages, composer. Opening it (with the window focused) marks it read. */
export function ChatScreen({ conversationId, onBack }: Props) {
  const { t, i18n } = useTranslation();
  const conversation = useAppStore((s) => s.conversations.find((c) => c.id === conversationId));
  const items = useAppStore((s) => s.timelines[conversationId]);
  const friends = useAppStore((s) => s.friends);
  const me = useAppStore((s) => s.me);
  const refreshTimeline = useAppStore((s) => s.refreshTimeline);
  const retrySend = useAppStore((s) => s.retrySend);
  const markRead = useAppStore((s) => s.markRead);
  const info = useChatInfo(conversationId, Boolean(onBack));
  const showToast = useAppStore((s) => s.showToast);
  const meId = me?.id ?? '';

  useEffect(() => {
    void refreshTimeline(conversationId);
  }, [conversationId, refreshTimeline]);

  // Read up to the newest message whenever it moves while the chat is open and the window focused.
  const lastSeq = conversation?.lastSeq ?? 0;
  const readSeq = conversation?.readSeq ?? 0;
  useEffect(() => {
    if (lastSeq <= readSeq) return;
    const read = () => {
      if (document.hasFocus()) markRead(conversationId, lastSeq);
    };
    read();
    window.addEventListener('focus', read);
    return () => window.removeEventListener('focus', read);
  }, [conversationId, lastSeq, readSeq, markRead]);

  const lines = useMemo(() => buildChatLines(items ?? [], meId, conversation), [items, meId, conversation]);
  const face = conversation ? conversationFace(conversation, friends, t) : null;

  return (
    <section className="chat" aria-label={face?.name ?? t('messages.unknownPeer')}>
      <PaneHeader
        title={face?.name ?? ''}
        onBack={onBack}
        backLabel={t('common.back')}
        actions={info.button}
      />
      <MessageList
        lines={lines}
        labels={{
          sending: t('messages.sending'),
          failed: t('messages.failed'),
          retry: t('messages.retry'),
          read: t('messages.read'),
          unread: t('messages.unread'),
        }}
        renderAvatar={(senderId) => {
          if (senderId === meId && me) return <Avatar name={me.displayName} src={me.avatarUrl} size={36} />;
          const friend = friends.find((f) => f.user.id === senderId);
          const name = friend?.user.displayName ?? face?.avatarName ?? '?';
          return <Avatar name={name} src={friend?.user.avatarUrl ?? null} size={36} />;
        }}
        describeSystem={(line) =>
          describeSystemEvent(line.event, personName(line.actorId, meId, friends, t), t)
        }
        formatDivider={(at) => formatDividerTime(at, Date.now(), i18n.language)}
        onRetry={(clientId) => {
          retrySend(clientId).catch((error: unknown) => showToast(describeError(t, error), 'error'));
        }}
      />
      {conversation?.active === false ? (
        <ChatClosedNotice conversation={conversation} />
      ) : (
        <ChatComposer key={conversationId} conversationId={conversationId} />
      )}
      {info.panel}
    </section>
  );
}
