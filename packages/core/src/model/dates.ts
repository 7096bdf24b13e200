/**
 * The calendar date (`YYYY-MM-DD`) of an instant in a time zone: what a bank in that zone calls the
 * day. SpareBank 1 sends booking dates as the epoch milliseconds of Oslo midnight, which is the
 * previous day in UTC.
 */
export function toLocalDate(_instant: number | Date, _timeZone: string): string {
  throw new Error('not implemented');
}

/**
 * Normalises a date argument to `YYYY-MM-DD`: a string must already be `YYYY-MM-DD` (checked), a
 * Date is read in the given time zone.
 * @throws InvalidInputError for anything else.
 */
export function toIsoDate(_value: string | Date, _timeZone: string): string {
  throw new Error('not implemented');
}
