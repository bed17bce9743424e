import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { serviceWorkerText, tellServiceWorker } from './serviceWorkerMessages';
import { parsePath } from './state/routes';
import { appStore, useAppStore } from './state/store';

/** Keeps the worker's prefs current and follows its "open this chat" (mounted with the shells). */
export function useServiceWorkerBridge(): void {
  const { t } = useTranslation();
  const phone = useAppStore((s) => s.phoneForced);
  useEffect(() => {
    tellServiceWorker({ type: 'liao:prefs', phone, text: serviceWorkerText(t) });
  }, [t, phone]);
  useEffect(() => {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    const onMessage = (event: MessageEvent) => {
      const data: unknown = event.data;
      if (typeof data !== 'object' || data === null) return;
      const { type, url } = data as { type?: unknown; url?: unknown };
      if (type !== 'liao:open' || typeof url !== 'string') return;
      // The window keeps its own layout; only the page changes.
      appStore.getState().navigate(parsePath(url).route);
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    return () => navigator.serviceWorker.removeEventListener('message', onMessage);
  }, []);
}

/**
 * A chat opened here is read here: the notification the worker showed for it goes (the server
 * tells the other devices with a `clear` push).
 */
export function useCloseNotificationsOfOpenChat(): void {
  const route = useAppStore((s) => s.route);
  const open = route.name === 'messages' ? route.conversationId : undefined;
  useEffect(() => {
    if (!open || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    void navigator.serviceWorker.getRegistration().then(async (registration) => {
      for (const notification of (await registration?.getNotifications({ tag: open })) ?? [])
        notification.close();
    });
  }, [open]);
}

/** While notifications are on, the server holds this browser's current subscription. */
export function usePushSync(): void {
  const signedIn = useAppStore((s) => s.status === 'signedIn');
  const notifications = useAppStore((s) => s.notifications);
  useEffect(() => {
    if (!signedIn || !notifications) return;
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    void appStore.getState().syncPush();
  }, [signedIn, notifications]);
}
