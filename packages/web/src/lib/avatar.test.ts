import { describe, expect, it } from 'vitest';
import { AVATAR_COLORS, avatarColor, avatarInitial } from './avatar';

describe('default avatars', () => {
  it('takes the first character, a whole emoji or CJK glyph, upper-cased', () => {
    expect(avatarInitial('alice')).toBe('A');
    expect(avatarInitial('  林晓')).toBe('林');
    expect(avatarInitial('👩‍💻 coder')).toBe('👩‍💻');
    expect(avatarInitial('')).toBe('?');
  });

  it('gives the same name the same colour, from the palette', () => {
    expect(avatarColor('林晓')).toBe(avatarColor('林晓'));
    expect(AVATAR_COLORS).toContain(avatarColor('Bob'));
  });

  it('spreads different names over several colours', () => {
    const names = ['Alice', 'Bob', 'Carol', 'Dave', '陈静', '王磊', '张伟', '刘洋', '李娜', '赵敏'];
    expect(new Set(names.map(avatarColor)).size).toBeGreaterThanOrEqual(5);
  });
});
