import type { Friend } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { compareContacts, indexName } from './contactIndex';

function friend(id: string, name: string): Friend {
  const user = { id, username: `u${id}`, displayName: name, signature: '', avatarUrl: null };
  return { user, remark: '', ...indexName(name), since: 0 };
}

describe('indexName', () => {
  it('files Chinese names under the first letter of their pinyin, without tones', () => {
    expect(indexName('张三')).toEqual({ initial: 'Z', sortKey: 'zhang san' });
    expect(indexName('阿明')).toEqual({ initial: 'A', sortKey: 'a ming' });
    expect(indexName('吕布')).toEqual({ initial: 'L', sortKey: 'lv bu' });
  });

  it('reads a word by its context (重庆 is chong qing, not zhong qing)', () => {
    expect(indexName('重庆火锅').sortKey).toBe('chong qing huo guo');
  });

  it('files Latin names by their letters, without case, accents or full-width forms', () => {
    expect(indexName('Bob')).toEqual({ initial: 'B', sortKey: 'bob' });
    expect(indexName('Émile')).toEqual({ initial: 'E', sortKey: 'emile' });
    expect(indexName('ＡＢＣ')).toEqual({ initial: 'A', sortKey: 'abc' });
  });

  it('files mixed names by their first character', () => {
    expect(indexName('长江 Li')).toEqual({ initial: 'C', sortKey: 'chang jiang li' });
    expect(indexName('Li 长江')).toEqual({ initial: 'L', sortKey: 'li chang jiang' });
  });

  it('files digits, emoji, symbols and other scripts under #', () => {
    for (const name of ['123', '😀笑', '★星', 'Ωmega', 'Иван', '_x'])
      expect(indexName(name).initial).toBe('#');
  });
});

describe('compareContacts', () => {
  it('orders A…Z, then #; within a letter dictionary order, syllable by syllable; ties by id', () => {
    const names: [string, string][] = [
      ['1', '123'],
      ['2', '连'],
      ['3', '李四'],
      ['4', 'zoe'],
      ['5', '张三'],
      ['6', '😀'],
      ['7', 'Alice'],
      ['8', 'alice'],
      ['9', '阿明'],
    ];
    const sorted = names.map(([id, name]) => friend(id, name)).sort(compareContacts);
    expect(sorted.map((f) => f.user.displayName)).toEqual([
      '阿明',
      'Alice',
      'alice',
      '李四',
      '连',
      '张三',
      'zoe',
      '123',
      '😀',
    ]);
  });
});
