import { RotateCw, X } from 'lucide-react';
import type { ReactNode } from 'react';
import type { ChatLine, MessageLine } from '../state/chatModel';
import { DelayedSpinner } from './DelayedSpinner';
import { ImageBubble, type ImageBubbleLabels } from './ImageBubble';
import { MessageText } from './MessageText';

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
};

export type MessageRowActions = {
  /** Draws a sender's avatar (36 px). */
  renderAvatar: (senderId: string | null) => ReactNode;
  /** The name shown above the first of a run of someone else's messages (groups only); null for none. */
  senderName?: (senderId: string | null) => string | null;
  /** A system line in words. */
  describeSystem: (line: Extract<ChatLine, { type: 'system' }>) => string;
  formatDivider: (at: number) => string;
  onRetry: (clientId: string) => void;
  /** Drops a failed message for good. */
  onDiscard: (clientId: string) => void;
  /** Uploads a failed image again. */
  onRetryUpload: (localId: string) => void;
  /** Drops a failed upload. */
  onCancelUpload: (localId: string) => void;
  onOpenImage: (key: string) => void;
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
  const classes = ['msg', line.own ? 'msg--own' : 'msg--other', line.groupStart && 'msg--start'];
  const failed = line.own && line.state === 'failed' ? failedActions(line, actions) : null;
  const name = line.groupStart && !line.own ? (actions.senderName?.(line.senderId) ?? null) : null;
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      <span className="msg__avatar">{line.groupStart ? actions.renderAvatar(line.senderId) : null}</span>
      <div className="msg__body">
        {name && <span className="msg__name">{name}</span>}
        <div className="msg__row">
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
          {line.body.kind === 'text' ? (
            <div className="msg__bubble">
              <MessageText text={line.body.text} />
            </div>
          ) : (
            <ImageBubble
              image={line.body.image}
              labels={labels.image}
              progress={line.upload && line.state === 'sending' ? line.upload.progress : null}
              onOpen={() => actions.onOpenImage(line.key)}
            />
          )}
        </div>
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
