import { describe, expect, it } from 'vitest';
import { safeText, textLength } from './text';

const name = safeText({ min: 1, max: 32 });
const message = safeText({ min: 1, max: 100, multiline: true });
const optional = safeText({ min: 0, max: 10, allowEmpty: true });

function accepts(schema: typeof name, value: unknown): string {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`refused ${JSON.stringify(value)}: ${result.error.message}`);
  return result.data;
}

function refuses(schema: typeof name, value: unknown): string[] {
  const result = schema.safeParse(value);
  expect(result.success, `accepted ${JSON.stringify(value)}`).toBe(false);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe('textLength', () => {
  it('counts code points, so an emoji outside the BMP counts once', () => {
    expect(textLength('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    expect(textLength('聊天')).toBe(2);
    expect(textLength('')).toBe(0);
  });
});

describe('safeText', () => {
  it('normalises to NFC: e + combining acute becomes é, one character', () => {
    expect(accepts(name, 'Jose\u0301')).toBe('José');
    expect(accepts(name, 'e\u0301')).toBe('\u00e9');
  });

  it('trims surrounding spaces, including the ideographic space', () => {
    expect(accepts(name, '  小明 ')).toBe('小明');
    expect(accepts(name, '\u3000小明\u3000')).toBe('小明');
  });

  it('counts length in code points: 32 emoji pass, 33 fail', () => {
    expect(accepts(name, '😀'.repeat(32))).toBe('😀'.repeat(32));
    expect(refuses(name, '😀'.repeat(33))).toContain('must be at most 32 characters');
  });

  it('counts combining sequences after NFC: 32 × "e\u0301" is 32 characters', () => {
    expect(textLength(accepts(name, 'e\u0301'.repeat(32)))).toBe(32);
  });

  it('accepts 32 Chinese characters and refuses 33', () => {
    accepts(name, '聊'.repeat(32));
    refuses(name, '聊'.repeat(33));
  });

  it('refuses C0 and C1 control characters', () => {
    for (const c of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b']) {
      expect(refuses(name, `a${c}b`)).toContain('contains control characters');
    }
  });

  it('refuses line breaks and tabs in one-line text', () => {
    refuses(name, 'a\nb');
    refuses(name, 'a\r\nb');
    refuses(name, 'a\tb');
  });

  it('refuses the Unicode line and paragraph separators in one-line text', () => {
    refuses(name, 'a\u2028b');
    refuses(name, 'a\u2029b');
  });

  it('multiline text keeps newlines but still refuses other controls', () => {
    expect(accepts(message, 'line one\nline two')).toBe('line one\nline two');
    refuses(message, 'a\rb');
    refuses(message, 'a\u0000b');
  });

  it('refuses bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069)', () => {
    for (const c of [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ]) {
      expect(refuses(name, `abc${c}def`)).toContain('contains bidirectional override characters');
    }
  });

  it('refuses unpaired surrogates, high or low, but keeps paired ones', () => {
    expect(refuses(name, 'a\ud800b')).toContain('contains an unpaired surrogate');
    expect(refuses(name, 'a\udc00b')).toContain('contains an unpaired surrogate');
    expect(refuses(name, '\ud83d')).toContain('contains an unpaired surrogate');
    accepts(name, '\ud83d\ude00');
  });

  it('refuses text made only of invisible characters', () => {
    for (const s of [
      '\u200b\u3164',
      '\u200b',
      '\u3164\u3164',
      '\u115f\u1160',
      '\u2800',
      '\ufeff',
      '\u00ad',
      '\u200d\u200c',
      '\uffa0',
      ' ',
      '',
    ]) {
      expect(refuses(name, s), JSON.stringify(s)).toContain('is empty or only invisible characters');
    }
  });

  it('accepts visible text that contains a zero-width joiner (emoji sequences)', () => {
    accepts(name, '👩\u200d💻');
  });

  it('allows the empty string only where the field may be cleared', () => {
    expect(accepts(optional, '')).toBe('');
    expect(accepts(optional, '   ')).toBe('');
    refuses(optional, '\u200b');
  });

  it('refuses non-strings', () => {
    for (const v of [null, undefined, 42, {}, [], true]) refuses(name, v);
  });

  it('refuses a huge string before normalising it', () => {
    refuses(name, 'a'.repeat(10_000));
  });
});
