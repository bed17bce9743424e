import type { TFunction } from 'i18next';

/**
 * What the app and its service worker (public/sw.js) say to each other. The worker shows
 * pushed notifications while the app is closed, so it is handed the app's strings in the
 * person's language and whether this device uses the phone layout (/m); it asks an open window
 * to go to a chat when a notification is clicked.
 */
export type ToServiceWorker =
  | { type: 'liao:prefs'; phone: boolean; text: ServiceWorkerText }
  /** Signed out: the account's notifications and badge go. */
  | { type: 'liao:signedOut' };

export interface ServiceWorkerText {
  appName: string;
  hidden: string;
  /** `{n}` is the count. */
  hiddenMany: string;
  many: string;
  image: string;
  video: string;
  voiceCall: string;
  videoCall: string;
  incomingVoice: string;
  incomingVideo: string;
  incomingHidden: string;
  friendRequest: string;
  friendRequestHidden: string;
  noGreeting: string;
}

/** The worker's strings; `{n}` is left for it to fill. */
export function serviceWorkerText(t: TFunction): ServiceWorkerText {
  return {
    appName: t('app.name'),
    hidden: t('list.hiddenBody'),
    hiddenMany: t('list.pushHiddenMany', { n: '{n}' }),
    many: t('list.pushMany', { n: '{n}' }),
    image: t('messages.imagePreview'),
    video: t('list.pushVideo'),
    voiceCall: `[${t('calls.voice')}]`,
    videoCall: `[${t('calls.video')}]`,
    incomingVoice: t('list.pushIncomingVoice'),
    incomingVideo: t('list.pushIncomingVideo'),
    incomingHidden: t('list.pushIncomingHidden'),
    friendRequest: t('friends.newFriends'),
    friendRequestHidden: t('list.pushFriendRequestHidden'),
    noGreeting: t('requests.noGreeting'),
  };
}

/** Sends to the active worker, once there is one (never in a development build, which has none). */
export function tellServiceWorker(message: ToServiceWorker): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage(message));
}
