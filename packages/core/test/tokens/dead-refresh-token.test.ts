import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FileTokenStore,
  isReauthorizationRequiredError,
  ReauthorizationRequiredError,
  TokenManager,
  type TokenSet,
} from '@bankkit/core';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';

/**
 * Issue 10, item 7: after `invalid_grant`, the stored set is marked as needing a new login, in the
 * store, so that no manager (this process's or another's, modelled here by a second manager on
 * its own FileTokenStore object for the same file) sends the dead refresh token again.
 */
const KEY = 'sparebank1:client-dead';
const START = Date.parse('2030-01-01T12:00:00.000Z');

let folder: string;
beforeEach(async () => {
  folder = await fs.mkdtemp(join(tmpdir(), 'bankkit-dead-token-'));
});
afterEach(async () => {
  await fs.rm(folder, { recursive: true, force: true });
});

function expiredSet(): TokenSet {
  return {
    accessToken: 'dead-test-access-token-1',
    refreshToken: 'dead-test-refresh-token-1',
    expiresAt: new Date(START - 1),
  };
}

function manager(path: string, sentRefreshTokens: string[]) {
  return new TokenManager({
    key: KEY,
    store: new FileTokenStore(path),
    now: () => START,
    renew: async (current) => {
      sentRefreshTokens.push(current?.refreshToken ?? '(none)');
      throw new ReauthorizationRequiredError('invalid_grant from the provider', {
        providerCode: 'invalid_grant',
      });
    },
  });
}

async function failures(calls: Promise<unknown>[]): Promise<unknown[]> {
  const results = await Promise.allSettled(calls);
  return results.map((result) => (result.status === 'rejected' ? result.reason : 'resolved'));
}

describe('a refresh token refused with invalid_grant', () => {
  test('is sent once: 50 later calls here and 50 in another process fail at once and send nothing', async () => {
    const path = join(folder, 'tokens.json');
    await new FileTokenStore(path).set(KEY, expiredSet());
    const sentHere: string[] = [];
    const sentElsewhere: string[] = [];
    const here = manager(path, sentHere);
    const elsewhere = manager(path, sentElsewhere);

    const first = await failures([here.getAccessToken()]);
    expect(isReauthorizationRequiredError(first[0])).toBe(true);
    const later: unknown[] = [];
    // One after another, as a retry loop would call: each one used to send the dead token again.
    for (let call = 0; call < 50; call++) later.push(...(await failures([here.getAccessToken()])));
    const other = await failures(Array.from({ length: 50 }, () => elsewhere.getAccessToken()));
    const renewCalls = await failures([here.renew(), elsewhere.renew()]);

    for (const error of [...later, ...other, ...renewCalls]) {
      expect(isReauthorizationRequiredError(error), String(error)).toBe(true);
    }
    expect(sentHere).toEqual(['dead-test-refresh-token-1']);
    expect(sentElsewhere).toEqual([]);
    expect(await here.isAuthenticated()).toBe(false);

    const stored = await new FileTokenStore(path).get(KEY);
    expect(stored?.reauthorizationRequiredAt).toEqual(new Date(START));
    expect(stored?.reauthorizationReason).toBe('invalid_grant');
    expect(String(other[0])).toContain('need a new login');
  });

  test('a new login (set) clears the marker for every process', async () => {
    const path = join(folder, 'tokens.json');
    await new FileTokenStore(path).set(KEY, expiredSet());
    const sent: string[] = [];
    const here = manager(path, sent);
    const elsewhere = manager(path, []);
    await expect(here.getAccessToken()).rejects.toBeInstanceOf(ReauthorizationRequiredError);

    await here.set({
      accessToken: 'fresh-login-access-token',
      refreshToken: 'fresh-login-refresh',
      expiresAt: new Date(START + 600_000),
    });
    await expect(here.getAccessToken()).resolves.toBe('fresh-login-access-token');
    await expect(elsewhere.getAccessToken()).resolves.toBe('fresh-login-access-token');
    expect((await new FileTokenStore(path).get(KEY))?.reauthorizationRequiredAt).toBeUndefined();
    expect(sent).toHaveLength(1);
  });
});
