import { SEND_KEYS, type SendKey } from '../../lib/sendKey';
import { changeLocale, detectLocale, LOCALES, type Locale } from '../i18n';
import type { SliceCreator } from './types';

export type Theme = 'system' | 'light' | 'dark';

export interface PrefsSlice {
  // State
  locale: Locale;
  theme: Theme;
  /** Which key sends in the message box. */
  sendKey: SendKey;
  /** System notifications for new messages while the window is in the background. */
  notifications: boolean;
  /**
   * Notifications show who wrote and what; off (the default, as the server's for push), only
   * "你收到了一条新消息": a lock screen is seen by others.
   */
  notificationPreview: boolean;
  /** Video cards in chats play muted while the pointer is over them. */
  videoHoverAutoplay: boolean;
  // Actions
  setLocale(locale: Locale): void;
  setTheme(theme: Theme): void;
  setNotifications(on: boolean): void;
  setNotificationPreview(on: boolean): void;
  setSendKey(sendKey: SendKey): void;
  setVideoHoverAutoplay(on: boolean): void;
}

// Kept in this browser only: a device's language, theme and send key are its own.
const LOCALE_KEY = 'liao.locale';
const THEME_KEY = 'liao.theme';
const NOTIFICATIONS_KEY = 'liao.notifications';
const PREVIEW_KEY = 'liao.notificationPreview';
const SEND_KEY_KEY = 'liao.sendKey';
const VIDEO_HOVER_KEY = 'liao.videoHoverAutoplay';

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this visit.
  }
}

export function initialLocale(): Locale {
  const saved = read(LOCALE_KEY);
  if (LOCALES.some((l) => l === saved)) return saved as Locale;
  return detectLocale(globalThis.navigator?.languages ?? []);
}

export function initialTheme(): Theme {
  const saved = read(THEME_KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

export function initialSendKey(): SendKey {
  const saved = read(SEND_KEY_KEY);
  return SEND_KEYS.find((k) => k === saved) ?? 'enter';
}

/** A saved on/off switch, or its default (notifications start off: permission is asked only when turned on). */
function initialSwitch(key: string, fallback: boolean): boolean {
  const saved = read(key);
  return saved === null ? fallback : saved === 'on';
}

/** Sets [data-theme] on <html>; without it the CSS follows the system. */
export function applyTheme(theme: Theme): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export const createPrefsSlice: SliceCreator<PrefsSlice> = (set) => ({
  locale: initialLocale(),
  theme: initialTheme(),
  notifications: initialSwitch(NOTIFICATIONS_KEY, false),
  notificationPreview: initialSwitch(PREVIEW_KEY, false),
  sendKey: initialSendKey(),
  videoHoverAutoplay: initialSwitch(VIDEO_HOVER_KEY, true),

  setLocale(locale) {
    write(LOCALE_KEY, locale);
    changeLocale(locale);
    set({ locale });
  },
  setTheme(theme) {
    write(THEME_KEY, theme);
    applyTheme(theme);
    set({ theme });
  },
  setSendKey(sendKey) {
    write(SEND_KEY_KEY, sendKey);
    set({ sendKey });
  },
  setNotifications(on) {
    write(NOTIFICATIONS_KEY, on ? 'on' : 'off');
    set({ notifications: on });
  },
  setNotificationPreview(on) {
    write(PREVIEW_KEY, on ? 'on' : 'off');
    set({ notificationPreview: on });
  },
  setVideoHoverAutoplay(on) {
    write(VIDEO_HOVER_KEY, on ? 'on' : 'off');
    set({ videoHoverAutoplay: on });
  },
});
