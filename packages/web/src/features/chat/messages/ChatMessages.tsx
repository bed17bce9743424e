import type { VideoCard } from '@liao/protocol';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../app/i18n/errors';
import { appStore, useAppStore } from '../../../app/state/store';
import { callLineText } from '../../../entities/callLine';
import {
  conversationFace,
  describeSystemEvent,
  type GroupNames,
  groupObjectName,
  personName,
} from '../../../entities/conversationText';
import { membersOf } from '../../../entities/groupMembers';
import { personFace } from '../../../entities/people';
import { Avatar } from '../../../ui/Avatar';
import { ChatVideoPlayer } from '../../videos';
import { buildChatLines, type ChatQuote, collectImages, quoteOfLine } from '../chatModel';
import { quoteText } from '../chatText';
import { formatChatDivider } from '../chatTime';
import { startReply } from '../composer/replyDraft';
import { ImageViewer, type ImageViewerLabels } from './ImageViewer';
import { MessageList, type MessageListLabels } from './MessageList';

type Props = {
  conversationId: string;
  /** The chat is a page of the phone layout: video cards open full screen, and back closes them. */
  asPage: boolean;
};

/** How long the message a quote led to stays highlighted. */
const FLASH_MS = 1600;

/**
 * The open chat's messages: its window of history from the store (growing as the reader
 * scrolls up), my uploads in progress, the "new messages" line where the reader left off, and
 * the picture viewer.
 */
