import { formatClock } from '../../lib/time';

const DAY = 24 * 60 * 60_000;
/** Within this many days back a divider names the weekday, as WeChat does; older ones the date. */
const WEEKDAY_DAYS = 6;

/** Calendar days from the timestamp's day to now's day, on this device's clock and time zone. */
export function daysBefore(timestamp: number, now: number): number {
  const start = (t: number) => {
    const d = new Date(t);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  };
  // Rounded: a day with a daylight-saving change is 23 or 25 hours long.
  return Math.round((start(now) - start(timestamp)) / DAY);
}

/**
 * A chat's time divider, as WeChat for Windows writes it: the hour today; "昨天 14:05"
 * (yesterday); the weekday and hour within the week; else the full date and hour.
 */
export function formatChatDivider(timestamp: number, now: number, locale: string): string {
  const days = daysBefore(timestamp, now);
  const clock = formatClock(timestamp, locale);
  if (days === 0) return clock;
  if (days === 1) {
    const yesterday = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-1, 'day');
    return `${yesterday.charAt(0).toLocaleUpperCase(locale)}${yesterday.slice(1)} ${clock}`;
  }
  if (days > 1 && days <= WEEKDAY_DAYS) {
    const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long' }).format(timestamp);
    return `${weekday} ${clock}`;
  }
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(timestamp);
}
