import { InvalidInputError, toIsoDate } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID, BRIDGE_TIME_ZONE } from '../api-version.js';

/** The largest `limit` Bridge accepts on a list. */
export const MAX_PAGE_LIMIT = 500;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function invalid(field: string, message: string): InvalidInputError {
  return new InvalidInputError(`${field} ${message}`, { field, provider: BRIDGE_PROVIDER_ID });
}

/**
 * A calendar-date parameter (`since`/`until` of transaction lists) as `YYYY-MM-DD`. A string must
 * already be one; a `Date` is read in Bridge's time zone (Europe/Paris).
 */
export function encodeDate(value: string | Date | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date && Number.isNaN(value.getTime())) throw invalid(field, 'is an invalid Date');
  if (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw invalid(field, `must be a YYYY-MM-DD date or a Date, got ${JSON.stringify(value)}`);
  }
  try {
    return toIsoDate(value, BRIDGE_TIME_ZONE);
  } catch (error) {
    throw invalid(field, `must be a valid YYYY-MM-DD date or a Date (${(error as Error).message})`);
  }
}

/**
 * A timestamp parameter (`since` of the `updated` lists) as RFC 3339 in UTC with `Z`
 * (`2023-07-26T09:57:55.747Z`). A string must carry a time zone (`Z` or `+02:00`): a naive
 * timestamp would be read in an unknown zone.
 */
export function encodeDateTime(value: string | Date | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(field, 'is an invalid Date');
    return value.toISOString();
  }
  const time = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalid(
      field,
      `must be a Date or an RFC 3339 timestamp with a time zone (e.g. 2023-07-26T09:57:55Z), got ${JSON.stringify(value)}`,
    );
  }
  return new Date(time).toISOString();
}

/** `limit`: an integer from 1 to 500. */
export function encodeLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw invalid('limit', `must be an integer from 1 to ${MAX_PAGE_LIMIT}, got ${limit}`);
  }
  return limit;
}

/** A cursor (`after`): an opaque non-empty string, sent as it is. */
export function encodeCursor(cursor: string | undefined, field = 'after'): string | undefined {
  if (cursor === undefined) return undefined;
  if (typeof cursor !== 'string' || cursor === '') throw invalid(field, 'must be a non-empty string');
  return cursor;
}

/** A parameter that may repeat (`countries`, `capabilities`): one value or a list, sent as repeated keys. */
export function encodeList(
  value: string | readonly string[] | undefined,
  field: string,
): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const values = typeof value === 'string' ? [value] : value;
  for (const item of values) {
    if (typeof item !== 'string' || item === '') throw invalid(field, 'must hold non-empty strings');
  }
  return values;
}

/**
 * A resource id in a path: a safe integer or a non-empty string (user uuids), percent-encoded so
 * that an id can never change the path (`../users`); `.` and `..`, which encoding leaves as they
 * are, are refused.
 */
export function encodeId(id: number | string, field: string): string {
  if (typeof id === 'number') {
    if (!Number.isSafeInteger(id) || id < 0)
      throw invalid(field, `must be a non-negative integer, got ${id}`);
    return String(id);
  }
  if (typeof id !== 'string' || id.trim() === '')
    throw invalid(field, 'must be a non-empty string or a number');
  // Percent-encoding leaves these two as they are, and URL normalisation would resolve them.
  if (id === '.' || id === '..')
    throw invalid(field, `must be an id, not the path segment ${JSON.stringify(id)}`);
  return encodeURIComponent(id);
}

/** A numeric id sent in a query or body (`item_id`, `bank_id`): a safe non-negative integer. */
export function encodeNumericId(id: number | string | undefined, field: string): number | undefined {
  if (id === undefined) return undefined;
  const value = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(field, `must be a non-negative integer, got ${JSON.stringify(id)}`);
  }
  return value;
}
