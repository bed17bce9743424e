import type { ChatLine } from '../chatModel';

/** A row of the message list as it is laid out: its top and height, in the scroller's pixels. */
export interface LaidOutRow {
  index: number;
  start: number;
  size: number;
}

/** Of a row reaching into view from below, this much must show before it counts as seen. */
const SEEN_PX = 20;

/**
 * The newest row the reader can see with the view's bottom edge at `bottom` (scrollTop plus
 * the view's height), or -1 when none of `rows` is in sight.
 */
export function newestVisibleIndex(rows: readonly LaidOutRow[], bottom: number): number {
  let newest = -1;
  for (const row of rows) {
    if (row.start + Math.min(row.size, SEEN_PX) <= bottom && row.index > newest) newest = row.index;
  }
  return newest;
}

/**
 * What the "new messages" button counts: other people's messages below the newest line the
 * reader has seen (the unread ones a chat opened above, and those that came while the reader
 * was up in the history). One's own messages and system lines are never news.
 */
export function countNewBelow(lines: readonly ChatLine[], seenKey: string | null): number {
  const seen = seenKey === null ? -1 : lines.findIndex((l) => l.key === seenKey);
  // Not placed yet, or the seen line was replaced (an upload became its message): no claim.
  if (seen < 0) return 0;
  let count = 0;
  for (let i = seen + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line?.type === 'message' && !line.own) count++;
  }
  return count;
}
