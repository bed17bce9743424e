import { useVirtualizer } from '@tanstack/react-virtual';
import { LoaderCircle } from 'lucide-react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type ChatLine, imageBox, videoBox } from '../chatModel';
import type { HistoryStatus } from '../timelineActions';
import { MessageRow, type MessageRowActions, type MessageRowLabels } from './MessageRow';
import { NewMessagesButton } from './NewMessagesButton';
import { countNewBelow, newestVisibleIndex } from './newBelow';
import './MessageList.css';

/** Within this distance of the end the reader counts as "at the bottom" and follows new lines. */
const STICK_PX = 80;
/** Older messages are fetched once the reader is this close to the top, before they get there. */
const LOAD_OLDER_PX = 800;
/** The row above the oldest message: a spinner while older ones load, or "no more". */
const HISTORY_ROW_PX = 40;
const END_PADDING_PX = 16;
/** Rows drawn beyond the visible ones, so a quick scroll does not show blank space. */
const OVERSCAN = 8;

export type MessageListLabels = MessageRowLabels & {
  loadingHistory: string;
  noMoreHistory: string;
  historyFailed: string;
  retryHistory: string;
  /** "↓ 3 条新消息". */
  newMessages: (count: number) => string;
  backToBottom: string;
};

type Props = MessageRowActions & {
  lines: readonly ChatLine[];
  labels: MessageListLabels;
  history: HistoryStatus | undefined;
  /** The reader came near the top: show older messages. */
  onLoadOlder: () => void;
  /** Brings this line into view (a reply's quote was clicked); a new object each time. */
  jumpTo?: { key: string } | null;
};

/** A row's height before it is drawn, close enough that the scrollbar does not lurch. */
function estimateHeight(line: ChatLine | undefined): number {
  if (!line) return 40;
  switch (line.type) {
    case 'divider':
      return 34;
    case 'unread':
      return 38;
    case 'system':
      return 30;
    case 'message': {
      const top = line.groupStart ? 12 : 4;
      const under = (line.receipt || line.state === 'failed' ? 20 : 0) + (line.quote ? 30 : 0);
      if (line.body.kind === 'image')
        return top + imageBox(line.body.image.width, line.body.image.height).height + under;
      if (line.body.kind === 'video') {
        const { card, comment } = line.body.video;
        const box = card?.available ? videoBox(card.width, card.height) : null;
        const media = box ? box.height + 34 : 48;
        // The comment wraps at the card's width (about 14 px a character, 20 px of padding).
        const perLine = Math.max(1, Math.floor(((box?.width ?? 240) - 20) / 14));
        const commentHeight = comment ? 15 + 21 * Math.ceil(comment.length / perLine) : 0;
        return top + media + commentHeight + under;
      }
      // A call's line is one row of a bubble.
      if (line.body.kind === 'call') return top + 16 + 21 + under;
      const text = line.body.text;
      const rows = text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / 28)), 0);
      return top + 16 + rows * 21 + under;
    }
  }
}

/**
 * The chat's messages, newest at the bottom, as WeChat and Telegram Desktop draw them: only the
 * rows in sight are in the page (100,000 messages scroll like 100); the view follows new messages
 * while at the bottom and stays put otherwise, with a button that counts what came; older pages
 * load near the top without moving what the reader looks at; a chat with more unread messages
 * than fit opens at the "new messages" line.
 */
