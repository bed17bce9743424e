import { describe, expect, it } from 'vitest';
import {
  checkDisplayName,
  checkGreeting,
  checkMessageText,
  checkPassword,
  checkRemark,
  checkUsername,
  clampText,
} from './validation';

describe('field checks before sending', () => {
  it('accepts usernames the server accepts and names the problem otherwise', () => {
    expect(checkUsername('alice_01')).toBeNull();
    expect(checkUsername('')).toBe('required');
    expect(checkUsername('1abc')).toBe('usernameFormat');
    expect(checkUsername('ab')).toBe('usernameFormat');
    expect(checkUsername('林晓')).toBe('usernameFormat');
    expect(checkUsername('ad.min')).toBe('usernameReserved');
  });

  it('asks for 8 or more password characters', () => {
    expect(checkPassword('')).toBe('required');
    expect(checkPassword('1234567')).toBe('passwordShort');
    expect(checkPassword('12345678')).toBeNull();
  });

  it('counts names in characters, so CJK and emoji count once', () => {
    expect(checkDisplayName('林晓')).toBeNull();
    expect(checkDisplayName('   ')).toBe('required');
    expect(checkDisplayName('好'.repeat(32))).toBeNull();
    expect(checkDisplayName('好'.repeat(33))).toBe('tooLong');
    expect(checkDisplayName('a\u202Eb')).toBe('invalidText');
  });

  it('allows an empty greeting and refuses a long one', () => {
    expect(checkGreeting('')).toBeNull();
    expect(checkGreeting('嗨'.repeat(51))).toBe('tooLong');
  });

  it('cuts text without splitting an emoji', () => {
    expect(clampText('我是😀😀', 3)).toBe('我是😀');
  });

  it('[issue 14.8] names the combining-mark problem, as the server would, instead of a vague one', () => {
    expect(checkDisplayName('\u0301')).toBe('noBaseCharacter');
    expect(checkDisplayName(`x${'\u0336'.repeat(9)}`)).toBe('tooManyMarks');
    expect(checkRemark(`x${'\u0336'.repeat(9)}`)).toBe('tooManyMarks');
    expect(checkDisplayName('ผู้ใหญ่ हिन्दी 👩🏻‍💻')).toBeNull();
  });

  it('[issue 14.8] a message is checked before it leaves the composer: marks alone, Zalgo and overlong text', () => {
    expect(checkMessageText('\u0301')).toBe('noBaseCharacter');
    expect(checkMessageText(`a${'\u0301'.repeat(4999)}`)).toBe('tooManyMarks');
    expect(checkMessageText('好'.repeat(5001))).toBe('tooLong');
    expect(checkMessageText('a\u202eb')).toBe('invalidText');
    expect(checkMessageText('Tiếng Việt 1️⃣ 🏴󠁧󠁢󠁳󠁣󠁴󠁿\n안녕')).toBeNull();
  });
});
