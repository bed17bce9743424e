import type { Friend } from '@liao/protocol';
import { pinyin } from 'pinyin-pro';

/** Where a name files in the contact list: its index letter and its sort key. */
export interface ContactIndex {
  /** 'A'–'Z', or '#' for names that start with neither a Latin letter nor a Chinese character. */
  initial: string;
  /** The name's pinyin (Chinese) or letters (Latin): lower case, no tones or accents, syllables split by spaces. */
  sortKey: string;
}

const NOT_A_LETTER = '#';
const COMBINING_MARKS = /\p{M}/gu;

/**
 * Files a name the way WeChat's contact list does: Chinese by the pinyin of its characters,
 * Latin by its letters (accents and full-width forms folded), everything else (digits, emoji,
 * other scripts) under '#'.
 *
 * Syllables are separated by a space, which sorts before every letter, so that the order is
 * the dictionary's, syllable by syllable: 李四 (li si) before 连 (lian). pinyin-pro's normal
 * mode reads words by context (重庆 chong qing); its surname mode would read nicknames such as
 * 单车 or 乐乐 as family names (shan che, yue le), and most display names here are nicknames.
 */
export function indexName(name: string): ContactIndex {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const sortKey = syllables
    .map((s) => s.normalize('NFKD').replace(COMBINING_MARKS, '').trim().toLowerCase())
    .filter((s) => s !== '')
    .join(' ');
  const first = sortKey.charAt(0);
  const initial = first >= 'a' && first <= 'z' ? first.toUpperCase() : NOT_A_LETTER;
  return { initial, sortKey };
}

function groupRank(initial: string): number {
  // '#' after 'Z', whatever the character codes say.
  return initial === NOT_A_LETTER ? 26 : initial.charCodeAt(0) - 65;
}

/** Contact-list order: A…Z then '#', within a letter by sort key, ties by id (stable across calls). */
export function compareContacts(a: Friend, b: Friend): number {
  return (
    groupRank(a.initial) - groupRank(b.initial) ||
    compareText(a.sortKey, b.sortKey) ||
    compareText(a.user.id, b.user.id)
  );
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
