import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMarkProblem, MAX_MARKS_PER_CHARACTER, reasonOf, safeText, textLength } from './text';

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

describe('combining marks: text that would draw over the chat', () => {
  const NOT_SEATED = 'has combining marks but no character for them to sit on';
  const STACKED = 'stacks more than 8 combining marks on one character';
  // Marks with no precomposed form, so that NFC leaves every one of them in place.
  const OVERLAY = '\u0336';
  const zalgo = (n: number) => `x${OVERLAY.repeat(n)}`;
  // A message as long as the protocol allows (MAX_TEXT_LENGTH).
  const long = safeText({ min: 1, max: 5000, multiline: true });

  it('refuses a message or a name made only of combining marks (U+0301 alone)', () => {
    for (const s of ['\u0301', '\u0301\u0301\u0301', '\u20e3', ' \u0301 ', '\u200b\u0301', '\u3164\u0336']) {
      expect(refuses(message, s), JSON.stringify(s)).toContain(NOT_SEATED);
      expect(refuses(name, s), JSON.stringify(s)).toContain(NOT_SEATED);
    }
    expect(findMarkProblem('\u0301')).toBe('NO_BASE_CHARACTER');
  });

  it('caps marks at 8 per character: 8 pass, 9 and 4,999 ("Zalgo") are refused', () => {
    expect(accepts(name, zalgo(MAX_MARKS_PER_CHARACTER))).toBe(zalgo(8));
    expect(refuses(name, zalgo(9))).toContain(STACKED);
    expect(refuses(long, `a${'\u0301'.repeat(4999)}`)).toContain(STACKED);
    expect(findMarkProblem(zalgo(9))).toBe('TOO_MANY_MARKS');
  });

  it('joiners and other format characters between the marks do not reset the count', () => {
    for (const format of ['\u200d', '\u200c', '\u2060', '\ufeff']) {
      expect(findMarkProblem(`x${`${OVERLAY}${format}`.repeat(9)}`), JSON.stringify(format)).toBe(
        'TOO_MANY_MARKS',
      );
    }
  });

  it('the refusal carries a stable reason for apps to translate', () => {
    const result = name.safeParse(zalgo(20));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(reasonOf)).toEqual(['TOO_MANY_MARKS']);
    const bare = name.safeParse('\u0301');
    expect(bare.error?.issues.map(reasonOf)).toEqual(['NO_BASE_CHARACTER']);
    expect(name.safeParse('a\u202eb').error?.issues.map(reasonOf)).toEqual([null]);
  });

  // Written languages and emoji as people type them: every one must still pass.
  const LEGITIMATE: [string, string][] = [
    ['Thai', 'ผู้ใหญ่กิ๊กน้ำก็'],
    ['Thai with a tone mark over a vowel sign', 'ปั้น ตั๋ว กี๊'],
    ['Hindi (vowel signs, viramas, conjuncts)', 'हिन्दी श्रीमद्भगवद्गीता क्षत्रिय'],
    ['Hindi with nukta (decomposed by NFC)', 'क़ ख़ ज़्र ड़'],
    ['Devanagari eyelash ra (virama + ZWJ)', 'र्‍य'],
    ['Vietnamese, precomposed', 'Tiếng Việt có dấu: người, thưởng, Nguyễn'],
    ['Vietnamese, decomposed', 'Vie\u0323\u0302t Nguye\u0302\u0303n'],
    ['Korean syllables', '안녕하세요 한국어'],
    ['Korean conjoining jamo (old Hangul, not composed by NFC)', '\u1100\u119e\u11a8 \u1112\u119e\u11ab'],
    ['Korean tone mark', '말\u302e'],
    ['Arabic with harakat', 'بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ'],
    ['Hebrew with points and cantillation', 'בְּרֵאשִׁ֖ית בָּרָ֣א'],
    ['Tibetan stack (the Kalachakra monogram: 8 marks after NFC, the most in real use)', 'ཧྐྵྨླྺྼྻྂ'],
    ['Burmese', 'ကြွေး မြန်မာ'],
    ['emoji ZWJ family', '👨‍👩‍👧‍👦'],
    ['emoji skin tones', '👍🏽 🧑🏿‍🦱 👩🏻‍💻'],
    ['emoji keycaps', '1️⃣ #️⃣ *️⃣'],
    ['emoji with variation selectors', '❤️ ☺︎ 🏳️‍🌈 ❤️‍🔥'],
    ['emoji tag sequence (flag of Scotland)', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['regional-indicator flags', '🇨🇳🇺🇸'],
    ['ideographic variation sequence', '葛\u{e0100}辻\u{e0101}'],
    ['IPA and a combining diacritic on its own base', 'n̩ t̪ʰ a\u0361b'],
    ['Chinese', '你好，世界'],
  ];

  it.each(LEGITIMATE)('accepts %s', (_what, text) => {
    expect(findMarkProblem(text.normalize('NFC'))).toBeNull();
    accepts(message, text);
    accepts(safeText({ min: 1, max: 64 }), text);
  });

  const legitimate = fc.constantFrom(...LEGITIMATE.map(([, text]) => text));
  const marks = fc.constantFrom(
    '\u0301',
    '\u0336',
    '\u0489',
    '\u20dd',
    '\u0e49',
    '\u094d',
    '\u05b8',
    '\ufe0f',
  );
  const formats = fc.constantFrom('', '\u200d', '\u200c', '\u2060');

  it('property: any mix of legitimate text, spaces and newlines passes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(legitimate, fc.constantFrom(' ', '\n', '')), { minLength: 1, maxLength: 6 }),
        (parts) => {
          const text = parts.map(([s, gap]) => s + gap).join('');
          expect(long.safeParse(text).success).toBe(true);
        },
      ),
    );
  });

  it('property: legitimate text with one character carrying 9 or more marks is refused', () => {
    fc.assert(
      fc.property(
        legitimate,
        legitimate,
        fc.array(fc.tuple(marks, formats), { minLength: 9, maxLength: 60 }),
        (before, after, stack) => {
          const text = `${before} x${stack.map(([m, f]) => m + f).join('')} ${after}`;
          const result = long.safeParse(text);
          expect(result.success).toBe(false);
          expect(result.error?.issues.map(reasonOf)).toContain('TOO_MANY_MARKS');
        },
      ),
    );
  });

  it('property: marks alone, with blanks around them, are refused', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(marks, fc.constantFrom('', ' ', '\u200b', '\n')), { minLength: 1, maxLength: 8 }),
        (parts) => {
          const text = parts.map(([m, gap]) => m + gap).join('');
          const result = long.safeParse(text);
          expect(result.success).toBe(false);
          expect(result.error?.issues.map(reasonOf)).toContain('NO_BASE_CHARACTER');
        },
      ),
    );
  });
});
