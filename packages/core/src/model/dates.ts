import { InvalidInputError } from '../errors/index.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** One formatter per time zone: building an `Intl.DateTimeFormat` costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Intl would quietly fall back to the machine's own zone for a missing one.
    if (typeof timeZone !== 'string' || timeZone === '') {
      throw new InvalidInputError('A time zone is required, e.g. Europe/Oslo.', { field: 'timeZone' });
    }
    try {
      // en-CA writes dates as YYYY-MM-DD, so `format` gives the answer without assembling parts.
      formatter = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      throw new InvalidInputError(`Unknown time zone ${JSON.stringify(String(timeZone))}.`, {
        field: 'timeZone',
      });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in a time zone: what a bank in that zone calls the
 * day. SpareBank 1 sends booking dates as the epoch milliseconds of Oslo midnight, which is the
 * previous day in UTC.
 * @throws InvalidInputError for an invalid instant or an unknown time zone.
 */
export function toLocalDate(instant: number | Date, timeZone: string): string {
  const time =
    typeof instant === 'number' ? instant : instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(time)) {
    throw new InvalidInputError(`Cannot read a date from ${String(instant)}: not a valid instant.`, {
      field: 'date',
    });
  }
  const formatter = formatterFor(timeZone);
  const text = formatter.format(time);
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) return text;
  return fromParts(formatter, time);
}

/** The slow, locale-proof path, for what en-CA does not print as YYYY-MM-DD (years outside 1000-9999). */
function fromParts(formatter: Intl.DateTimeFormat, time: number): string {
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatter.formatToParts(time)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * Normalises a date argument to `YYYY-MM-DD`: a string must already be `YYYY-MM-DD` (checked), a
 * Date is read in the given time zone.
 * @throws InvalidInputError for anything else.
 */
export function toIsoDate(value: string | Date, timeZone: string): string {
  if (value instanceof Date) return toLocalDate(value, timeZone);
  if (typeof value === 'string') {
    const match = ISO_DATE.exec(value);
    if (match && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return value;
    throw new InvalidInputError(
      `A date must be a real calendar date written YYYY-MM-DD, e.g. 2026-03-31; got ${JSON.stringify(value.slice(0, 40))}.`,
      { field: 'date' },
    );
  }
  throw new InvalidInputError(`A date must be a YYYY-MM-DD string or a Date; got ${typeof value}.`, {
    field: 'date',
  });
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
