import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from './time';

describe('relative times in the user language', () => {
  const now = Date.UTC(2025, 4, 20, 12, 0, 0);

  it('says now, minutes, hours and days', () => {
    expect(formatRelativeTime(now - 5_000, now, 'en')).toBe('now');
    expect(formatRelativeTime(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(formatRelativeTime(now - 3 * 3_600_000, now, 'zh-CN')).toBe('3小时前');
    expect(formatRelativeTime(now - 86_400_000, now, 'zh-CN')).toBe('昨天');
  });

  it('falls back to a date after a week', () => {
    expect(formatRelativeTime(now - 30 * 86_400_000, now, 'en')).toMatch(/2025/);
  });

  it('never says "in …" for a clock that runs a little ahead', () => {
    expect(formatRelativeTime(now + 10_000, now, 'en')).toBe('now');
  });
});
