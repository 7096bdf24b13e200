import { InvalidInputError } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../../api-version.js';
import { encodeId } from '../../http/query.js';

/**
 * A resource id in a v3 path (`items/{id}`, `users/{uuid}`): a non-negative safe integer or a
 * non-empty string, percent-encoded. `.` and `..` are refused too: percent-encoding leaves them as
 * they are, and URL resolution would turn `items/..` into the parent collection.
 * @throws InvalidInputError naming the argument, before anything is sent.
 */
export function encodePathId(id: number | string, field: string): string {
  if (typeof id === 'string' && (id.trim() === '.' || id.trim() === '..')) {
    throw new InvalidInputError(`${field} must be an id, not the path segment ${JSON.stringify(id)}`, {
      field,
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  return encodeId(id, field);
}
