import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { pendingIncomingCount } from '../features/contacts';
import { attentionCount, titleText } from './state/attention';
import { useAppStore } from './state/store';

type Badging = { setAppBadge?: (count?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };

/**
 * What waits, shown outside the page: "(3) 聊" in the title and 3 on the installed app's icon
 * (where the browser has the Badging API). Unread messages of chats that are not muted, plus
 * friend requests waiting for an answer.
 */
export function useAttentionSignals(): void {
  const { t } = useTranslation();
  const conversations = useAppStore((s) => s.conversations);
  const incoming = useAppStore((s) => s.incoming);
  const count = attentionCount(conversations) + pendingIncomingCount(incoming, Date.now());
  const name = t('app.name');
  useEffect(() => {
    document.title = titleText(name, count);
  }, [name, count]);
  useEffect(() => {
    const badging = navigator as Navigator & Badging;
    // Refused outside an installed app or without permission: the title still shows it.
    const ignore = () => {};
    if (count > 0) badging.setAppBadge?.(count).catch(ignore);
    else badging.clearAppBadge?.().catch(ignore);
  }, [count]);
  // Signed out: the title goes back to the app's name, the icon to no badge.
  useEffect(
    () => () => {
      document.title = name;
      (navigator as Navigator & Badging).clearAppBadge?.().catch(() => {});
    },
    [name],
  );
}
