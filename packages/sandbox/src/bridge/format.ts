import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';

/** Milliseconds per day. */
export const DAY_MS = 86_400_000;

/** Bridge is a French aggregator: "today" and dates are French calendar days. */
export const BRIDGE_TIME_ZONE = 'Europe/Paris';

/**
 * Money as Bridge writes it: a JSON number with at least one decimal (`1733.0`, `-12.5`,
 * `-152340.12`), from integer hundredths so no float ever rounds.
 */
export function formatMoney(hundredths: number): string {
  const negative = hundredths < 0;
  const abs = Math.abs(hundredths);
  const units = Math.floor(abs / 100);
  const rest = abs % 100;
  const decimals = rest === 0 ? '0' : rest % 10 === 0 ? String(rest / 10) : String(rest).padStart(2, '0');
  return `${negative ? '-' : ''}${units}.${decimals}`;
}

const dayTexts = new Map<number, string>();

/** A day number (days since 1970-01-01) as `YYYY-MM-DD` (memoized: pages repeat the same few days). */
export function formatDay(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayTexts.size < 200_000) dayTexts.set(day, text);
  }
  return text;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/**
 * A timestamp as Bridge writes it: UTC with milliseconds and `Z` (`2023-07-26T09:57:55.747Z`). Built
 * from the memoized day and digit tables: pages print one per row, and `toISOString` dominated.
 */
export function formatTimestamp(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = Math.floor(rest - seconds * 1000);
  return `${formatDay(day)}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[millis]}Z`;
}

/** The French calendar day of an instant, as a day number. */
export function parisDay(ms: number): number {
  const local = format(new TZDate(ms, BRIDGE_TIME_ZONE), 'yyyy-MM-dd');
  return Date.parse(`${local}T00:00:00Z`) / DAY_MS;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|z|[+-]\d{2}:?\d{2}| \d{2}:?\d{2})?$/;

/**
 * Parses what clients send as `since`/`until`: `YYYY-MM-DD`, RFC 3339 (`2019-06-21T18:44:09.523Z`,
 * offsets) and Python's `str(datetime)` (`2023-07-26 09:57:55.747000+00:00`), also when its `+` was
 * decoded to a space. Returns epoch ms (a date alone is its UTC midnight) and the day part, or
 * `undefined` when the text is none of these.
 */
export function parseInstant(text: string): { ms: number; day: number } | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const day = Date.parse(`${y}-${mo}-${d}T00:00:00Z`);
  if (!Number.isFinite(day) || formatDay(day / DAY_MS) !== `${y}-${mo}-${d}`) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let offsetMs = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const ms = day + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000 + millis - offsetMs;
  return { ms, day: day / DAY_MS };
}
