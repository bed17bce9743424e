import { z } from 'zod';
import type { ValidationRule } from './validation';

// Characters that let text lie about itself: C0/C1 controls, bidirectional embeddings,
// overrides and isolates (the "Trojan Source" set), and unpaired UTF-16 surrogates.
// One-line fields also refuse the Unicode line and paragraph separators.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_EXCEPT_NEWLINE = /[^\P{Cc}\n]/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;
// Text made only of these shows as nothing: spaces, format characters (zero-width joiners,
// BOM, soft hyphen), Hangul fillers and braille blank.
const INVISIBLE = /^[\p{Z}\p{Cf}\s\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/** Length in code points, so that an emoji counts once and not as two UTF-16 units. */
export function textLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

interface SafeTextOptions {
  min: number;
  max: number;
  /** Allow line breaks (messages); names and one-line fields refuse them. */
  multiline?: boolean;
  /** Allow the empty string (clears an optional field such as a remark). */
  allowEmpty?: boolean;
}

/**
 * A user-written string: NFC-normalised, trimmed, no control or bidi-override characters,
 * no lone surrogates, not only invisible characters, length counted in code points.
 */
export function safeText({ min, max, multiline = false, allowEmpty = false }: SafeTextOptions) {
  return z
    .string()
    .max(max * 4)
    .transform((s) => s.normalize('NFC').trim())
    .superRefine((s, ctx) => {
      // Each issue names its rule (and limit) for clients to put in words; `message` is for logs.
      const fail = (message: string, rule: ValidationRule, limit?: number) =>
        ctx.addIssue({
          code: 'custom',
          message,
          params: { rule, ...(limit === undefined ? {} : { limit }) },
        });
      if (s === '' && allowEmpty) return;
      if (LONE_SURROGATE.test(s)) fail('contains an unpaired surrogate', 'badCharacters');
      if ((multiline ? CONTROL_EXCEPT_NEWLINE : CONTROL).test(s))
        fail('contains control characters', 'badCharacters');
      if (BIDI_CONTROL.test(s)) fail('contains bidirectional override characters', 'badCharacters');
      if (INVISIBLE.test(s)) {
        fail('is empty or only invisible characters', 'empty');
        return;
      }
      const len = textLength(s);
      if (len < min) fail(`must be at least ${min} characters`, 'tooShort', min);
      if (len > max) fail(`must be at most ${max} characters`, 'tooLong', max);
    });
}
