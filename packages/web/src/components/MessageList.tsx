import { RotateCw } from 'lucide-react';
import { type ReactNode, useLayoutEffect, useRef } from 'react';
import type { ChatLine } from '../state/chatModel';
import { DelayedSpinner } from './DelayedSpinner';
import { MessageText } from './MessageText';
import './MessageList.css';

/** Within this distance of the end the reader counts as "at the bottom" and follows new lines. */
const STICK_PX = 80;

export type MessageListLabels = {
  sending: string;
  failed: string;
  retry: string;
  read: string;
  unread: string;
};

type Props = {
  lines: readonly ChatLine[];
  labels: MessageListLabels;
  /** Draws a sender's avatar (36 px). */
  renderAvatar: (senderId: string | null) => ReactNode;
  /** A system line in words. */
  describeSystem: (line: Extract<ChatLine, { type: 'system' }>) => string;
  formatDivider: (at: number) => string;
  onRetry: (clientId: string) => void;
};

/** The chat's messages: grouped by sender, own on the right, newest at the bottom. */
export function MessageList({ lines, labels, renderAvatar, describeSystem, formatDivider, onRetry }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const lastKey = lines.at(-1)?.key;

  // Follow new lines while the reader is at the bottom (and always on first draw).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the newest line changes
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [lastKey, lines.length]);

  return (
    <div
      className="msg-list"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
      }}
    >
      <ol className="msg-list__lines">
        {lines.map((line) => {
          if (line.type === 'divider')
            return (
              <li key={line.key} className="msg-list__divider">
                {formatDivider(line.at)}
              </li>
            );
          if (line.type === 'system')
            return (
              <li key={line.key} className="msg-list__system">
                {describeSystem(line)}
              </li>
            );
          const classes = ['msg', line.own ? 'msg--own' : 'msg--other', line.groupStart && 'msg--start'];
          return (
            <li key={line.key} className={classes.filter(Boolean).join(' ')}>
              <span className="msg__avatar">{line.groupStart ? renderAvatar(line.senderId) : null}</span>
              <div className="msg__body">
                <div className="msg__row">
                  {line.own && line.state === 'sending' && (
                    <span className="msg__state">
                      <DelayedSpinner label={labels.sending} />
                    </span>
                  )}
                  {line.own && line.state === 'failed' && line.clientId && (
                    <button
                      type="button"
                      className="msg__retry"
                      aria-label={`${labels.failed} ${labels.retry}`}
                      title={labels.retry}
                      onClick={() => line.clientId && onRetry(line.clientId)}
                    >
                      <RotateCw size={14} aria-hidden="true" />
                    </button>
                  )}
                  <div className="msg__bubble">
                    <MessageText text={line.text} />
                  </div>
                </div>
                {line.own && line.state === 'failed' && (
                  <span className="msg__receipt msg__receipt--failed">{labels.failed}</span>
                )}
                {line.receipt && (
                  <span className="msg__receipt">
                    {line.receipt === 'read' ? labels.read : labels.unread}
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
