/** `2025-03-01 14:05 UTC`: unambiguous, whatever the machine's time zone. */
export function formatDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `in 3 days`, `in 9 minutes`, `2 hours ago`. */
export function formatRelative(date: Date, now: number = Date.now()): string {
  const diff = date.getTime() - now;
  const abs = Math.abs(diff);
  const units: Array<[string, number]> = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1_000],
  ];
  let text = 'now';
  for (const [unit, size] of units) {
    if (abs >= size) {
      const count = Math.floor(abs / size);
      text = `${count} ${unit}${count === 1 ? '' : 's'}`;
      break;
    }
  }
  if (text === 'now') return text;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

/** The calendar date `YYYY-MM-DD` of an instant in a time zone (`Europe/Oslo`). */
export function calendarDateIn(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
