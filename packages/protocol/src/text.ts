import { z } from 'zod';

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
      if (s === '' && allowEmpty) return;
      if (LONE_SURROGATE.test(s)) ctx.addIssue({ code: 'custom', message: 'contains an unpaired surrogate' });
      if ((multiline ? CONTROL_EXCEPT_NEWLINE : CONTROL).test(s))
        ctx.addIssue({ code: 'custom', message: 'contains control characters' });
      if (BIDI_CONTROL.test(s))
        ctx.addIssue({ code: 'custom', message: 'contains bidirectional override characters' });
      if (INVISIBLE.test(s)) {
        ctx.addIssue({ code: 'custom', message: 'is empty or only invisible characters' });
        return;
      }
      const len = textLength(s);
      if (len < min) ctx.addIssue({ code: 'custom', message: `must be at least ${min} characters` });
      if (len > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
    });
}
