import type { CompactEmoji } from 'emojibase';
import type { Locale } from '../../../app/i18n';
import { EMOJI_NEWER_THAN_FONTS } from './emojiNewer';
import { canDrawEmoji } from './emojiSupport';

/** One emoji as the picker shows and finds it. */
export interface Emoji {
  unicode: string;
  /** Its name in the picker's language (the tooltip and the screen-reader label). */
  label: string;
  group: number;
  order: number;
  /** Lower-cased names, the picker's language first, then English: what search reads first. */
  names: string[];
  /** Lower-cased tags in the same languages. */
  tags: string[];
}

export interface EmojiGroup {
  /** emojibase's group number: 0 smileys … 9 flags. */
  id: number;
  emojis: Emoji[];
}

export interface EmojiCatalog {
  groups: EmojiGroup[];
  /** Every emoji by its character without variation selectors (see findEmoji). */
  byUnicode: Map<string, Emoji>;
}

/**
 * emojibase's group numbers in the order shown, without 2 ("component": bare skin tones and
 * hair styles, which are parts of emoji rather than emoji to send).
 */
export const EMOJI_GROUP_IDS = [0, 1, 3, 4, 5, 6, 7, 8, 9] as const;
export type EmojiGroupId = (typeof EMOJI_GROUP_IDS)[number];

/**
 * Builds the catalog from emojibase's compact data; `fallback` (English) adds search words.
 * Emoji newer than common fonts are kept only where `canDraw` says this device shows them.
 */
export function buildEmojiCatalog(
  primary: readonly CompactEmoji[],
  fallback: readonly CompactEmoji[] = [],
  canDraw: (unicode: string) => boolean = () => true,
): EmojiCatalog {
  const fallbackByHex = new Map(fallback.map((e) => [e.hexcode, e]));
  const groups = new Map<number, Emoji[]>(EMOJI_GROUP_IDS.map((id) => [id, []]));
  const byUnicode = new Map<string, Emoji>();
  for (const e of primary) {
    const list = e.group === undefined ? undefined : groups.get(e.group);
    if (!list) continue;
    if (EMOJI_NEWER_THAN_FONTS.has(e.hexcode) && !canDraw(e.unicode)) continue;
    const english = fallbackByHex.get(e.hexcode);
    const emoji: Emoji = {
      unicode: e.unicode,
      label: e.label,
      group: e.group ?? 0,
      order: e.order ?? 0,
      names: lowerUnique([e.label, english?.label]),
      tags: lowerUnique([...(e.tags ?? []), ...(english?.tags ?? [])]),
    };
    list.push(emoji);
    byUnicode.set(withoutVariation(emoji.unicode), emoji);
  }
  for (const list of groups.values()) list.sort((a, b) => a.order - b.order);
  return { groups: [...groups].map(([id, emojis]) => ({ id, emojis })), byUnicode };
}

/** U+FE0F asks for the colour form; text pasted or typed elsewhere may have it or not. */
function withoutVariation(unicode: string): string {
  return unicode.replaceAll('\uFE0F', '');
}

/** The catalog's emoji for a character, with or without its variation selector (❤ or ❤️). */
export function findEmoji(catalog: EmojiCatalog, unicode: string): Emoji | undefined {
  return catalog.byUnicode.get(withoutVariation(unicode));
}

function lowerUnique(words: readonly (string | undefined)[]): string[] {
  return [...new Set(words.filter((w) => w !== undefined).map((w) => w.toLowerCase()))];
}

/** Whether a word of `text` starts with `query` ("cat" finds "cat face", not "education"). */
function startsAWord(text: string, query: string): boolean {
  return text.startsWith(query) || text.includes(` ${query}`) || text.includes(`-${query}`);
}

