import type { CallRecord } from '@liao/protocol';
import { Phone, Reply, RotateCw, Video, X } from 'lucide-react';
import type { ReactNode } from 'react';
import { ContextMenu } from '../../../ui/ContextMenu';
import { DelayedSpinner } from '../../../ui/DelayedSpinner';
import type { ChatLine, ChatQuote, ChatVideo, MessageLine } from '../chatModel';
import { ImageBubble, type ImageBubbleLabels } from './ImageBubble';
import { MessageText } from './MessageText';
import { ReplyQuote } from './ReplyQuote';
import { VideoCard, type VideoCardLabels } from './VideoCard';

export type MessageRowLabels = {
  sending: string;
  failed: string;
  retry: string;
  discard: string;
  read: string;
  unread: string;
  /** The line above the first message that came since the chat was last read. */
  unreadMarker: string;
  image: ImageBubbleLabels;
  video: VideoCardLabels;
  /** "回复": the hover button and the right-click menu's item. */
  reply: string;
  /** Names the right-click menu for screen readers. */
  messageMenu: string;
};

export type MessageRowActions = {
  /** Draws a sender's avatar (36 px). */
  renderAvatar: (senderId: string | null) => ReactNode;
  /** The name shown above the first of a run of someone else's messages (groups only); null for none. */
  senderName?: (senderId: string | null) => string | null;
  /** A system line in words. */
  describeSystem: (line: Extract<ChatLine, { type: 'system' }>) => string;
  /** A call's line in words, as its caller (`own`) or the others read it. */
  describeCall: (call: CallRecord, own: boolean) => string;
  formatDivider: (at: number) => string;
  onRetry: (clientId: string) => void;
  /** Drops a failed message for good. */
  onDiscard: (clientId: string) => void;
  /** Uploads a failed image again. */
  onRetryUpload: (localId: string) => void;
  /** Drops a failed upload. */
  onCancelUpload: (localId: string) => void;
  onOpenImage: (key: string) => void;
  /** Starts a reply to this message in the composer (sent messages only). */
  onReply: (line: MessageLine) => void;
  /** A reply's quote in words: who wrote the original and what it said. */
  describeQuote: (quote: ChatQuote) => { name: string; text: string; label: string };
  /** Goes to the quoted message, when it is loaded. */
  onOpenQuote: (seq: number) => void;
  onShareVideo: (videoId: string) => void;
  onVideoFullWindow: (video: ChatVideo) => void;
  /** Video cards play muted under the pointer (a setting). */
  videoHoverAutoplay: boolean;
  /** Video cards play inside the chat (the desktop), or open full screen at a tap (the phone). */
  videoPlayInPlace: boolean;
  /** The line just jumped to from a quote: it flashes briefly. */
  flashKey?: string | null;
};

type Props = MessageRowActions & { line: ChatLine; labels: MessageRowLabels };

/** One line of the chat: a time divider, the unread line, a system line or a message. */
export function MessageRow({ line, labels, ...actions }: Props) {
  switch (line.type) {
    case 'divider':
      return <div className="msg-list__divider">{actions.formatDivider(line.at)}</div>;
    case 'unread':
      return (
        <div className="msg-list__unread">
          <span>{labels.unreadMarker}</span>
        </div>
      );
    case 'system':
      return <div className="msg-list__system">{actions.describeSystem(line)}</div>;
    case 'message':
      return <MessageBubble line={line} labels={labels} {...actions} />;
  }
}