export function ChatMessages({ conversationId, asPage }: Props) {
  const { t, i18n } = useTranslation();
  const conversation = useAppStore((s) => s.conversations.find((c) => c.id === conversationId));
  const items = useAppStore((s) => s.timelines[conversationId]);
  const history = useAppStore((s) => s.historyStatus[conversationId]);
  const uploads = useAppStore((s) => s.uploads[conversationId]);
  const friends = useAppStore((s) => s.friends);
  const me = useAppStore((s) => s.me);
  const openTimeline = useAppStore((s) => s.openTimeline);
  const closeTimeline = useAppStore((s) => s.closeTimeline);
  const loadOlderMessages = useAppStore((s) => s.loadOlderMessages);
  const retrySend = useAppStore((s) => s.retrySend);
  const discardSend = useAppStore((s) => s.discardSend);
  const retryUpload = useAppStore((s) => s.retryUpload);
  const cancelUpload = useAppStore((s) => s.cancelUpload);
  const showToast = useAppStore((s) => s.showToast);
  const [viewing, setViewing] = useState<string | null>(null);
  const [playingCard, setPlayingCard] = useState<VideoCard | null>(null);
  const [jumpTo, setJumpTo] = useState<{ key: string } | null>(null);
  const videoHoverAutoplay = useAppStore((s) => s.videoHoverAutoplay);
  const openShareVideo = useAppStore((s) => s.openShareVideo);
  const meId = me?.id ?? '';
  const membersEntry = useAppStore((s) => membersOf(s, conversationId));
  const loadMembers = useAppStore((s) => s.loadMembers);

  // A group's senders and system lines are named from its member list, read when the chat opens
  // and again whenever it changes (membersVersion); someone no longer in it cannot read it.
  const isActiveGroup = conversation?.kind === 'group' && conversation.active;
  const membersVersion = conversation?.membersVersion ?? 0;
  useEffect(() => {
    if (isActiveGroup) void loadMembers(conversationId, membersVersion);
  }, [isActiveGroup, conversationId, membersVersion, loadMembers]);
  const group = useMemo<GroupNames | undefined>(
    () =>
      conversation?.kind === 'group'
        ? { me, friends, people: { members: membersEntry?.members ?? [], former: membersEntry?.former } }
        : undefined,
    [conversation?.kind, me, friends, membersEntry],
  );
  // Lines name whom they are about once the list is in (or cannot come: I am no longer in the
  // group), so that "Alice邀请一位成员加入了群聊" never flashes before the names arrive.
  const namesReady = membersEntry?.status === 'ready' || (group !== undefined && !isActiveGroup);

  useEffect(() => {
    void openTimeline(conversationId);
    return () => closeTimeline(conversationId);
  }, [conversationId, openTimeline, closeTimeline]);

  // A load that failed offline, or that waited for the SDK to learn of the chat, goes again
  // when the connection opens or the chat appears in the list.
  const connection = useAppStore((s) => s.connection);
  const listed = conversation !== undefined;
  useEffect(() => {
    if (connection !== 'open' && !listed) return;
    const status = appStore.getState().historyStatus[conversationId];
    if (status === 'error' || status === 'pending') void loadOlderMessages(conversationId);
  }, [connection, listed, conversationId, loadOlderMessages]);

  // The read mark as it was when the chat opened (taken while rendering, before opening the
  // chat moves it): the "new messages" line stays there until the chat is closed.
  const unreadAfter = useRef<number | null | undefined>(undefined);
  if (unreadAfter.current === undefined && conversation)
    unreadAfter.current = conversation.lastSeq > conversation.readSeq ? conversation.readSeq : null;

  const kind = conversation?.kind;
  const peerReadSeq = conversation?.peerReadSeq ?? null;
  const lines = useMemo(
    () =>
      buildChatLines(items ?? [], meId, kind ? { kind, peerReadSeq } : undefined, {
        unreadAfterSeq: unreadAfter.current ?? null,
        uploads: uploads ?? [],
        fromStart: history === 'done',
      }),
    [items, meId, kind, peerReadSeq, uploads, history],
  );
  const images = useMemo(() => collectImages(lines), [lines]);
  const viewerIndex = viewing === null ? -1 : images.findIndex((i) => i.key === viewing);

  const labels = useMemo<MessageListLabels>(
    () => ({
      sending: t('messages.sending'),
      failed: t('messages.failed'),
      retry: t('messages.retry'),
      discard: t('messages.discard'),
      read: t('messages.read'),
      unread: t('messages.unread'),
      unreadMarker: t('chat.unreadMarker'),
      video: {
        play: (caption) => (caption ? t('videoChat.card', { caption }) : t('videoChat.cardUntitled')),
        fullWindow: t('videoChat.fullWindow'),
        share: t('videoChat.share'),
        unavailable: t('videoChat.unavailable'),
        sending: t('videoChat.sending'),
      },
      reply: t('reply.action'),
      messageMenu: t('reply.menu'),
      image: {
        open: t('chat.openImage'),
        failed: t('chat.imageFailed'),
        uploading: (percent) => t('chat.uploading', { percent }),
      },
      loadingHistory: t('chat.loadingHistory'),
      noMoreHistory: t('chat.noMoreHistory'),
      historyFailed: t('chat.historyFailed'),
      retryHistory: t('chat.retryHistory'),
      newMessages: (count) => t('chat.newMessages', { count }),
      backToBottom: t('chat.backToBottom'),
    }),
    [t],
  );
  const viewerLabels = useMemo<ImageViewerLabels>(
    () => ({
      title: t('chat.viewer'),
      close: t('chat.close'),
      zoomIn: t('chat.zoomIn'),
      zoomOut: t('chat.zoomOut'),
      save: t('chat.save'),
      previous: t('chat.previousImage'),
      next: t('chat.nextImage'),
      failed: t('chat.imageFailed'),
      position: (index, total) => t('chat.imagePosition', { index, total }),
    }),
    [t],
  );

  const face = conversation ? conversationFace(conversation, friends, t) : null;
  const describeQuote = (quote: ChatQuote) => {
    const name = personName(quote.senderId, meId, friends, t, group);
    return { name, text: quoteText(quote, t), label: t('reply.quoteOf', { name }) };
  };
  // The quoted message, when it is among the loaded lines; a flash shows which one it is.
  const openQuote = (seq: number) => {
    const target = lines.find((l) => l.type === 'message' && l.seq === seq);
    if (target) setJumpTo({ key: target.key });
  };
  useEffect(() => {
    if (!jumpTo) return;
    const timer = setTimeout(() => setJumpTo(null), FLASH_MS);
    return () => clearTimeout(timer);
  }, [jumpTo]);
  return (
    <>
      <MessageList
        lines={lines}
        labels={labels}
        history={history}
        jumpTo={jumpTo}
        flashKey={jumpTo?.key ?? null}
        onLoadOlder={() => void loadOlderMessages(conversationId)}
        renderAvatar={(senderId) => {
          if (senderId === meId && me) return <Avatar name={me.displayName} src={me.avatarUrl} size={36} />;
          const person = senderId && group ? personFace(senderId, me, friends, group.people) : null;
          if (person) return <Avatar name={person.avatarName} src={person.avatarUrl} size={36} />;
          const friend = friends.find((f) => f.user.id === senderId);
          const name = friend?.user.displayName ?? face?.avatarName ?? '?';
          return <Avatar name={name} src={friend?.user.avatarUrl ?? null} size={36} />;
        }}
        senderName={
          group
            ? (senderId) => (senderId && personFace(senderId, me, friends, group.people)?.name) || null
            : undefined
        }
        describeSystem={(line) =>
          describeSystemEvent(
            line.event,
            personName(line.actorId, meId, friends, t, group),
            t,
            group && namesReady ? groupObjectName(group, t) : undefined,
          )
        }
        describeCall={(call, own) => callLineText(call, own, t)}
        formatDivider={(at) => formatChatDivider(at, Date.now(), i18n.language)}
        onRetry={(clientId) => {
          retrySend(clientId).catch((error: unknown) => showToast(describeError(t, error), 'error'));
        }}
        onDiscard={(clientId) => {
          discardSend(clientId).catch((error: unknown) => showToast(describeError(t, error), 'error'));
        }}
        onRetryUpload={(localId) => void retryUpload(localId)}
        onCancelUpload={cancelUpload}
        onOpenImage={setViewing}
        onReply={(line) => {
          const quote = quoteOfLine(line);
          if (quote) startReply(conversationId, { quote, name: describeQuote(quote).name });
        }}
        describeQuote={describeQuote}
        onOpenQuote={openQuote}
        onShareVideo={openShareVideo}
        onVideoFullWindow={(video) => setPlayingCard(video.card)}
        videoHoverAutoplay={videoHoverAutoplay}
        videoPlayInPlace={!asPage}
      />
      {playingCard && (
        <ChatVideoPlayer card={playingCard} closeOnBack={asPage} onClose={() => setPlayingCard(null)} />
      )}
      {viewerIndex >= 0 && (
        <ImageViewer
          images={images}
          index={viewerIndex}
          labels={viewerLabels}
          onIndex={(index) => setViewing(images[index]?.key ?? null)}
          onClose={() => setViewing(null)}
        />
      )}
    </>
  );
}
