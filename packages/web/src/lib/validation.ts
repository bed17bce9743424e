import { DisplayName, Greeting, isReservedUsername, Remark, Signature, textLength } from '@liao/protocol';

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
  return DisplayName.safeParse(value).success ? null : 'invalidText';
}

function checkOptionalText(
  value: string,
  max: number,
  schema: typeof Signature | typeof Greeting | typeof Remark,
): FieldProblem | null {
  if (textLength(value.trim()) > max) return 'tooLong';
  return schema.safeParse(value).success ? null : 'invalidText';
}

export const checkSignature = (value: string) => checkOptionalText(value, LIMITS.signature, Signature);
export const checkGreeting = (value: string) => checkOptionalText(value, LIMITS.greeting, Greeting);
export const checkRemark = (value: string) => checkOptionalText(value, LIMITS.remark, Remark);

/** Cuts text to at most `max` code points (an emoji is never split). */
export function clampText(value: string, max: number): string {
  return Array.from(value).slice(0, max).join('');
}
