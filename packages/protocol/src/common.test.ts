import { describe, expect, it } from 'vitest';
import { decimalInt, parseDecimal } from './common';

/** Texts that Number() or z.coerce.number() read as numbers, and that are not plain digits. */
const NOT_DIGITS = [
  '1e3',
  '0x10',
  '0b11',
  '0o7',
  ' 12',
  '12 ',
  '+1',
  '-1',
  '-0',
  '1.0',
  '1_000',
  '',
  '١٢',
  'Infinity',
];

describe('parseDecimal', () => {
  it('reads plain decimal digits, leading zeros included', () => {
    expect(parseDecimal('0')).toBe(0);
    expect(parseDecimal('1000')).toBe(1000);
    expect(parseDecimal('007')).toBe(7);
    expect(parseDecimal(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses everything else, and numbers past 2^53 − 1 that would not be exact', () => {
    for (const text of NOT_DIGITS) expect(parseDecimal(text), JSON.stringify(text)).toBeNull();
    expect(parseDecimal('9007199254740993')).toBeNull();
  });
});

describe('decimalInt', () => {
  const limit = decimalInt({ min: 1, max: 50 });

  it('turns digits within bounds into a number', () => {
    expect(limit.parse('1')).toBe(1);
    expect(limit.parse('050')).toBe(50);
    expect(decimalInt().parse('0')).toBe(0);
  });

  it('refuses exponents, hex, signs, spaces, fractions, numbers (not text) and values out of bounds', () => {
    for (const value of [...NOT_DIGITS, '0', '51', 10, null, undefined, ['10']]) {
      expect(limit.safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
  });

  it('says what it wants', () => {
    const result = limit.safeParse('1e1');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('plain decimal digits');
  });
});
