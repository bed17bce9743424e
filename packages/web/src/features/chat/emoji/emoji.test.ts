import en from 'emojibase-data/en/compact.json';
import zh from 'emojibase-data/zh/compact.json';
import { describe, expect, it } from 'vitest';
import {
  addRecentEmoji,
  buildEmojiCatalog,
  EMOJI_GROUP_IDS,
  findEmoji,
  loadEmojiCatalog,
  RECENT_EMOJI_LIMIT,
  readRecentEmoji,
  rememberEmoji,
  searchEmoji,
} from './emoji';

const zhCatalog = buildEmojiCatalog(zh, en);
const enCatalog = buildEmojiCatalog(en);

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('emoji catalog', () => {
  it('groups emoji in emojibase order, without bare skin tones or regional letters', () => {
    expect(zhCatalog.groups.map((g) => g.id)).toEqual([...EMOJI_GROUP_IDS]);
    const smileys = zhCatalog.groups[0]?.emojis ?? [];
    expect(smileys[0]?.unicode).toBe('😀');
    expect(findEmoji(zhCatalog, '🏻')).toBeUndefined();
    expect(findEmoji(zhCatalog, '🇦')).toBeUndefined();
    expect(findEmoji(zhCatalog, '😂')?.label).toBe('笑哭了');
    // With or without the colour variation selector.
    expect(findEmoji(zhCatalog, '❤')?.unicode).toBe('❤️');
    expect(findEmoji(zhCatalog, '❤️')?.unicode).toBe('❤️');
  });

  it('finds by the Chinese name first, then by tags', () => {
    expect(searchEmoji(zhCatalog, '笑哭了')[0]?.unicode).toBe('😂');
    expect(searchEmoji(zhCatalog, '喜极而泣').map((e) => e.unicode)).toContain('😂');
  });

  it('falls back to English words in the Chinese catalog', () => {
    expect(searchEmoji(zhCatalog, 'joy').map((e) => e.unicode)).toContain('😂');
    expect(searchEmoji(zhCatalog, 'PIZZA')[0]?.unicode).toBe('🍕');
  });

  it('needs every word of the query and ignores spaces around it', () => {
    const hits = searchEmoji(enCatalog, '  red heart ');
    expect(hits[0]?.unicode).toBe('❤️');
    expect(hits.every((e) => [...e.names, ...e.tags].some((k) => k.includes('red')))).toBe(true);
    expect(searchEmoji(enCatalog, '   ')).toEqual([]);
    expect(searchEmoji(enCatalog, 'qqqzzz')).toEqual([]);
  });

  it('English words match from their start, not from inside another word', () => {
    const hits = searchEmoji(enCatalog, 'cat').map((e) => e.label);
    expect(hits).toContain('cat face');
    expect(hits).not.toContain('graduation cap');
    expect(hits.every((label) => !label.includes('location'))).toBe(true);
  });

  it('offers emoji newer than common fonts only where the device draws them; older ones always', () => {
    const asked: string[] = [];
    const without = buildEmojiCatalog(en, [], (unicode) => {
      asked.push(unicode);
      return false;
    });
    const count = (c: typeof enCatalog) => c.groups.reduce((n, g) => n + g.emojis.length, 0);
    const newerShown = [...enCatalog.byUnicode.values()].filter((e) => asked.includes(e.unicode)).length;
    expect(newerShown).toBeGreaterThan(0);
    expect(count(without)).toBe(count(enCatalog) - newerShown);
    expect(findEmoji(without, '😀')).toBeDefined();
    expect(asked).not.toContain('😀');
  });

  it('English catalog has no Chinese words', () => {
    expect(searchEmoji(enCatalog, '笑哭')).toEqual([]);
  });

  it('loads a language once and keeps it', async () => {
    const first = loadEmojiCatalog('en');
    expect(loadEmojiCatalog('en')).toBe(first);
    expect(findEmoji(await first, '😂')?.label).toBe('face with tears of joy');
  });
});

describe('recent emoji', () => {
  it('puts the newest first without repeats, at most the limit', () => {
    expect(addRecentEmoji(['😀', '😂'], '😂')).toEqual(['😂', '😀']);
    expect(addRecentEmoji(['😀'], '👍')).toEqual(['👍', '😀']);
    const full = Array.from({ length: RECENT_EMOJI_LIMIT }, (_, i) => String.fromCodePoint(0x1f600 + i));
    const next = addRecentEmoji(full, '🍕');
    expect(next).toHaveLength(RECENT_EMOJI_LIMIT);
    expect(next[0]).toBe('🍕');
    expect(next).not.toContain(full.at(-1));
  });

  it('is kept in storage and survives junk there', () => {
    const storage = memoryStorage();
    expect(readRecentEmoji(storage)).toEqual([]);
    rememberEmoji('😂', storage);
    rememberEmoji('👍', storage);
    rememberEmoji('😂', storage);
    expect(readRecentEmoji(storage)).toEqual(['😂', '👍']);
    expect(readRecentEmoji(memoryStorage({ 'liao.emoji.recent': '{not json' }))).toEqual([]);
    expect(readRecentEmoji(memoryStorage({ 'liao.emoji.recent': '{"a":1}' }))).toEqual([]);
    expect(readRecentEmoji(memoryStorage({ 'liao.emoji.recent': '["😀",3,""]' }))).toEqual(['😀']);
  });
});
