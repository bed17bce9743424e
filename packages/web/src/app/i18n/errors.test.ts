import { LiaoError } from '@liao/client';
import { ErrorCodes, ValidationRules } from '@liao/protocol';
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

  it('[#1] says a validation failure as a sentence naming the field and the rule, never the raw text', () => {
    const refusal = (issues: unknown[]) =>
      new LiaoError('VALIDATION_FAILED', 400, 'text must be at most 5000 characters', { issues });
    const tooLong = refusal([
      { path: 'content.text', message: 'must be at most 5000 characters', rule: 'tooLong', limit: 5000 },
    ]);
    expect(describeError(i18n.getFixedT('zh-CN'), tooLong)).toBe('消息太长了，最多 5,000 个字');
    expect(describeError(i18n.getFixedT('en'), tooLong)).toBe(
      'The message is too long: at most 5,000 characters',
    );
    const hidden = refusal([
      { path: 'displayName', message: 'contains control characters', rule: 'badCharacters' },
    ]);
    expect(describeError(i18n.getFixedT('zh-CN'), hidden)).toBe('昵称里有不能使用的隐藏字符');
    // A field the app has no name for, and an older server's issue without a rule.
    expect(
      describeError(i18n.getFixedT('en'), refusal([{ path: 'whatever.3', message: 'Invalid input' }])),
    ).toBe('The input is not valid');
    expect(describeError(i18n.getFixedT('zh-CN'), refusal([]))).toBe('输入有误，请检查后再试');
    for (const lng of ['zh-CN', 'en']) {
      for (const rule of Object.keys(ValidationRules)) {
        const text = describeError(
          i18n.getFixedT(lng),
          refusal([{ path: 'text', message: 'raw', rule, limit: 9 }]),
        );
        expect(text, `${lng} ${rule}`).not.toMatch(/raw|must be|validation\./);
      }
    }
  });

  it("files the server's issues under their fields, in words", () => {
    const error = new LiaoError('VALIDATION_FAILED', 400, 'username must be 3–32 letters', {
      issues: [
        { path: 'username', message: 'must be 3–32 letters', rule: 'format' },
        { path: 'displayName', message: 'must be at most 32 characters', rule: 'tooLong', limit: 32 },
      ],
    });
    expect(serverFieldErrors(i18n.getFixedT('en'), error)).toEqual({
      username: 'Not in the right format',
      displayName: 'At most 32 characters',
    });
    expect(describeError(i18n.getFixedT('en'), new Error('boom'))).toBe('Something went wrong. Try again');
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
    // A reason this app does not know: said by the field and rule, as any other issue.
    expect(describeError(i18n.getFixedT('en'), refusal('SOMETHING_ELSE'))).toBe('The message is not valid');
  });
});
