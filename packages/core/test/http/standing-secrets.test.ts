import { describe, expect, test } from 'vitest';
import { StandingSecrets } from '../../src/http/request-secrets.js';
import { redact } from '../../src/redaction/redact.js';

describe('StandingSecrets', () => {
  test('registers the default headers’ secrets and each new token at once', () => {
    const secrets = new StandingSecrets({
      'Client-Secret': 'standing-secret-one',
      Accept: 'application/json',
    });
    secrets.register('first-token-value-1');
    expect(redact('secret standing-secret-one, token first-token-value-1')).toBe(
      'secret [REDACTED], token [REDACTED]',
    );
    // A renewed token is registered on its first use, not a second later.
    secrets.register('second-token-value-2');
    expect(redact('token second-token-value-2')).toBe('token [REDACTED]');
  });

  test('leaves headers that are not secrets alone', () => {
    new StandingSecrets({ Accept: 'application/vnd.example+json' }).register(undefined);
    expect(redact('application/vnd.example+json')).toBe('application/vnd.example+json');
  });
});
