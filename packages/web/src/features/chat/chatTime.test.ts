import { describe, expect, it } from 'vitest';
import { daysBefore, formatChatDivider } from './chatTime';

// Local times (the divider follows the device's time zone): Wednesday 20 May 2026, 15:00.
const now = new Date(2026, 4, 20, 15, 0).getTime();
const at = (day: number, hour: number, minute: number) => new Date(2026, 4, day, hour, minute).getTime();

describe('chat time dividers', () => {
  it('counts calendar days, not 24-hour spans', () => {
    expect(daysBefore(at(20, 0, 1), now)).toBe(0);
    expect(daysBefore(at(19, 23, 59), now)).toBe(1);
    expect(daysBefore(at(13, 16, 0), now)).toBe(7);
  });

  it('shows only the hour today', () => {
    expect(formatChatDivider(at(20, 9, 5), now, 'zh-CN')).toBe('09:05');
  });

  it('says yesterday with the hour, in the user language', () => {
    expect(formatChatDivider(at(19, 14, 5), now, 'zh-CN')).toBe('昨天 14:05');
    expect(formatChatDivider(at(19, 14, 5), now, 'en')).toMatch(/^Yesterday 0?2:05\sPM$/);
  });

  it('names the weekday within the week', () => {
    expect(formatChatDivider(at(18, 8, 30), now, 'zh-CN')).toBe('星期一 08:30');
    expect(formatChatDivider(at(14, 8, 30), now, 'en')).toMatch(/^Thursday /);
  });

  it('writes the full date past a week', () => {
    expect(formatChatDivider(at(13, 8, 30), now, 'zh-CN')).toBe('2026年5月13日 08:30');
    expect(formatChatDivider(new Date(2025, 11, 31, 23, 0).getTime(), now, 'en')).toMatch(
      /December 31, 2025/,
    );
  });
});
