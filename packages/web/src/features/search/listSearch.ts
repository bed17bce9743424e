/**
 * The list's search: which chats and contacts a typed query finds, best first. Pure, so the
 * ranking is tested without a browser; the caller says which names each entry answers to.
 */

/** Something the search can find, with every name it answers to. */
export interface SearchEntry<T> {
  item: T;
  /** Names as shown (remark, display name, group name, username). */
  names: readonly string[];
  /** The pinyin of the shown name, syllables split by spaces ("zhang san"), when known. */
  pinyin?: string;
}

// Lower ranks sort first. A name that starts with the query beats one that merely contains it,
// and typed Latin letters that spell a Chinese name's pinyin rank after the name's own letters.
const RANK_EXACT = 0;
const RANK_PREFIX = 1;
const RANK_WORD_PREFIX = 2;
const RANK_CONTAINS = 3;
const RANK_PINYIN = 4;

/** Case, width and accents folded, so "ＡＬＩＣＥ" finds "Alice" and "jose" finds "José". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function rankName(query: string, name: string): number | null {
  const folded = foldText(name);
  if (folded === '') return null;
  if (folded === query) return RANK_EXACT;
  if (folded.startsWith(query)) return RANK_PREFIX;
  const at = folded.indexOf(query);
  if (at === -1) return null;
  return /[\s._\-·]/.test(folded.charAt(at - 1)) ? RANK_WORD_PREFIX : RANK_CONTAINS;
}

/** "zhang san feng" answers to "zsf" (initials) and to "zhangsan" / "zhangsanf" (spelled out). */
function matchesPinyin(query: string, pinyin: string): boolean {
  const compact = query.replace(/\s/g, '');
  if (!/^[a-z]+$/.test(compact)) return false;
  const syllables = pinyin.split(' ').filter(Boolean);
  if (syllables.length < 2) return false;
  const initials = syllables.map((s) => s.charAt(0)).join('');
  return initials.startsWith(compact) || syllables.join('').startsWith(compact);
}

/** The best rank of an entry for a folded query, or null when nothing about it matches. */
export function rankEntry(query: string, names: readonly string[], pinyin?: string): number | null {
  let best: number | null = null;
  for (const name of names) {
    const rank = rankName(query, name);
    if (rank !== null && (best === null || rank < best)) best = rank;
  }
  if (best === null && pinyin && matchesPinyin(query, pinyin)) best = RANK_PINYIN;
  return best;
}

/**
 * Entries that match, best rank first; equal ranks keep the order they came in (the list's
 * own order: newest chat first, contacts A–Z). An empty query finds nothing.
 */
export function searchEntries<T>(rawQuery: string, entries: readonly SearchEntry<T>[]): T[] {
  const query = foldText(rawQuery);
  if (query === '') return [];
  const hits: { item: T; rank: number; index: number }[] = [];
  entries.forEach((entry, index) => {
    const rank = rankEntry(query, entry.names, entry.pinyin);
    if (rank !== null) hits.push({ item: entry.item, rank, index });
  });
  return hits.sort((a, b) => a.rank - b.rank || a.index - b.index).map((h) => h.item);
}
