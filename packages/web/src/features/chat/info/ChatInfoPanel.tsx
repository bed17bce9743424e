import type { Conversation } from '@liao/protocol';
import { X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../app/i18n/errors';
import { useAppStore } from '../../../app/state/store';
import { friendName } from '../../../entities/people';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { PaneHeader } from '../../../ui/PaneHeader';
import { MemberGrid } from '../../groups';
import './chatInfo.css';
import { GroupInfo } from '../../groups';
import { ChatSettingSwitches } from './ChatSettingSwitches';

type Props = {
  conversationId: string;
  /** A full page with a back button (the phone) rather than a panel beside the messages. */
  asPage: boolean;
  onClose: () => void;
};

/** 聊天信息: what the header's "…" opens — members and settings of a group, or of a one-to-one chat. */
export function ChatInfoPanel({ conversationId, asPage, onClose }: Props) {
  const { t } = useTranslation();
  const conversation = useAppStore((s) => s.conversations.find((c) => c.id === conversationId));

  // Esc closes the panel, unless it was meant for a dialog open above it.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className={`chat-info${asPage ? ' chat-info--page' : ''}`} aria-label={t('groups.info')}>
      {asPage ? (
        <PaneHeader title={t('groups.info')} onBack={onClose} backLabel={t('common.back')} />
      ) : (
        <div className="chat-info__head">
          <h2 className="chat-info__title">{t('groups.info')}</h2>
          <button type="button" className="chat-info__close" aria-label={t('common.close')} onClick={onClose}>
            <X size={18} />
          </button>
        </div>
      )}
      <div className="chat-info__scroll">
        {conversation?.kind === 'group' && (
          <GroupInfo
            conversation={conversation}
            switches={(showMute) => <ChatSettingSwitches conversation={conversation} showMute={showMute} />}
          />
        )}
        {conversation?.kind === 'direct' && <DirectInfo conversation={conversation} />}
        {conversation && !conversation.active && <DeleteChat conversationId={conversation.id} />}
      </div>
    </aside>
  );
}

/** A one-to-one chat: the friend (their profile on click), "+" to start a group with them, pin and mute. */
function DirectInfo({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const friend = useAppStore((s) => s.friends.find((f) => f.user.id === conversation.peerId));
  const navigate = useAppStore((s) => s.navigate);
  const openCreateGroup = useAppStore((s) => s.openCreateGroup);
  const peerId = conversation.peerId;
  const name = friend ? friendName(friend) : (conversation.name ?? t('messages.unknownPeer'));
  return (
    <>
      <section className="chat-info__block">
        <MemberGrid
          members={
            peerId
              ? [
                  {
                    id: peerId,
                    name,
                    avatarName: friend?.user.displayName ?? name,
                    avatarUrl: friend?.user.avatarUrl ?? null,
                    openable: Boolean(friend),
                  },
                ]
              : []
          }
          onOpen={(userId) => navigate({ name: 'friends', pane: { kind: 'contact', userId } })}
          {...(friend && peerId
            ? { add: { label: t('groups.startGroup'), onClick: () => openCreateGroup([peerId]) } }
            : {})}
          removeMemberLabel={() => ''}
          onRemove={() => {}}
        />
      </section>
      <ChatSettingSwitches conversation={conversation} showMute />
    </>
  );
}

/** 删除聊天, for a chat I am no longer in: gone from my list on every device. */
function DeleteChat({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const deleteChat = useAppStore((s) => s.deleteChat);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="chat-info__actions">
      <Button variant="danger" block onClick={() => setConfirming(true)}>
        {t('groups.deleteChat')}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={t('groups.deleteChat')}
        body={t('groups.deleteConfirmBody')}
        confirmLabel={t('groups.deleteChat')}
        cancelLabel={t('common.cancel')}
        danger
        busy={busy}
        error={error}
        onConfirm={() => {
          setBusy(true);
          setError(null);
          deleteChat(conversationId).catch((e: unknown) => {
            setError(describeError(t, e));
            setBusy(false);
          });
        }}
        onCancel={() => {
          setConfirming(false);
          setError(null);
        }}
      />
    </div>
  );
}
