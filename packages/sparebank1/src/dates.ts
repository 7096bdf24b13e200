import { InvalidInputError, isInvalidInputError, toIsoDate, toLocalDate } from '@bankkit/core';
import { BANK_TIME_ZONE, PROVIDER_ID } from './constants.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date argument as the bank wants it: `YYYY-MM-DD`, a Date being read as an Oslo calendar day. */
export function osloDateArgument(value: string | Date, field: string): string {
  try {
    return toIsoDate(value, BANK_TIME_ZONE);
  } catch (error) {
    if (!isInvalidInputError(error)) throw error;
    throw new InvalidInputError(`${field} must be a YYYY-MM-DD string or a Date (read in Europe/Oslo).`, {
      provider: PROVIDER_ID,
      field,
      cause: error,
    });
  }
}

/**
 * The Oslo calendar day of a date the bank sent: epoch milliseconds of Oslo midnight (read in
 * UTC they give the day before), or now and then an ISO string. Undefined when unreadable.
 */
export function osloDayOf(value: number | string): string | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? toLocalDate(value, BANK_TIME_ZONE) : undefined;
  const text = value.trim();
  if (ISO_DATE.test(text)) return text;
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? undefined : toLocalDate(instant, BANK_TIME_ZONE);
}

/** Moves a `YYYY-MM-DD` calendar day by whole days (no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
