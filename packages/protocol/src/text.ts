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
const BLANK = /[\p{Z}\p{Cf}\s\u115F\u1160\u3164\uFFA0\u2800]/u;
const INVISIBLE = new RegExp(`^${BLANK.source}*$`, 'u');
const MARK = /\p{M}/u;
// Format characters (joiners, emoji tags) sit inside a character's cluster: they neither count
// as marks nor start a new character, so interleaving them cannot reset the count below.
const FORMAT = /\p{Cf}/u;

/**
 * Combining marks one character may carry. Written languages stay well below it after NFC:
 * Thai, Devanagari, Burmese, pointed Hebrew and Arabic, Tibetan stacks carry up to about five;
 * an emoji keycap two. Unicode's stream-safe format allows 30 in a row, which is enough for one
 * message ("Zalgo" text) to paint over the messages around it.
 */
export const MAX_MARKS_PER_CHARACTER = 8;

/**
 * Why text that would draw over its neighbours is refused. Carried as `reason` in the
 * VALIDATION_FAILED issue, so that apps can say it in the user's language.
 */
export const MarkProblems = {
  /** Combining marks with nothing visible to sit on (U+0301 alone). */
  NO_BASE_CHARACTER: 'NO_BASE_CHARACTER',
  /** More than MAX_MARKS_PER_CHARACTER marks on one character. */
  TOO_MANY_MARKS: 'TOO_MANY_MARKS',
} as const;
export type MarkProblem = keyof typeof MarkProblems;

/**
 * What is wrong with the combining marks of (NFC) text, or null when nothing is: either no
 * visible base character at all, or a character carrying more than MAX_MARKS_PER_CHARACTER.
 */
export function findMarkProblem(s: string): MarkProblem | null {
  let marks = 0;
  let based = false;
  for (const c of s) {
    if (MARK.test(c)) {
      if (++marks > MAX_MARKS_PER_CHARACTER) return 'TOO_MANY_MARKS';
    } else if (!FORMAT.test(c)) {
      marks = 0;
      if (!BLANK.test(c)) based = true;
    }
  }
  return based ? null : 'NO_BASE_CHARACTER';
}

const MARK_MESSAGES: Record<MarkProblem, string> = {
  NO_BASE_CHARACTER: 'has combining marks but no character for them to sit on',
  TOO_MANY_MARKS: `stacks more than ${MAX_MARKS_PER_CHARACTER} combining marks on one character`,
};

export function isMarkProblem(value: unknown): value is MarkProblem {
  return typeof value === 'string' && Object.hasOwn(MarkProblems, value);
}

/** The `reason` a safeText issue carries, if it has one (see MarkProblems). */
export function reasonOf(issue: { code: string; params?: Record<string, unknown> }): MarkProblem | null {
  const reason = issue.code === 'custom' ? issue.params?.reason : undefined;
  return isMarkProblem(reason) ? reason : null;
}

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
 * no lone surrogates, not only invisible characters, combining marks only on a visible
 * character and at most MAX_MARKS_PER_CHARACTER on each, length counted in code points.
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
      const marks = findMarkProblem(s);
      if (marks) ctx.addIssue({ code: 'custom', message: MARK_MESSAGES[marks], params: { reason: marks } });
      const len = textLength(s);
      if (len < min) ctx.addIssue({ code: 'custom', message: `must be at least ${min} characters` });
      if (len > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
    });
}
