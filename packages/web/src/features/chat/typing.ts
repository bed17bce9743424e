import type { ServerEvent } from '@liao/protocol';
import { useEffect, useReducer } from 'react';
import { createStore, useStore } from 'zustand';
import { onAccountWipe } from '../../app/state/localData';
import { type TypingByChat, typingAfter } from './typingModel';

/**
 * "对方正在输入…" per chat. Kept apart from the app store, as reply drafts are: it lives a few
 * seconds, only while the app is open, and only the open chat's header reads it.
 */
export const typingStore = createStore<{ byChat: TypingByChat }>(() => ({ byChat: {} }));

/** Feeds a live event in (bindClient calls it for every one). */
export function noteTypingEvent(event: ServerEvent, now = Date.now()): void {
  const { byChat } = typingStore.getState();
  const next = typingAfter(byChat, event, now);
  if (next !== byChat) typingStore.setState({ byChat: next });
}

// Another account may sign in next on this computer.
onAccountWipe(() => typingStore.setState({ byChat: {} }));

/** Whether the other side of this chat is typing now; re-renders when the line times out. */
export function useTypingIn(conversationId: string): boolean {
  const until = useStore(typingStore, (s) => s.byChat[conversationId]?.until);
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (until === undefined) return;
    const timer = setTimeout(tick, Math.max(0, until - Date.now()));
    return () => clearTimeout(timer);
  }, [until]);
  return until !== undefined && until > Date.now();
}
