import type { z } from 'zod';

/**
 * The rules a VALIDATION_FAILED issue can name, so that a client says what is wrong in the
 * person's language by switching on the rule, never on the English `message`.
 */
export const ValidationRules = {
  /** Text longer than `limit` characters (code points). */
  tooLong: 'tooLong',
  /** Text shorter than `limit` characters. */
  tooShort: 'tooShort',
  /** A list with more than `limit` entries. */
  tooMany: 'tooMany',
  /** A list with fewer than `limit` entries. */
  tooFew: 'tooFew',
  /** Nothing, or only spaces and invisible characters. */
  empty: 'empty',
  /** Control, bidirectional-override or unpaired surrogate characters. */
  badCharacters: 'badCharacters',
  /** Not in the expected form (an id, a username, a client id). */
  format: 'format',
  /** Anything else: a wrong type, an unknown key, a value out of range. */
  invalid: 'invalid',
} as const;
export type ValidationRule = keyof typeof ValidationRules;

/** One issue of VALIDATION_FAILED's data.issues: where ("content.text"), the rule and its limit. */
export interface ValidationIssue {
  path: string;
  /** English, for logs and API users. */
  message: string;
  rule: ValidationRule;
  limit?: number;
}

function isRule(value: unknown): value is ValidationRule {
  return typeof value === 'string' && Object.hasOwn(ValidationRules, value);
}

/** A zod issue as a VALIDATION_FAILED issue (server replies and the SDK's own checks alike). */
export function toValidationIssue(issue: z.core.$ZodIssue): ValidationIssue {
  const base = { path: issue.path.map(String).join('.'), message: issue.message };
  switch (issue.code) {
    case 'custom': {
      const rule = issue.params?.rule;
      const limit = issue.params?.limit;
      return {
        ...base,
        rule: isRule(rule) ? rule : 'invalid',
        ...(typeof limit === 'number' ? { limit } : {}),
      };
    }
    case 'too_big':
      return sized(base, issue.origin, 'tooLong', 'tooMany', Number(issue.maximum));
    case 'too_small':
      // At least one character: the field was left empty.
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { ...base, rule: 'empty' };
      return sized(base, issue.origin, 'tooShort', 'tooFew', Number(issue.minimum));
    case 'invalid_format':
      return { ...base, rule: 'format' };
    default:
      return { ...base, rule: 'invalid' };
  }
}

/** A size limit on text or on a list; on numbers and the rest, simply invalid. */
function sized(
  base: Pick<ValidationIssue, 'path' | 'message'>,
  origin: string,
  forText: ValidationRule,
  forList: ValidationRule,
  limit: number,
): ValidationIssue {
  if (origin === 'string') return { ...base, rule: forText, limit };
  if (origin === 'array' || origin === 'set') return { ...base, rule: forList, limit };
  return { ...base, rule: 'invalid' };
}
