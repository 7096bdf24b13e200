import { InvalidInputError } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../../api-version.js';
import { encodeDate, encodeDateTime } from '../../http/query.js';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `since` / `until` of `GET /v3/aggregation/transactions`. Bridge's guide makes `since` the
 * `updated_at` cursor (a timestamp); some clients send calendar dates instead. Both are accepted: a
 * `Date` goes as RFC 3339 UTC, a timestamp string with its zone goes exactly as given (so a stored
 * `updated_at` is sent back verbatim), and a `YYYY-MM-DD` string goes as it is.
 * @throws InvalidInputError for anything else (a naive timestamp, an invalid Date).
 */
export function encodeCursorTime(value: string | Date | undefined, field: string): string | undefined {
  if (value === undefined || value instanceof Date) return encodeDateTime(value, field);
  if (typeof value === 'string' && CALENDAR_DATE.test(value)) return encodeDate(value, field);
  encodeDateTime(value, field);
  return value;
}

/** `true` / `false` for a boolean option; an error for anything else. */
export function encodeBoolean(value: boolean | undefined, field: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new InvalidInputError(`${field} must be true or false.`, { field, provider: BRIDGE_PROVIDER_ID });
}

/** A positive integer option (`max_selectable_accounts`). */
export function encodePositiveInt(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidInputError(`${field} must be a positive integer, got ${value}.`, {
      field,
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  return value;
}

const CONTEXT = /^[A-Za-z0-9-]{1,100}$/;

/** `context` of a session: at most 100 letters, digits and hyphens, as Bridge documents. */
export function encodeContext(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !CONTEXT.test(value)) {
    throw new InvalidInputError(
      'context must be 1 to 100 letters, digits or hyphens (Bridge appends it to the callback URL).',
      { field: 'context', provider: BRIDGE_PROVIDER_ID },
    );
  }
  return value;
}
