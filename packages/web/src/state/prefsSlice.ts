import { changeLocale, detectLocale, LOCALES, type Locale } from '../i18n';
import type { SliceCreator } from './types';

export type Theme = 'system' | 'light' | 'dark';

export interface PrefsSlice {
  // State
  locale: Locale;
  theme: Theme;
  // Actions
  setLocale(locale: Locale): void;
  setTheme(theme: Theme): void;
}

// Kept in this browser only: a device's language and theme are its own.
const LOCALE_KEY = 'liao.locale';
const THEME_KEY = 'liao.theme';

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
});
