import {
  DisplayName,
  Greeting,
  isReservedUsername,
  MAX_TEXT_LENGTH,
  type MarkProblem,
  MessageText,
  Remark,
  reasonOf,
  Signature,
  textLength,
} from '@liao/protocol';

/**
 * Checks run before sending, so that most mistakes are explained in the user's language at
 * once; the server checks again and its VALIDATION_FAILED is shown where these miss. Each
 * returns an i18n key under `validation.` or null.
 */
export type FieldProblem =
  | 'required'
  | 'usernameFormat'
  | 'usernameReserved'
  | 'tooLong'
  | 'invalidText'
  | 'noBaseCharacter'
  | 'tooManyMarks'
  | 'passwordShort'
  | 'passwordMismatch';

const USERNAME = /^[A-Za-z][A-Za-z0-9_.]{2,31}$/;

export const LIMITS = {
  displayName: 32,
  signature: 60,
  greeting: 50,
  remark: 32,
  passwordMin: 8,
} as const;

/** The problem to show for each stable reason of the shared text rule (protocol text.ts). */
export const MARK_PROBLEMS: Record<MarkProblem, FieldProblem> = {
  NO_BASE_CHARACTER: 'noBaseCharacter',
  TOO_MANY_MARKS: 'tooManyMarks',
};

/** Every user-written text field shares one rule (safeText), so one schema type serves them all. */
type TextSchema = typeof DisplayName;

/** What the shared schema says of a value: null, the problem its reason names, else invalidText. */
function schemaProblem(schema: TextSchema, value: string): FieldProblem | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  for (const issue of result.error.issues) {
    const reason = reasonOf(issue);
    if (reason) return MARK_PROBLEMS[reason];
  }
  return 'invalidText';
}

export function checkUsername(value: string): FieldProblem | null {
  if (value.trim() === '') return 'required';
  if (!USERNAME.test(value)) return 'usernameFormat';
  if (isReservedUsername(value)) return 'usernameReserved';
  return null;
}

export function checkPassword(value: string): FieldProblem | null {
  if (value === '') return 'required';
  if (value.length < LIMITS.passwordMin) return 'passwordShort';
  return null;
}

/** A required one-line name. */
export function checkDisplayName(value: string): FieldProblem | null {
  if (value.trim() === '') return 'required';
  if (textLength(value.trim()) > LIMITS.displayName) return 'tooLong';
  return schemaProblem(DisplayName, value);
}

function checkOptionalText(value: string, max: number, schema: TextSchema): FieldProblem | null {
  if (textLength(value.trim()) > max) return 'tooLong';
  return schemaProblem(schema, value);
}

/**
 * A message about to be sent (never empty: the composer sends no blank text). Checked before
 * the composer lets go of it, so that text the server would refuse stays in the box, with
 * the reason in the user's language.
 */
export function checkMessageText(value: string): FieldProblem | null {
  if (textLength(value.trim()) > MAX_TEXT_LENGTH) return 'tooLong';
  return schemaProblem(MessageText, value);
}

export const checkSignature = (value: string) => checkOptionalText(value, LIMITS.signature, Signature);
export const checkGreeting = (value: string) => checkOptionalText(value, LIMITS.greeting, Greeting);
export const checkRemark = (value: string) => checkOptionalText(value, LIMITS.remark, Remark);

/** Cuts text to at most `max` code points (an emoji is never split). */
export function clampText(value: string, max: number): string {
  return Array.from(value).slice(0, max).join('');
}
