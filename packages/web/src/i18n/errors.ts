import { LiaoError } from '@liao/client';
import type { TFunction } from 'i18next';

/**
 * The one place a failure becomes words: a translated sentence per error code, never the
 * server's raw text (except VALIDATION_FAILED, whose message names the field and the rule).
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
    case 'VALIDATION_FAILED':
      return t('errors.VALIDATION_FAILED', { message: error.message });
    default:
      return t(`errors.${error.code}`);
  }
}

interface Issue {
  path: string;
  message: string;
}

/** The server's VALIDATION_FAILED issues by field name ("username" → "must be …"). */
export function serverFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof LiaoError) || error.code !== 'VALIDATION_FAILED') return {};
  const issues = Array.isArray(error.data?.issues) ? (error.data.issues as Issue[]) : [];
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const field = typeof issue.path === 'string' ? issue.path.split('.')[0] : undefined;
    if (field && typeof issue.message === 'string' && !(field in fields)) fields[field] = issue.message;
  }
  return fields;
}
