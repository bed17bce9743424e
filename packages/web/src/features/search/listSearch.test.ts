import { describe, expect, it } from 'vitest';
import { foldText, rankEntry, searchEntries } from './listSearch';

describe('list search', () => {
  it('folds case, full-width forms and accents', () => {
    expect(foldText('  ＡＬＩＣＥ  José ')).toBe('alice jose');
  });

  it('ranks an exact name before a prefix, a word start and a substring', () => {
    const entries = ['xxannaxx', 'Bo Anna', 'Annabel', 'anna'].map((name) => ({ item: name, names: [name] }));
    expect(searchEntries('Anna', entries)).toEqual(['anna', 'Annabel', 'Bo Anna', 'xxannaxx']);
  });

  it('keeps the given order among equal ranks', () => {
    const entries = ['张三丰', '张三', '老张三'].map((name) => ({ item: name, names: [name] }));
    expect(searchEntries('张三', entries)).toEqual(['张三', '张三丰', '老张三']);
  });

  it('finds a Chinese name by its pinyin initials or spelled-out pinyin, after name matches', () => {
    const entries = [
      { item: 'zhang', names: ['张三丰'], pinyin: 'zhang san feng' },
      { item: 'zsf-latin', names: ['zsf fan club'] },
    ];
    expect(searchEntries('zsf', entries)).toEqual(['zsf-latin', 'zhang']);
    expect(searchEntries('zhangsan', entries)).toEqual(['zhang']);
    expect(searchEntries('zs', entries)).toEqual(['zsf-latin', 'zhang']);
    expect(searchEntries('zx', entries)).toEqual([]);
  });

  it('matches any of an entry’s names, and nothing for an empty query', () => {
    expect(rankEntry('bob', ['老板', 'Bob 鲍勃', 'bob_1'])).toBe(1);
    expect(searchEntries('   ', [{ item: 1, names: ['a'] }])).toEqual([]);
  });
});
