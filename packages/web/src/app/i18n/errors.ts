import { LiaoError } from '@liao/client';
import { isMarkProblem, type MarkProblem, type ValidationRule, ValidationRules } from '@liao/protocol';
import type { TFunction } from 'i18next';
import { MARK_PROBLEMS } from '../../lib/validation';
import type { Messages } from './zhCN';

/**
 * The one place a failure becomes words: a translated sentence per error code, never the
 * server's raw text. VALIDATION_FAILED names the field and the rule it broke, from the issue's
 * path, rule and limit (never from its English message), or says the stable reason of text the
 * shared rule for combining marks refused.
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
      const reason = issuesOf(error).find((issue) => issue.reason)?.reason;
      if (reason) return t(`validation.${MARK_PROBLEMS[reason]}`);
      const [issue] = issuesOf(error);
      if (!issue) return t('errors.VALIDATION_FAILED');
      const field = t(`validation.fields.${fieldOf(issue)}`);
      return t(`validation.rules.${issue.rule}`, { field, limit: issue.limit });
    }
    default:
      return t(`errors.${error.code}`);
  }
}

type FieldName = keyof Messages['validation']['fields'];

/** The fields the app has a name for (the keys of validation.fields). */
const FIELD_NAMES: Record<FieldName, true> = {
  text: true,
  comment: true,
  username: true,
  password: true,
  currentPassword: true,
  newPassword: true,
  displayName: true,
  signature: true,
  greeting: true,
  remark: true,
  name: true,
  nickname: true,
  caption: true,
  draft: true,
  memberIds: true,
  userIds: true,
  input: true,
};

interface Issue {
  /** The path's segments without list positions: "memberIds.3" → ["memberIds"]. */
  segments: string[];
  rule: ValidationRule;
  limit: number | undefined;
  /** The stable reason of a shared text rule (protocol text.ts MarkProblems), if any. */
  reason: MarkProblem | undefined;
}

/** The issues of a VALIDATION_FAILED, read defensively (an older server sends no rule). */
function issuesOf(error: LiaoError): Issue[] {
  const raw: unknown[] = Array.isArray(error.data?.issues) ? error.data.issues : [];
  return raw.map((value) => {
    const { path, rule, limit, reason } = (typeof value === 'object' && value !== null ? value : {}) as {
      path?: unknown;
      rule?: unknown;
      limit?: unknown;
      reason?: unknown;
    };
    return {
      segments: typeof path === 'string' ? path.split('.').filter((s) => s !== '' && !/^\d+$/.test(s)) : [],
      rule:
        typeof rule === 'string' && Object.hasOwn(ValidationRules, rule)
          ? (rule as ValidationRule)
          : 'invalid',
      limit: typeof limit === 'number' ? limit : undefined,
      reason: isMarkProblem(reason) ? reason : undefined,
    };
  });
}

/** The field an issue is about, by the last part of its path ("content.text" → "text"). */
function fieldOf(issue: Issue): FieldName {
  const last = issue.segments.at(-1);
  return last !== undefined && Object.hasOwn(FIELD_NAMES, last) ? (last as FieldName) : 'input';
}

/**
 * The server's VALIDATION_FAILED issues in words, by the field they concern (its first path
 * segment, as forms name their fields): "username" → "At most 32 characters".
 */
export function serverFieldErrors(t: TFunction, error: unknown): Record<string, string> {
  if (!(error instanceof LiaoError) || error.code !== 'VALIDATION_FAILED') return {};
  const fields: Record<string, string> = {};
  for (const issue of issuesOf(error)) {
    const field = issue.segments[0];
    if (field && !(field in fields))
      fields[field] = issue.reason
        ? t(`validation.${MARK_PROBLEMS[issue.reason]}`)
        : t(`validation.short.${issue.rule}`, { limit: issue.limit });
  }
  return fields;
}
