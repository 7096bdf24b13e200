import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BankkitError,
  ConfigurationError,
  FileTokenStore,
  InvalidInputError,
  type TokenSet,
} from '@bankkit/core';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'bankkit-file-store-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

function tokenSet(name: string, overrides: Partial<TokenSet> = {}): TokenSet {
  return {
    accessToken: `access-${name}-0123456789`,
    expiresAt: new Date('2031-05-06T07:08:09.123Z'),
    refreshToken: `refresh-${name}-0123456789`,
    refreshTokenExpiresAt: new Date('2031-06-05T00:00:00.000Z'),
    ...overrides,
  };
}

describe('FileTokenStore reads and writes', () => {
  test('a missing file reads as empty, and nothing is created by reading or deleting', async () => {
    const path = join(dir, 'nested', 'tokens.json');
    const store = new FileTokenStore(path);
    expect(await store.get('any')).toBeUndefined();
    await store.delete('any');
    await expect(fs.stat(join(dir, 'nested'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('round trip keeps every field, with dates as Date objects', async () => {
    const path = join(dir, 'tokens.json');
    const original = tokenSet('a', {
      userUuid: 'c2a26c9e-dc23-4f67-b887-bbae0f26c415',
      consentExpiresAt: new Date('2030-01-01T00:00:00.000Z'),
      scopes: ['accounts', 'transactions'],
      note: '2020-01-01T00:00:00.000Z',
    });
    await new FileTokenStore(path).set('sparebank1:client', original);

    // A fresh instance, as in the next run of the program.
    const read = await new FileTokenStore(path).get('sparebank1:client');
    expect(read).toEqual(original);
    expect(read?.expiresAt).toBeInstanceOf(Date);
    expect(read?.refreshTokenExpiresAt).toBeInstanceOf(Date);
    expect(read?.consentExpiresAt).toBeInstanceOf(Date);
    // Only `...At` fields are revived: an ISO-looking string elsewhere stays a string.
    expect(read?.note).toBe('2020-01-01T00:00:00.000Z');

    const onDisk = JSON.parse(await fs.readFile(path, 'utf8'));
    expect(onDisk).toMatchObject({
      version: 1,
      tokens: { 'sparebank1:client': { expiresAt: '2031-05-06T07:08:09.123Z' } },
    });
  });

  test('returned sets are copies: changing one does not change the store', async () => {
    const store = new FileTokenStore(join(dir, 'tokens.json'));
    const original = tokenSet('a');
    await store.set('k', original);
    original.accessToken = 'changed-after-set';
    const first = await store.get('k');
    if (!first) throw new Error('expected a token set');
    first.expiresAt.setTime(0);
    expect(await store.get('k')).toEqual(tokenSet('a'));
  });

  test('set keeps other keys and delete removes only its key', async () => {
    const store = new FileTokenStore(join(dir, 'tokens.json'));
    await store.set('a', tokenSet('a'));
    await store.set('b', tokenSet('b'));
    await store.set('a', tokenSet('a2'));
    await store.delete('b');
    expect(await store.get('a')).toEqual(tokenSet('a2'));
    expect(await store.get('b')).toBeUndefined();
  });

  test('an unusable token set is refused with InvalidInputError before touching the file', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path);
    await expect(store.set('k', tokenSet('a', { expiresAt: new Date(Number.NaN) }))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(store.set('k', { expiresAt: new Date() } as unknown as TokenSet)).rejects.toMatchObject({
      field: 'accessToken',
    });
    await expect(fs.stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('FileTokenStore file safety', () => {
  test('the file has mode 0600 and a missing directory is created with mode 0700', async () => {
    const previousUmask = process.umask(0o000);
    try {
      const path = join(dir, 'config', 'bankkit', 'tokens.json');
      await new FileTokenStore(path).set('k', tokenSet('a'));
      expect((await fs.stat(path)).mode & 0o777).toBe(0o600);
      expect((await fs.stat(join(dir, 'config', 'bankkit'))).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(previousUmask);
    }
  });

  test('a file that was readable by others becomes 0600 on the next write', async () => {
    const path = join(dir, 'tokens.json');
    await fs.writeFile(path, '', { mode: 0o644 });
    await fs.chmod(path, 0o644);
    await new FileTokenStore(path).set('k', tokenSet('a'));
    expect((await fs.stat(path)).mode & 0o777).toBe(0o600);
  });

  test('a crash between the temp write and the rename leaves the old content intact', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path);
    await store.set('k', tokenSet('old'));
    const before = await fs.readFile(path, 'utf8');

    let tempWritten: string | undefined;
    vi.spyOn(fs, 'rename').mockImplementationOnce(async (from) => {
      // The new content is complete on disk at this point; the "crash" stops the rename.
      tempWritten = await fs.readFile(String(from), 'utf8');
      throw Object.assign(new Error('simulated crash before rename'), { code: 'EIO' });
    });
    const failure = await store.set('k', tokenSet('new')).catch((error: unknown) => error);

    expect(tempWritten).toContain(tokenSet('new').accessToken);
    expect(failure).toBeInstanceOf(BankkitError);
    expect(failure).toMatchObject({ code: 'token_store_failed' });
    expect(String((failure as Error).message)).toContain(path);
    expect(String((failure as Error).message)).not.toContain(tokenSet('new').accessToken);

    const after = await fs.readFile(path, 'utf8');
    expect(after).toBe(before);
    expect(after.length).toBeGreaterThan(0);
    expect(await store.get('k')).toEqual(tokenSet('old'));
    // The temp file of the failed write was cleaned up; only the store remains.
    expect(await fs.readdir(dir)).toEqual(['tokens.json']);

    // The store keeps working afterwards.
    await store.set('k', tokenSet('new'));
    expect(await store.get('k')).toEqual(tokenSet('new'));
  });

  test('a temp file left by a real crash is ignored', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path);
    await store.set('k', tokenSet('old'));
    await fs.writeFile(join(dir, '.tokens.json.999.leftover.tmp'), '{"version":1,"tok');
    expect(await store.get('k')).toEqual(tokenSet('old'));
    await store.set('j', tokenSet('j'));
    expect(await store.get('k')).toEqual(tokenSet('old'));
  });

  test('50 concurrent sets for different keys, from two instances on one path, all persist', async () => {
    const path = join(dir, 'tokens.json');
    const stores = [new FileTokenStore(path), new FileTokenStore(join(dir, '.', 'tokens.json'))];
    const keys = Array.from({ length: 50 }, (_, index) => `key-${index}`);
    await Promise.all(keys.map((key, index) => stores[index % 2]?.set(key, tokenSet(key))));

    const fresh = new FileTokenStore(path);
    for (const key of keys) expect(await fresh.get(key)).toEqual(tokenSet(key));
    const onDisk = JSON.parse(await fs.readFile(path, 'utf8'));
    expect(Object.keys(onDisk.tokens)).toHaveLength(50);
    // No lock or temp files are left behind.
    expect(await fs.readdir(dir)).toEqual(['tokens.json']);
  });

  test('a corrupt file rejects with ConfigurationError naming the path, and is never overwritten', async () => {
    const path = join(dir, 'tokens.json');
    const corrupt = '{"version":1,"tokens":{"k":{"accessToken":"secret-value-abcdef"';
    await fs.writeFile(path, corrupt, { mode: 0o600 });
    const store = new FileTokenStore(path);

    const readError = await store.get('k').catch((error: unknown) => error);
    expect(readError).toBeInstanceOf(ConfigurationError);
    expect((readError as Error).message).toContain(path);
    expect((readError as Error).message).toMatch(/not valid JSON/);
    expect((readError as Error).message).not.toContain('secret-value-abcdef');
    expect(JSON.stringify(readError)).not.toContain('secret-value-abcdef');

    await expect(store.set('other', tokenSet('other'))).rejects.toBeInstanceOf(ConfigurationError);
    await expect(store.delete('k')).rejects.toBeInstanceOf(ConfigurationError);
    expect(await fs.readFile(path, 'utf8')).toBe(corrupt);
  });

  test('a JSON file that is not a token file, or a newer version, is refused too', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path);
    await fs.writeFile(path, '[1, 2]');
    await expect(store.get('k')).rejects.toThrow(/not a bankkit token file/);
    await fs.writeFile(path, '{"version":2,"tokens":{}}');
    await expect(store.get('k')).rejects.toThrow(/version 2/);
    await fs.writeFile(path, '{"version":1,"tokens":{"k":{"accessToken":"abc","expiresAt":"soon"}}}');
    await expect(store.get('k')).rejects.toThrow(/entry "k", expiresAt must be a valid Date/);
  });
});

describe('FileTokenStore lock', () => {
  test('excludes a second holder until released, then lets it in', async () => {
    const path = join(dir, 'tokens.json');
    const first = new FileTokenStore(path, { lockTimeoutMs: 10_000 });
    const second = new FileTokenStore(path, { lockTimeoutMs: 150 });

    const release = await first.lock('sparebank1:client');
    const lockFiles = (await fs.readdir(dir)).filter((name) => name.endsWith('.lock'));
    expect(lockFiles).toHaveLength(1);
    expect(lockFiles[0]).toMatch(/^tokens\.json\.sparebank1_client-[0-9a-f]{12}\.lock$/);

    const timedOut = await second.lock('sparebank1:client').catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(BankkitError);
    expect(timedOut).toMatchObject({ code: 'token_store_locked' });
    expect((timedOut as Error).message).toContain(`process ${process.pid}`);

    // Another key has its own lock.
    const otherRelease = await second.lock('bridge:user');
    await otherRelease();

    // A waiter that started while the lock was held gets it once it is released.
    const waiting = first.lock('sparebank1:client');
    await release();
    const releaseSecond = await waiting;
    await releaseSecond();
    await releaseSecond();
    expect((await fs.readdir(dir)).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });

  test('breaks a lock that was not refreshed for staleLockMs', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path, { lockTimeoutMs: 2_000, staleLockMs: 30_000 });
    const lockPath = `${path}.k.lock`;
    // A live process (this one) but a lock untouched for a minute: its holder hung.
    await fs.writeFile(lockPath, JSON.stringify({ pid: process.pid, host: 'elsewhere' }));
    const minuteAgo = new Date(Date.now() - 60_000);
    await fs.utimes(lockPath, minuteAgo, minuteAgo);

    const release = await store.lock('k');
    const owner = JSON.parse(await fs.readFile(lockPath, 'utf8'));
    expect(owner.pid).toBe(process.pid);
    await release();
    expect(await fs.readdir(dir)).toEqual([]);
  });

  test('breaks a fresh lock whose holder on this host is no longer running', async () => {
    const { hostname } = await import('node:os');
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path, { lockTimeoutMs: 2_000 });
    // Above the largest pid Linux hands out, so certainly not running.
    await fs.writeFile(`${path}.k.lock`, JSON.stringify({ pid: 99_999_999, host: hostname() }));
    const release = await store.lock('k');
    await release();
  });

  test('a fresh lock of a live holder is not broken', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path, { lockTimeoutMs: 100 });
    await fs.writeFile(`${path}.k.lock`, JSON.stringify({ pid: 99_999_999, host: 'another-host' }));
    await expect(store.lock('k')).rejects.toMatchObject({ code: 'token_store_locked' });
  });

  test('writes wait for a lock file held by another process', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore(path, { lockTimeoutMs: 100 });
    await fs.writeFile(`${path}.lock`, JSON.stringify({ pid: 99_999_999, host: 'another-host' }));
    await expect(store.set('k', tokenSet('a'))).rejects.toMatchObject({ code: 'token_store_locked' });
    await fs.rm(`${path}.lock`);
    await store.set('k', tokenSet('a'));
    expect(await store.get('k')).toEqual(tokenSet('a'));
  });

  test('rejects bad options and paths with ConfigurationError', () => {
    expect(() => new FileTokenStore('')).toThrow(ConfigurationError);
    expect(() => new FileTokenStore(join(dir, 't.json'), { lockTimeoutMs: -1 })).toThrow(ConfigurationError);
  });
});