export function MessageList({ lines, labels, history, onLoadOlder, jumpTo, ...actions }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const getItemKey = useCallback((index: number) => lines[index]?.key ?? index, [lines]);
  const estimateSize = useCallback((index: number) => estimateHeight(lines[index]), [lines]);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    getItemKey,
    overscan: OVERSCAN,
    paddingStart: HISTORY_ROW_PX,
    paddingEnd: END_PADDING_PX,
    // Chat scrolling: prepending older rows keeps the row in sight where it is; appending
    // follows only a reader who is at the bottom.
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: STICK_PX,
  });

  /** The newest line the reader has had in sight: what is below it from others is news. */
  const [seenKey, setSeenKey] = useState<string | null>(null);
  const newCount = useMemo(() => countNewBelow(lines, seenKey), [lines, seenKey]);
  const [farFromEnd, setFarFromEnd] = useState(false);
  const atEnd = useRef(true);
  /** The first position (the end, or the unread line) has been taken. */
  const placed = useRef(false);
  /** The unread line was there when the position was taken (it is placed once, at most). */
  const markerSeen = useRef(false);
  /** The reader scrolled by hand: from then on only they move the view. */
  const touched = useRef(false);
  const newestKey = useRef<string | undefined>(undefined);

  // Where the chat opens: at the "new messages" line when more came than fit on the screen,
  // else at the bottom. The line may appear only once the server filled in the unread messages.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || lines.length === 0) return;
    const marker = lines.findIndex((l) => l.type === 'unread');
    const markerNew = marker >= 0 && !markerSeen.current && !touched.current;
    if (placed.current && !markerNew) return;
    placed.current = true;
    if (marker >= 0) markerSeen.current = true;
    const start = marker >= 0 ? virtualizer.measurementsCache[marker]?.start : undefined;
    if (start !== undefined && virtualizer.getTotalSize() - start > el.clientHeight) {
      atEnd.current = false;
      // Seen up to the line; the scroll that shows what is under it counts those in sight.
      setSeenKey(lines[marker]?.key ?? null);
      virtualizer.scrollToIndex(marker, { align: 'start' });
    } else {
      virtualizer.scrollToEnd();
      setSeenKey(lines.at(-1)?.key ?? null);
    }
  }, [lines, virtualizer]);

  // New lines below: my own message brings the view down (as in WeChat); a reader at the bottom
  // sees them; others' count on the button while the reader is up in the history.
  useLayoutEffect(() => {
    const previous = newestKey.current;
    newestKey.current = lines.at(-1)?.key;
    if (previous === undefined || previous === newestKey.current) return;
    const from = lines.findIndex((l) => l.key === previous);
    if (from < 0) return;
    const added = lines.slice(from + 1);
    const own = added.some((l) => l.type === 'message' && l.own && l.state !== 'sent');
    if (own) virtualizer.scrollToEnd();
    if (own || atEnd.current) setSeenKey(newestKey.current ?? null);
  }, [lines, virtualizer]);

  // A quote's original, when loaded: the reader moved the view, so it stays where it goes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs per request, with the rows of that moment
  useLayoutEffect(() => {
    if (!jumpTo) return;
    const index = lines.findIndex((l) => l.key === jumpTo.key);
    if (index < 0) return;
    touched.current = true;
    atEnd.current = false;
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [jumpTo]);

  const loadOlderIfNearTop = useCallback(() => {
    const el = scroller.current;
    if (el && placed.current && history === 'more' && el.scrollTop < LOAD_OLDER_PX) onLoadOlder();
  }, [history, onLoadOlder]);

  // A page that did not fill the screen, or a reader still at the top: the next page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the rows or the history state change
  useEffect(() => {
    loadOlderIfNearTop();
  }, [loadOlderIfNearTop, lines.length]);

  // Scrolling by hand (wheel, touch, scrollbar, keys) tells the reader's moves from the list's own.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const touch = () => {
      touched.current = true;
    };
    const kinds = ['wheel', 'touchstart', 'mousedown', 'keydown'] as const;
    for (const kind of kinds) el.addEventListener(kind, touch, { passive: true });
    return () => {
      for (const kind of kinds) el.removeEventListener(kind, touch);
    };
  }, []);

  /** The reader has seen the line at `index` and everything above it (never less than before). */
  const markSeen = (index: number) => {
    const key = lines[index]?.key;
    if (key === undefined) return;
    setSeenKey((seen) => {
      const before = seen === null ? -1 : lines.findIndex((l) => l.key === seen);
      return index > before ? key : seen;
    });
  };

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
    atEnd.current = distance < STICK_PX;
    markSeen(
      atEnd.current
        ? lines.length - 1
        : newestVisibleIndex(virtualizer.getVirtualItems(), el.scrollTop + el.clientHeight),
    );
    setFarFromEnd(distance > el.clientHeight);
    loadOlderIfNearTop();
  };
  const jumpToEnd = () => {
    virtualizer.scrollToEnd();
    markSeen(lines.length - 1);
  };
  const viewport = virtualizer.scrollRect?.height ?? 0;
  return (
    <div className="msg-list">
      <div className="msg-list__scroller" ref={scroller} onScroll={onScroll}>
        <ol className="msg-list__rows" style={{ height: virtualizer.getTotalSize() }}>
          <li className="msg-list__history">
            {(history === 'loading' || history === 'pending') && (
              <LoaderCircle size={16} className="spin" role="status" aria-label={labels.loadingHistory} />
            )}
            {history === 'done' && virtualizer.getTotalSize() > viewport && (
              <span>{labels.noMoreHistory}</span>
            )}
            {history === 'error' && (
              <>
                <span>{labels.historyFailed}</span>
                <button type="button" className="msg-list__history-retry" onClick={onLoadOlder}>
                  {labels.retryHistory}
                </button>
              </>
            )}
          </li>
          {virtualizer.getVirtualItems().map((item) => {
            const line = lines[item.index];
            if (!line) return null;
            return (
              <li
                key={item.key}
                className="msg-list__row"
                data-index={item.index}
                data-key={line.key}
                ref={virtualizer.measureElement}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <MessageRow line={line} labels={labels} {...actions} />
              </li>
            );
          })}
        </ol>
      </div>
      {(newCount > 0 || farFromEnd) && (
        <NewMessagesButton
          count={newCount}
          label={newCount > 0 ? labels.newMessages(newCount) : labels.backToBottom}
          onClick={jumpToEnd}
        />
      )}
    </div>
  );
}
