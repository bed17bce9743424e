/**
 * Default avatars: the first character of the name on a colour picked by the name's hash, so a
 * person keeps the same colour wherever their name shows. Mid-tone colours keep the white
 * character readable in both themes.
 */
export const AVATAR_COLORS = [
  '#e8735a',
  '#e0669a',
  '#7a7fe8',
  '#3f8fd8',
  '#2fa57f',
  '#9b6fd6',
  '#d48a1f',
  '#2f9f9a',
  '#c8644e',
  '#5f7fb8',
] as const;

/** FNV-1a: cheap, stable across sessions and platforms, spreads similar names apart. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function avatarColor(name: string): string {
  return AVATAR_COLORS[hashString(name) % AVATAR_COLORS.length] ?? AVATAR_COLORS[0];
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The first visible character (a whole emoji or a whole CJK glyph), upper-cased. */
export function avatarInitial(name: string): string {
  for (const { segment } of segmenter.segment(name.trim())) {
    return segment.toLocaleUpperCase();
  }
  return '?';
}
