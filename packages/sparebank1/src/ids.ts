import { InvalidInputError } from '@bankkit/core';
import { PROVIDER_ID } from './constants.js';

/**
 * An identifier given to a method (account key, account number, transaction id): a non-blank
 * string that is not `.` or `..`. Percent-encoding leaves those two as they are and URL
 * normalisation would then resolve them, sending the request to another path
 * (`getAccountDetails('..')` became `GET /personal/banking/details`), so they are refused with
 * every other unusable id, before anything is sent.
 * @throws InvalidInputError naming `field`.
 */
export function requireId(
  value: unknown,
  field: string,
  what = `${field} must be a non-empty string`,
): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInputError(`${what}.`, { provider: PROVIDER_ID, field });
  }
  if (value === '.' || value === '..') {
    throw new InvalidInputError(`${what}, not ${JSON.stringify(value)} (a path segment, not an id).`, {
      provider: PROVIDER_ID,
      field,
    });
  }
  return value;
}
