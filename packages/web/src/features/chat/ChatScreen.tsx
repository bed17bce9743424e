import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/state/store';
import { conversationFace } from '../../entities/conversationText';
import { PaneHeader } from '../../ui/PaneHeader';
import { CallButtons, GroupCallBar } from '../calls';
import { ChatClosedNotice } from './composer/ChatClosedNotice';
import { ChatComposer } from './composer/ChatComposer';
import { ChatMessages } from './messages/ChatMessages';
import { useTypingIn } from './typing';
import '../../styles/screens.css';
import { useGroupRoster } from '../../entities/groupRoster';
import { useChatInfo } from './info/useChatInfo';

type Props = { conversationId: string; onBack?: () => void };

/** One open chat: header, messages, composer. Opening it (with the window focused) marks it read. */
export function ChatScreen({ conversationId, onBack }: Props) {
  const { t } = useTranslation();
  const conversation = useAppStore((s) => s.conversations.find((c) => c.id === conversationId));
  const friends = useAppStore((s) => s.friends);
  const markRead = useAppStore((s) => s.markRead);
  // Only the phone layout gives a back button: there the chat is a page of its own, and its
  // info panel and videos take the whole screen.
  const asPage = onBack !== undefined;
  const info = useChatInfo(conversationId, asPage);
  // The server says so only in one-to-one chats.
  const typing = useTypingIn(conversationId);

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

  const roster = useGroupRoster(conversation);
  const face = conversation ? conversationFace(conversation, friends, t, roster) : null;

  return (
    <section
      className={`chat${info.docked ? ' chat--info-docked' : ''}`}
      aria-label={face?.name ?? t('messages.unknownPeer')}
      data-conversation-id={conversationId}
    >
      <PaneHeader
        title={face?.name ?? ''}
        status={typing ? t('chat.typing') : undefined}
        onBack={onBack}
        backLabel={t('common.back')}
        actions={
          <>
            {/* One-to-one and group calls. The phone's narrow header keeps its title room:
                there the calls are in the composer's "+" menu, as in WeChat. */}
            {!asPage && conversation?.active && <CallButtons conversationId={conversationId} />}
            {info.button}
          </>
        }
      />
      {conversation?.kind === 'group' && <GroupCallBar conversationId={conversationId} />}
      <ChatMessages conversationId={conversationId} asPage={asPage} />
      {conversation?.active === false ? (
        <ChatClosedNotice conversation={conversation} />
      ) : (
        <ChatComposer key={conversationId} conversationId={conversationId} chatName={face?.name ?? ''} />
      )}
      {info.panel}
    </section>
  );
}
