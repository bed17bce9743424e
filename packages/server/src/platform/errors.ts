import { type ErrorCode, ErrorCodes, reasonOf, toValidationIssue } from '@liao/protocol';
import type { z } from 'zod';

const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  INTERNAL: 'Something went wrong on the server; nothing was changed.',
};

/** The one error type domain code throws; rendered by the HTTP error handler and the gateway. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, data?: Record<string, unknown>, options?: ErrorOptions) {
    super(message ?? DEFAULT_MESSAGES[code] ?? ErrorCodes[code].doc, options);
    this.name = 'AppError';
    this.code = code;
    this.status = ErrorCodes[code].status;
    this.data = data;
  }

  toBody() {
    return { code: this.code, message: this.message, ...(this.data ? { data: this.data } : {}) };
  }
}

/** Parses untrusted input with a protocol schema; a mismatch becomes VALIDATION_FAILED. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Each issue names its rule and limit, and a shared text rule's issue its stable reason, so
  // that clients say it in the person's language.
  const issues = result.error.issues.slice(0, 20).map((i) => {
    const reason = reasonOf(i);
    return { ...toValidationIssue(i), ...(reason ? { reason } : {}) };
  });
  const first = issues[0];
  const message = first ? `${first.path || 'input'} ${first.message}` : 'invalid input';
  throw new AppError('VALIDATION_FAILED', message, { issues });
}
