import { InvalidInputError, registerSecret } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from './api-version.js';

/** A password argument: a non-empty string, registered as a secret before it goes anywhere. */
export function requirePassword(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidInputError(`${field} must be a non-empty string.`, {
      field,
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  registerSecret(value);
  return value;
}

/** A required string argument. */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInputError(`${field} must be a non-empty string.`, {
      field,
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  return value;
}
