const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 minutes ago", "yesterday", then a date, in the user's language. */
export function formatRelativeTime(timestamp: number, now: number, locale: string): string {
  const diff = Math.max(0, now - timestamp);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (diff < MINUTE) return rtf.format(0, 'second');
  if (diff < HOUR) return rtf.format(-Math.floor(diff / MINUTE), 'minute');
  if (diff < DAY) return rtf.format(-Math.floor(diff / HOUR), 'hour');
  if (diff < 7 * DAY) return rtf.format(-Math.floor(diff / DAY), 'day');
  return formatDate(timestamp, locale);
}

export function formatDate(timestamp: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(
    timestamp,
  );
}

/** A conversation row's time: the hour today, the weekday this week, else the date. */
export function formatListTime(timestamp: number, now: number, locale: string): string {
  const date = new Date(timestamp);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return formatClock(timestamp, locale);
  if (now - timestamp < 6 * DAY)
    return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(timestamp);
  return new Intl.DateTimeFormat(locale, { year: '2-digit', month: 'numeric', day: 'numeric' }).format(
    timestamp,
  );
}

export function formatClock(timestamp: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(timestamp);
}
