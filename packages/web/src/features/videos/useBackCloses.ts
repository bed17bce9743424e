import { useEffect, useRef } from 'react';

/** Marks the history entries this hook adds, so that it only ever takes back its own. */
const KEY = 'liaoLayer';

let nextId = 1;
/** An entry whose layer just closed; React's StrictMode remounts at once and takes it back. */
let leaving: number | null = null;

function ownEntry(): number | null {
  const state: unknown = history.state;
  if (typeof state !== 'object' || state === null || !(KEY in state)) return null;
  const id = (state as Record<string, unknown>)[KEY];
  return typeof id === 'number' ? id : null;
}

/**
 * While `open`, the browser's back (the phone's back gesture or button) calls `close` instead of
 * leaving the page, as a phone app's full-screen player does. Opening adds a history entry at
 * the same address; closing any other way (a button, Esc) takes it off again, so back after
 * that leaves the page as before. For full-screen layers of the phone layout.
 */
export function useBackCloses(open: boolean, close: () => void): void {
  const latest = useRef(close);
  latest.current = close;
  useEffect(() => {
    if (!open) return;
    let id: number;
    if (leaving !== null && ownEntry() === leaving) {
      id = leaving;
      leaving = null;
    } else {
      id = nextId++;
      history.pushState({ [KEY]: id }, '', location.href);
    }
    const onPop = () => latest.current();
    window.addEventListener('popstate', onPop);
    return () => {
      window.removeEventListener('popstate', onPop);
      // Closed by back, the entry is gone already; otherwise it goes now, unless remounted.
      leaving = id;
      queueMicrotask(() => {
        if (leaving !== id) return;
        leaving = null;
        if (ownEntry() === id) history.back();
      });
    };
  }, [open]);
}
