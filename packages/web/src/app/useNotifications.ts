import type { Conversation, Message } from '@liao/protocol';
import type { TFunction } from 'i18next';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { notificationText } from '../entities/conversationText';
import { membersOf } from '../entities/groupMembers';
import { pickNotifications } from './state/attention';
import { appStore, useAppStore } from './state/store';

/** Messages sent before this page loaded are catch-up (sync, cache), never news. */
const PAGE_STARTED_AT = Date.now();
const ICON = '/icons/icon-192.png';

/** Whether this browser can show system notifications at all. */
export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/**
 * Asks the browser for permission (only ever from a click: browsers refuse otherwise).
 * Resolves with whether notifications may be shown.
 */
export async function requestNotificationPermission(): Promise<boolean> {
  if (!notificationsSupported()) return false;
  if (Notification.permission === 'granted') return true;
  if (Notification.permission === 'denied') return false;
  return (await Notification.requestPermission()) === 'granted';
}

/**
 * A system notification for each chat with a new message while the window is in the
 * background (the rules: app/state/attention.ts pickNotifications). Clicking one brings the
 * window forward with that chat open. One per chat at a time: a newer message replaces it.
 */
export function useNotifications(): void {
  const { t } = useTranslation();
  const conversations = useAppStore((s) => s.conversations);
  const seen = useRef<ReadonlyMap<string, number>>(new Map());
  useEffect(() => {
    const { me, notifications, notificationPreview } = appStore.getState();
    const context = { startedAt: PAGE_STARTED_AT, meId: me?.id ?? '', focused: document.hasFocus() };
    const decision = pickNotifications(seen.current, conversations, context);
    seen.current = decision.seen;
    if (!notifications || !notificationsSupported() || Notification.permission !== 'granted') return;
    for (const { conversation, message } of decision.notify) {
      void show(conversation, message, notificationPreview, t);
    }
  }, [conversations, t]);
}

/** The newest message being shown per chat: a slower, older one never replaces it. */
const newestShown = new Map<string, number>();

async function show(
  conversation: Conversation,
  message: Message,
  preview: boolean,
  t: TFunction,
): Promise<void> {
  newestShown.set(conversation.id, message.seq);
  // A group's senders (and a group without a name) are named from its members, as in the chat;
  // read them first if this device has not yet (one request, then kept).
  if (preview && conversation.kind === 'group' && conversation.active)
    await appStore.getState().loadMembers(conversation.id, conversation.membersVersion);
  if (newestShown.get(conversation.id) !== message.seq) return;
  const state = appStore.getState();
  const entry = membersOf(state, conversation.id);
  const people = entry?.status === 'ready' ? { members: entry.members, former: entry.former } : undefined;
  const { title, body } = notificationText(
    conversation,
    message,
    { me: state.me, friends: state.friends, people },
    preview,
    t,
  );
  try {
    const notification = new Notification(title, { body, tag: conversation.id, icon: ICON });
    notification.onclick = () => {
      window.focus();
      appStore.getState().navigate({ name: 'messages', conversationId: conversation.id });
      notification.close();
    };
  } catch {
    // Some browsers (Android Chrome) allow notifications only from a service worker; the
    // title and badge still say that something is waiting.
  }
}
