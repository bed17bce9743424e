import { useEffect, useRef } from 'react';

/**
 * Esc closes the topmost thing open: a picker over a panel over the chat. Everything that can be
 * closed with Esc registers here while it is open; one key listener calls only the newest
 * entry, so one press never closes two things. Radix's menus and dialogs (ui/ContextMenu,
 * ui/Dialog) close themselves on Esc first and mark the key handled, so this stack leaves it.
 */
type Entry = { close: () => void };

const stack: Entry[] = [];
let listening = false;

function onKeyDown(event: KeyboardEvent) {
  if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
  const top = stack.at(-1);
  if (!top) return;
  event.preventDefault();
  top.close();
}

function push(entry: Entry): () => void {
  stack.push(entry);
  if (!listening) {
    document.addEventListener('keydown', onKeyDown);
    listening = true;
  }
  return () => {
    const index = stack.lastIndexOf(entry);
    if (index !== -1) stack.splice(index, 1);
  };
}

/**
 * While `open`, Esc calls `close` unless something opened later is still open. Use it for
 * panels and pickers that are not Radix layers: `useEscape(replying !== null, stopReplying)`.
 */
export function useEscape(open: boolean, close: () => void): void {
  const latest = useRef(close);
  latest.current = close;
  useEffect(() => {
    if (!open) return;
    return push({ close: () => latest.current() });
  }, [open]);
}
