import { LiaoError } from '@liao/client';
import { isMarkProblem, type MarkProblem } from '@liao/protocol';
import type { TFunction } from 'i18next';
import { MARK_PROBLEMS } from '../lib/validation';

/**
 * The one place a failure becomes words: a translated sentence per error code, never the
 * server's raw text (except VALIDATION_FAILED without a stable reason, whose message names the
 * field and the rule).
 */
export function describeError(t: TFunction, error: unknown): string {
  if (!(error instanceof LiaoError)) return t('errors.UNKNOWN');
  switch (error.code) {
    case 'RATE_LIMITED': {
      const seconds = Number(error.data?.retryAfterSeconds);
      return Number.isFinite(seconds) && seconds > 0
        ? t('errors.RATE_LIMITED', { seconds: Math.ceil(seconds) })
        : t('errors.RATE_LIMITED_SOON');
    }
    case 'VALIDATION_FAILED': {
      // Text refused by the shared rule has a stable reason, which can be said in the user's words.
      const reason = markReasonOf(error);
      if (reason) return t(`validation.${MARK_PROBLEMS[reason]}`);
      return t('errors.VALIDATION_FAILED', { message: error.message });
    }
    default:
      return t(`errors.${error.code}`);
  }
}

interface Issue {
  path: string;
  message: string;
  reason?: unknown;
}

function issuesOf(error: LiaoError): Issue[] {
  return Array.isArray(error.data?.issues) ? (error.data.issues as Issue[]) : [];
}

/** The first stable text reason (see protocol text.ts MarkProblems) among the issues, if any. */
function markReasonOf(error: LiaoError): MarkProblem | null {
  const reason = issuesOf(error).find((issue) => isMarkProblem(issue.reason))?.reason;
  return isMarkProblem(reason) ? reason : null;
}

/** The server's VALIDATION_FAILED issues by field name ("username" → "must be …"). */
export function serverFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof LiaoError) || error.code !== 'VALIDATION_FAILED') return {};
  const issues = issuesOf(error);
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const field = typeof issue.path === 'string' ? issue.path.split('.')[0] : undefined;
    if (field && typeof issue.message === 'string' && !(field in fields)) fields[field] = issue.message;
  }
  return fields;
}
