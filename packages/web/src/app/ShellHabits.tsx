import { useCallback, useEffect, useRef, useState } from 'react';
import { QuickSwitcherScreen } from '../features/search';
import { useCloseNotificationsOfOpenChat, usePushSync, useServiceWorkerBridge } from './serviceWorkerBridge';
import { useAppStore } from './state/store';
import { useAttentionSignals } from './useAttentionSignals';
import { useNotifications } from './useNotifications';
import { useShortcuts } from './useShortcuts';

/**
 * The desktop habits both layouts share, mounted once by each shell: the keyboard shortcuts and
 * the quick switcher, the unread count in the title and on the app badge, system notifications
 * (and the push subscription the service worker's are shown from while the app is closed), and
 * clearing a chat's "marked unread" when it is opened.
 */
export function ShellHabits() {
  const [switcher, setSwitcher] = useState(false);
  // ui/Dialog gives focus back to where it was when the switcher closes.
  const openSwitcher = useCallback(() => setSwitcher(true), []);
  const closeSwitcher = useCallback(() => setSwitcher(false), []);
  useShortcuts(openSwitcher);
  useAttentionSignals();
  useNotifications();
  useServiceWorkerBridge();
  usePushSync();
  useCloseNotificationsOfOpenChat();
  useClearMarkOnOpen();
  return switcher ? <QuickSwitcherScreen onClose={closeSwitcher} /> : null;
}

/**
 * Opening a chat marked unread by hand reads it: the dot goes, on every device. Marking the
 * chat that is already open stays marked (the person just asked for it).
 */
function useClearMarkOnOpen() {
  const route = useAppStore((s) => s.route);
  const openId = route.name === 'messages' ? route.conversationId : undefined;
  const open = useAppStore((s) => s.conversations.find((c) => c.id === openId));
  const setMarkedUnread = useAppStore((s) => s.setMarkedUnread);
  // The chat last checked: its id, and whether the list knew it then (a link opened at start-up).
  const checked = useRef<{ id: string | undefined; known: boolean }>({ id: undefined, known: false });
  const marked = open?.markedUnread ?? false;
  useEffect(() => {
    const before = checked.current;
    const fresh = before.id !== openId || !before.known;
    checked.current = { id: openId, known: open !== undefined };
    if (openId && marked && fresh) setMarkedUnread(openId, false).catch(() => {});
  }, [openId, open, marked, setMarkedUnread]);
}
