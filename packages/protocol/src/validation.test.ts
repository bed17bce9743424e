import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OutgoingContent } from './messages';
import { safeText } from './text';
import { toValidationIssue } from './validation';

function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return result.error.issues.map(toValidationIssue);
}

describe('validation issues name their rule', () => {
  it('a message over the limit says tooLong with the limit, at content.text', () => {
    const [issue] = issuesOf(z.object({ content: OutgoingContent }), {
      content: { kind: 'text', text: 'x'.repeat(5001) },
    });
    expect(issue).toEqual({
      path: 'content.text',
      message: 'must be at most 5000 characters',
      rule: 'tooLong',
      limit: 5000,
    });
  });

  it('hidden control characters and blank text have their own rules', () => {
    const text = safeText({ min: 1, max: 10, multiline: true });
    expect(issuesOf(text, 'a\u202eb').map((i) => i.rule)).toEqual(['badCharacters']);
    expect(issuesOf(text, '\u200b').map((i) => i.rule)).toEqual(['empty']);
    expect(issuesOf(safeText({ min: 3, max: 10 }), 'ab')[0]).toMatchObject({ rule: 'tooShort', limit: 3 });
  });

  it("zod's own checks: sizes of text and lists, formats, and the rest", () => {
    expect(issuesOf(z.string().max(4), 'hello')[0]).toMatchObject({ rule: 'tooLong', limit: 4 });
    expect(issuesOf(z.string().min(1), '')[0]).toMatchObject({ rule: 'empty' });
    expect(issuesOf(z.array(z.number()).min(2), [1])[0]).toMatchObject({ rule: 'tooFew', limit: 2 });
    expect(issuesOf(z.string().regex(/^a+$/), 'b')[0]).toMatchObject({ rule: 'format' });
    expect(issuesOf(z.number().max(3), 4)[0]).toMatchObject({ rule: 'invalid' });
    expect(issuesOf(z.number(), 'x')[0]).toMatchObject({ rule: 'invalid', path: '' });
  });
});
