import type { Message } from '@liao/protocol';
import type { SeqRange } from '../store/types';

// A conversation's known ranges: which seqs this device holds. Every function here returns a
// new list and leaves its input as it was.

/** The ranges with [from, to] added, merged with any it overlaps or touches. */
export function addRange(known: readonly SeqRange[], from: number, to: number): SeqRange[] {
  if (to < from) return [...known];
  const out: SeqRange[] = [];
  let lo = from;
  let hi = to;
  let placed = false;
  for (const [a, b] of known) {
    if (b < lo - 1) out.push([a, b]);
    else if (a > hi + 1) {
      if (!placed) {
        out.push([lo, hi]);
        placed = true;
      }
      out.push([a, b]);
    } else {
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
  }
  if (!placed) out.push([lo, hi]);
  return out;
}

/** Whether the seq is in one of the ranges. */
export function isKnown(known: readonly SeqRange[], seq: number): boolean {
  return known.some(([a, b]) => a <= seq && seq <= b);
}

/** The highest known seq, or undefined when nothing is. */
export function topOf(known: readonly SeqRange[]): number | undefined {
  return known.at(-1)?.[1];
}

/**
 * The seqs the device missed and should fetch: between two known ranges, and above the top
 * one up to `lastSeq`. Below the lowest range lies older history, loaded only on demand (see
 * olderPage). Seqs below `firstSeq` are not the user's to read and never count.
 */
export function holesOf(known: readonly SeqRange[], firstSeq: number, lastSeq: number): SeqRange[] {
  const holes: SeqRange[] = [];
  const push = (from: number, to: number) => {
    const a = Math.max(from, firstSeq, 1);
    if (a <= to) holes.push([a, to]);
  };
  for (let i = 1; i < known.length; i++) {
    push((known[i - 1] as SeqRange)[1] + 1, (known[i] as SeqRange)[0] - 1);
  }
  const top = topOf(known);
  if (top !== undefined) push(top + 1, lastSeq);
  return holes;
}

/**
 * The next page of older history for a timeline that shows the top range: `before` its first
 * seq, at most `pageSize` and no further down than the range below it (which the page then
 * joins), or null when everything the user may read is already known.
 */
export function olderPage(
  known: readonly SeqRange[],
  firstSeq: number,
  lastSeq: number,
  pageSize: number,
): { before: number; limit: number } | null {
  const floor = Math.max(firstSeq, 1);
  const top = known.at(-1);
  if (!top) return lastSeq >= floor ? { before: lastSeq + 1, limit: pageSize } : null;
  const below = known.at(-2);
  const lowest = Math.max(below ? below[1] + 1 : 0, floor);
  if (top[0] <= lowest) return null;
  return { before: top[0], limit: Math.min(pageSize, top[0] - lowest) };
}

/** Consecutive seqs of messages sorted by seq, as ranges. */
export function runsOf(messages: readonly Message[]): SeqRange[] {
  const runs: [number, number][] = [];
  for (const m of messages) {
    const last = runs.at(-1);
    if (last && m.seq === last[1] + 1) last[1] = m.seq;
    else if (!last || m.seq > last[1]) runs.push([m.seq, m.seq]);
  }
  return runs;
}
