import { describe, expect, it } from 'vitest';
import {
  accountScopeOf,
  decodeSyncCursor,
  encodeSyncCursor,
  InvalidInputError,
  isBankkitError,
  MAX_SYNC_CURSOR_LENGTH,
  SyncCursorError,
} from '../../src/index.js';

const data = Uint8Array.from([1, 2, 3, 250, 0, 7]);

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SyncCursorError);
    expect(isBankkitError(error)).toBe(true);
    expect((error as SyncCursorError).code).toBe('invalid_sync_cursor');
    return (error as SyncCursorError).problem;
  }
  throw new Error('the cursor was accepted');
}

describe('sync cursors', () => {
  it('round-trips the provider data, bound to the provider and the account set (in any order)', () => {
    const cursor = encodeSyncCursor({ provider: 'bridge', accountIds: ['2', '1'], data });
    expect(cursor).toMatch(/^bk1\.[A-Za-z0-9_-]+$/);
    expect(decodeSyncCursor(cursor, { provider: 'bridge', accountIds: ['1', '2', '2'] })).toEqual(data);
    const all = encodeSyncCursor({ provider: 'bridge', data });
    expect(decodeSyncCursor(all, { provider: 'bridge' })).toEqual(data);
  });

  it('refuses another provider, another account set, all accounts vs some', () => {
    const cursor = encodeSyncCursor({ provider: 'sparebank1', accountIds: ['a'], data });
    expect(problemOf(() => decodeSyncCursor(cursor, { provider: 'bridge', accountIds: ['a'] }))).toBe(
      'provider',
    );
    expect(problemOf(() => decodeSyncCursor(cursor, { provider: 'sparebank1', accountIds: ['b'] }))).toBe(
      'accounts',
    );
    expect(problemOf(() => decodeSyncCursor(cursor, { provider: 'sparebank1' }))).toBe('accounts');
  });

  it('refuses every single-character corruption, and never returns misread data', () => {
    const cursor = encodeSyncCursor({ provider: 'bridge', data });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let index = 4; index < cursor.length; index++) {
      const replacement = alphabet[(alphabet.indexOf(cursor[index] ?? 'A') + 1) % alphabet.length];
      const damaged = cursor.slice(0, index) + replacement + cursor.slice(index + 1);
      expect(['checksum', 'malformed']).toContain(
        problemOf(() => decodeSyncCursor(damaged, { provider: 'bridge' })),
      );
    }
    expect(problemOf(() => decodeSyncCursor(cursor.slice(0, -4), { provider: 'bridge' }))).toMatch(
      /checksum|malformed/,
    );
  });

  it('refuses other formats, junk, non-strings and oversized text', () => {
    const cursor = encodeSyncCursor({ provider: 'bridge', data });
    expect(problemOf(() => decodeSyncCursor(`bk2.${cursor.slice(4)}`, { provider: 'bridge' }))).toBe(
      'version',
    );
    expect(problemOf(() => decodeSyncCursor('hello', { provider: 'bridge' }))).toBe('malformed');
    expect(problemOf(() => decodeSyncCursor('bk1.!!!', { provider: 'bridge' }))).toBe('malformed');
    expect(problemOf(() => decodeSyncCursor(42 as unknown as string, { provider: 'bridge' }))).toBe(
      'malformed',
    );
    expect(
      problemOf(() => decodeSyncCursor(`bk1.${'A'.repeat(MAX_SYNC_CURSOR_LENGTH)}`, { provider: 'bridge' })),
    ).toBe('too_large');
  });

  it('will not issue a cursor past the bound', () => {
    expect(() =>
      encodeSyncCursor({ provider: 'bridge', data: new Uint8Array(MAX_SYNC_CURSOR_LENGTH) }),
    ).toThrow(InvalidInputError);
  });

  it('says what was wrong and what to do, without the cursor text', () => {
    const cursor = encodeSyncCursor({ provider: 'sparebank1', data });
    try {
      decodeSyncCursor(cursor, { provider: 'bridge' });
    } catch (error) {
      expect((error as Error).message).toMatch(/issued by "sparebank1", not "bridge".*without a cursor/);
      expect((error as Error).message).not.toContain(cursor.slice(4, 20));
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({
        code: 'invalid_sync_cursor',
        problem: 'provider',
      });
    }
  });

  it('canonicalises account sets and rejects bad ids', () => {
    expect(accountScopeOf(undefined)).toBe('*');
    expect(accountScopeOf(['b', 'a', 'b'])).toBe(accountScopeOf(['a', 'b']));
    expect(() => accountScopeOf(['a', ''])).toThrow(InvalidInputError);
  });
});