/** Chinese and Japanese run words together: any part of a name may be the word looked for. */
const UNSPACED_SCRIPT = /[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

/**
 * How well one query word fits, lower is better: a name outranks a tag, a whole word the start
 * of one, which outranks (in unspaced scripts) any part.
 */
function matchRank(emoji: Emoji, query: string): number {
  const anyPart = UNSPACED_SCRIPT.test(query);
  let best = Number.POSITIVE_INFINITY;
  const consider = (words: readonly string[], place: number) => {
    for (const word of words) {
      if (word === query) best = Math.min(best, place);
      else if (startsAWord(word, query)) best = Math.min(best, 2 + place);
      else if (anyPart && word.includes(query)) best = Math.min(best, 4 + place);
    }
  };
  consider(emoji.names, 0);
  consider(emoji.tags, 1);
  return best;
}

/** Emoji whose names or tags contain every word of the query (any order), best matches first. */
export function searchEmoji(catalog: EmojiCatalog, query: string, limit = 120): Emoji[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const hits: { emoji: Emoji; rank: number }[] = [];
  for (const group of catalog.groups) {
    for (const emoji of group.emojis) {
      let rank = 0;
      for (const word of words) {
        rank += matchRank(emoji, word);
        if (!Number.isFinite(rank)) break;
      }
      if (Number.isFinite(rank)) hits.push({ emoji, rank });
    }
  }
  hits.sort((a, b) => a.rank - b.rank || a.emoji.group - b.emoji.group || a.emoji.order - b.emoji.order);
  return hits.slice(0, limit).map((h) => h.emoji);
}

// Recent emoji --------------------------------------------------------------------------------

/** About two rows of the picker: enough for the few a person uses all the time. */
export const RECENT_EMOJI_LIMIT = 24;
const RECENT_KEY = 'liao.emoji.recent';

/** The recent list with `unicode` moved (or added) to the front, at most RECENT_EMOJI_LIMIT long. */
export function addRecentEmoji(recent: readonly string[], unicode: string): string[] {
  return [unicode, ...recent.filter((u) => u !== unicode)].slice(0, RECENT_EMOJI_LIMIT);
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

function browserStorage(): KeyValueStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** This browser's recent emoji, most recent first (a device's habit, so not synced). */
export function readRecentEmoji(storage: KeyValueStorage | undefined = browserStorage()): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(RECENT_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((u): u is string => typeof u === 'string' && u !== '').slice(0, RECENT_EMOJI_LIMIT);
  } catch {
    return [];
  }
}

/** Records a pick and returns the new list. */
export function rememberEmoji(
  unicode: string,
  storage: KeyValueStorage | undefined = browserStorage(),
): string[] {
  const next = addRecentEmoji(readRecentEmoji(storage), unicode);
  try {
    storage?.setItem(RECENT_KEY, JSON.stringify(next));
  } catch {
    // Storage may be full or refused (private windows): the list then lasts for this visit.
  }
  return next;
}

// Loading ---------------------------------------------------------------------------------------

// Each language's data is ~550 KB of JSON: dynamic imports keep it out of the app's first
// load, as chunks of their own fetched when the picker first opens.
const loaders: Record<Locale, () => Promise<EmojiCatalog>> = {
  'zh-CN': async () => {
    const [zh, en] = await Promise.all([
      import('emojibase-data/zh/compact.json'),
      import('emojibase-data/en/compact.json'),
    ]);
    return buildEmojiCatalog(zh.default, en.default, canDrawEmoji);
  },
  en: async () =>
    buildEmojiCatalog((await import('emojibase-data/en/compact.json')).default, [], canDrawEmoji),
};

const catalogs = new Map<Locale, Promise<EmojiCatalog>>();

/** The catalog in a language, loaded once per visit (a failed load is tried again next time). */
export function loadEmojiCatalog(locale: Locale): Promise<EmojiCatalog> {
  let catalog = catalogs.get(locale);
  if (!catalog) {
    catalog = loaders[locale]();
    catalogs.set(locale, catalog);
    catalog.catch(() => catalogs.delete(locale));
  }
  return catalog;
}
