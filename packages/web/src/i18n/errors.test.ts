import { LiaoError } from '@liao/client';
import { ErrorCodes } from '@liao/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeError, serverFieldErrors } from './errors';
import { initI18n } from './index';

describe('error messages', () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n('zh-CN');
  });

  it('has a sentence for every error code in both languages', () => {
    for (const lng of ['zh-CN', 'en']) {
      const t = i18n.getFixedT(lng);
      for (const code of [...Object.keys(ErrorCodes), 'NETWORK']) {
        expect(i18n.exists(`errors.${code}`, { lng }), `${lng} errors.${code}`).toBe(true);
        if (code === 'VALIDATION_FAILED') continue; // the one code whose text is shown, below
        expect(describeError(t, new LiaoError(code as 'NETWORK', 0, 'raw server text'))).not.toContain(
          'raw server text',
        );
      }
    }
  });

  it('says when to try again after RATE_LIMITED', () => {
    const t = i18n.getFixedT('zh-CN');
    const error = new LiaoError('RATE_LIMITED', 429, 'Too many', { retryAfterSeconds: 29.2 });
    expect(describeError(t, error)).toBe('操作太频繁，请 30 秒后再试');
    expect(describeError(t, new LiaoError('RATE_LIMITED', 429, 'Too many'))).toBe('操作太频繁，请稍后再试');
  });

  it("shows the server's words only for VALIDATION_FAILED, and files them by field", () => {
    const t = i18n.getFixedT('en');
    const error = new LiaoError('VALIDATION_FAILED', 400, 'username must be 3–32 letters', {
      issues: [{ path: 'username', message: 'must be 3–32 letters' }],
    });
    expect(describeError(t, error)).toBe('Please check your input: username must be 3–32 letters');
    expect(serverFieldErrors(error)).toEqual({ username: 'must be 3–32 letters' });
    expect(describeError(t, new Error('boom'))).toBe('Something went wrong. Try again');
  });

  it('[issue 14.8] says text refused for its combining marks in the user’s language, not the server’s words', () => {
    const refusal = (reason: string) =>
      new LiaoError('VALIDATION_FAILED', 400, 'text stacks more than 8 combining marks on one character', {
        issues: [{ path: 'content.text', message: 'stacks more than 8 combining marks', reason }],
      });
    expect(describeError(i18n.getFixedT('zh-CN'), refusal('TOO_MANY_MARKS'))).toBe(
      '一个字上叠加的附加符号太多',
    );
    expect(describeError(i18n.getFixedT('en'), refusal('TOO_MANY_MARKS'))).toBe(
      'Too many accent marks stacked on one character',
    );
    expect(describeError(i18n.getFixedT('zh-CN'), refusal('NO_BASE_CHARACTER'))).toBe(
      '只有附加符号，没有可附着的文字',
    );
    expect(describeError(i18n.getFixedT('en'), refusal('SOMETHING_ELSE'))).toContain(
      'Please check your input',
    );
  });
});
