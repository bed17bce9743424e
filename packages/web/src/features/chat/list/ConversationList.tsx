import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';
import './ConversationList.css';

type Props = {
  label: string;
  ids: readonly string[];
  /** The open chat: scrolled into view when it changes (Alt+↑/↓, the quick switcher). */
  selectedId: string | undefined;
  renderRow: (id: string) => ReactNode;
};

/** Each row is 64 px tall (ConversationRow.css); a fixed height keeps the scroll exact. */
const ROW_HEIGHT = 64;
/** Rows drawn beyond the visible ones, so a quick flick shows no blank rows. */
const OVERSCAN = 8;

/** The chat list, drawn virtually: only the rows in view exist, so 2,000 chats scroll smoothly. */
export function ConversationList({ label, ids, selectedId, renderRow }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => ids[index] ?? index,
  });
  // Only when another chat opens: a new message moving the open chat up must not pull the
  // list away from where the person scrolled.
  const idsRef = useRef(ids);
  idsRef.current = ids;
  useEffect(() => {
    const index = selectedId ? idsRef.current.indexOf(selectedId) : -1;
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId, virtualizer]);
  return (
    <div ref={scroller} className="conv-list">
      <ul className="conv-list__inner" aria-label={label} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const id = ids[item.index];
          if (id === undefined) return null;
          return (
            <li
              key={item.key}
              className="conv-list__row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {renderRow(id)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