function MessageBubble({
  line,
  labels,
  ...actions
}: MessageRowActions & { line: MessageLine; labels: MessageRowLabels }) {
  const classes = [
    'msg',
    line.own ? 'msg--own' : 'msg--other',
    line.groupStart && 'msg--start',
    actions.flashKey === line.key && 'msg--flash',
  ];
  const canReply = line.seq !== null;
  const quote = line.quote ? actions.describeQuote(line.quote) : null;
  const quoteSeq = line.quote?.seq;
  const replyButton = canReply && (
    <button
      type="button"
      className="msg__reply"
      aria-label={labels.reply}
      title={labels.reply}
      onClick={() => actions.onReply(line)}
    >
      <Reply size={15} aria-hidden="true" />
    </button>
  );
  const failed = line.own && line.state === 'failed' ? failedActions(line, actions) : null;
  const name = line.groupStart && !line.own ? (actions.senderName?.(line.senderId) ?? null) : null;
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      <span className="msg__avatar">{line.groupStart ? actions.renderAvatar(line.senderId) : null}</span>
      <div className="msg__body">
        {name && <span className="msg__name">{name}</span>}
        {/* The right-click (long-press) menu repeats the reply button, which keyboards reach. */}
        <ContextMenu
          label={labels.messageMenu}
          disabled={!canReply}
          items={() => [
            {
              id: 'reply',
              label: labels.reply,
              icon: <Reply size={16} aria-hidden="true" />,
              onSelect: () => actions.onReply(line),
            },
          ]}
        >
          <div className="msg__row">
            {line.own && replyButton}
            {line.own && line.state === 'sending' && !line.upload && (
              <span className="msg__state">
                <DelayedSpinner label={labels.sending} />
              </span>
            )}
            {failed && (
              <span className="msg__failed-actions">
                <button
                  type="button"
                  className="msg__retry"
                  aria-label={`${labels.failed} ${labels.retry}`}
                  title={labels.retry}
                  onClick={failed.retry}
                >
                  <RotateCw size={14} aria-hidden="true" />
                </button>
                <button
                  type="button"
                  className="msg__discard"
                  aria-label={labels.discard}
                  title={labels.discard}
                  onClick={failed.discard}
                >
                  <X size={14} aria-hidden="true" />
                </button>
              </span>
            )}
            <div className="msg__content">
              {quote && (
                <ReplyQuote
                  name={quote.name}
                  text={quote.text}
                  label={quote.label}
                  onOpen={quoteSeq === undefined ? undefined : () => actions.onOpenQuote(quoteSeq)}
                />
              )}
              {renderBody(line, labels, actions)}
            </div>
            {!line.own && replyButton}
          </div>
        </ContextMenu>
        {line.own && line.state === 'failed' && (
          <span className="msg__receipt msg__receipt--failed">{labels.failed}</span>
        )}
        {line.receipt && (
          <span className="msg__receipt">{line.receipt === 'read' ? labels.read : labels.unread}</span>
        )}
      </div>
    </div>
  );
}

/** The message itself: its text, picture or video card. */
function renderBody(line: MessageLine, labels: MessageRowLabels, actions: MessageRowActions): ReactNode {
  switch (line.body.kind) {
    case 'text':
      return (
        <div className="msg__bubble">
          <MessageText text={line.body.text} />
        </div>
      );
    case 'image':
      return (
        <ImageBubble
          image={line.body.image}
          labels={labels.image}
          progress={line.upload && line.state === 'sending' ? line.upload.progress : null}
          onOpen={() => actions.onOpenImage(line.key)}
        />
      );
    case 'video': {
      const { video } = line.body;
      return (
        <VideoCard
          video={video}
          labels={labels.video}
          hoverAutoplay={actions.videoHoverAutoplay}
          playInPlace={actions.videoPlayInPlace}
          onFullWindow={() => actions.onVideoFullWindow(video)}
          onShare={() => actions.onShareVideo(video.videoId)}
        />
      );
    }
    case 'call': {
      const { call } = line.body;
      const Icon = call.media === 'video' ? Video : Phone;
      return (
        <div className="msg__bubble msg__bubble--call">
          <Icon size={16} aria-hidden="true" />
          <span>{actions.describeCall(call, line.own)}</span>
        </div>
      );
    }
  }
}

/** What a failed line's buttons do: send or upload again, or drop it. */
function failedActions(
  line: MessageLine,
  actions: MessageRowActions,
): { retry: () => void; discard: () => void } | null {
  const { clientId, upload } = line;
  if (clientId) return { retry: () => actions.onRetry(clientId), discard: () => actions.onDiscard(clientId) };
  if (upload)
    return {
      retry: () => actions.onRetryUpload(upload.localId),
      discard: () => actions.onCancelUpload(upload.localId),
    };
  return null;
}
