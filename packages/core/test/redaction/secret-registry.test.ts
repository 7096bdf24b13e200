import { expect, test } from 'vitest';
import { REDACTED, redact } from '../../src/redaction/redact.js';
import { registerSecret } from '../../src/redaction/secret-registry.js';

// Its own file: filling the registry to its bound would disturb other tests' secrets.
const BOUND = 2_000;
// The index comes first: a leading fragment of 12 characters of a registered value is redacted
// too, so values sharing a longer start would hide each other's eviction.
const secret = (index: number) => `${String(index).padStart(6, '0')}-rotating-token`;

test('the registry is bounded: the least recently registered value goes first', () => {
  for (let index = 0; index < BOUND; index++) registerSecret(secret(index));
  for (const index of [0, 1, 999, BOUND - 1]) expect(redact(secret(index))).toBe(REDACTED);

  // Registering a known value again makes it the most recent.
  registerSecret(secret(0));
  registerSecret(secret(BOUND));
  expect(redact(secret(0))).toBe(REDACTED);
  expect(redact(secret(1))).toBe(secret(1));
  expect(redact(secret(2))).toBe(REDACTED);
  expect(redact(secret(BOUND))).toBe(REDACTED);

  // A long run of rotating tokens keeps exactly the last BOUND of them.
  for (let index = BOUND + 1; index < 3 * BOUND; index++) registerSecret(secret(index));
  expect(redact(secret(3 * BOUND - BOUND - 1))).toBe(secret(3 * BOUND - BOUND - 1));
  expect(redact(secret(3 * BOUND - BOUND))).toBe(REDACTED);
  expect(redact(secret(3 * BOUND - 1))).toBe(REDACTED);
});
