import { useEffect, useRef } from 'react';
import { adjacentConversation } from '../features/search';
import { appStore } from './state/store';

/**
 * The app-wide keys, as Telegram Desktop has them: Ctrl/Cmd+K opens the quick switcher,
 * Alt+↑/↓ open the previous/next chat in the list. They work in text fields too (they type
 * nothing there); every other key is left to whatever has focus. Esc is useEscape's.
 */
export function useShortcuts(openSwitcher: () => void): void {
  const open = useRef(openSwitcher);
  open.current = openSwitcher;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.isComposing || event.defaultPrevented) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        open.current();
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
      if (step !== 0 && event.altKey && !mod && !event.shiftKey) {
        event.preventDefault();
        const { conversations, route, navigate } = appStore.getState();
        const openId = route.name === 'messages' ? route.conversationId : undefined;
        const next = adjacentConversation(conversations, openId, step);
        if (next && next !== openId) navigate({ name: 'messages', conversationId: next });
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
