import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, runBankkit, spawnBankkit, waitForStderr } from './helpers/run-bankkit.js';
import { type RunningTestSandbox, readTokenFile, startRunningSandbox } from './helpers/test-sandbox.js';

let running: RunningTestSandbox;
const bankkit = (...args: string[]) => runBankkit(args, { configDir: running.configDir });

beforeAll(async () => {
  running = await startRunningSandbox();
});

afterAll(async () => {
  await running?.close();
});

describe('bankkit login bridge, Bridge 2025-01-15 (the sandbox plays v3)', () => {
  it('runs Bridge Connect on demand: the URL is printed, the callback is caught on 127.0.0.1', async () => {
    const v3 = running.sandbox.bridge.v3;
    const demo = running.sandbox.bridge.users[0];
    const child = spawnBankkit(['login', 'bridge', '--sandbox', '--connect', '--no-browser'], {
      configDir: running.configDir,
    });
    const finished = collect(child);
    const [url] = await waitForStderr(child, /http:\/\/127\.0\.0\.1:\d+\/connect\/session\/\S+/);
    // What the user's browser does: complete Connect, then follow Bridge's redirect to the callback.
    const done = v3.completeConnectSession(url ?? '');
    const callback = new URL(done.callbackUrl ?? '');
    expect(callback.hostname).toBe('127.0.0.1');
    expect((await fetch(callback)).status).toBe(200);

    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Bridge Connect added or repaired item ${done.itemId}.`);
    expect(result.stderr).toContain(`Logged in to Bridge as user ${demo?.uuid} (API 2025-01-15)`);
    const file = await readTokenFile(running.tokenFile);
    expect(file.tokens.bridge?.userUuid).toBe(demo?.uuid);
    // The session was made by the v3 API for the demo user, with a loopback callback.
    const [session] = v3.sessions(demo?.uuid).slice(-1);
    expect(session?.callbackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bridge\/callback$/);
  });

  it('refuses a callback that carries another context, and stores nothing new', async () => {
    const child = spawnBankkit(['login', 'bridge', '--sandbox', '--connect', '--no-browser'], {
      configDir: running.configDir,
    });
    const finished = collect(child);
    const [url] = await waitForStderr(child, /http:\/\/127\.0\.0\.1:\d+\/connect\/session\/\S+/);
    const session = running.sandbox.bridge.v3.sessions().find((s) => url?.endsWith(s.id));
    const forged = new URL(session?.callbackUrl ?? '');
    forged.search = new URLSearchParams({ success: 'true', item_id: '1', context: 'not-mine' }).toString();
    expect((await fetch(forged)).status).toBe(400);
    const result = await finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not belong to this login');
    // Nothing completed the session: no item was added on the strength of the forged callback.
    const after = running.sandbox.bridge.v3.sessions().find((s) => s.id === session?.id);
    expect(after?.completed).toBe(false);
  });

  it('a user who already has a bank is not sent to Connect; status names the API version', async () => {
    const result = await bankkit('login', 'bridge', '--sandbox');
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('Bridge Connect');
    const status = await bankkit('status', '--sandbox');
    expect(status.stdout).toContain('Bridge (sandbox): logged in');
    expect(status.stdout).toContain('  Bridge API 2025-01-15');
  });

  it('reads accounts through the v3 API after the login', async () => {
    const before = running.sandbox.requests.count({ path: '/v3/aggregation/accounts' });
    const result = await bankkit('accounts', '--sandbox', '--provider', 'bridge', '--format', 'json');
    expect(result.code).toBe(0);
    const accounts = JSON.parse(result.stdout) as { provider: string }[];
    expect(accounts.length).toBeGreaterThan(0);
    expect(running.sandbox.requests.count({ path: '/v3/aggregation/accounts' })).toBeGreaterThan(before);
    expect(running.sandbox.requests.count({ path: '/v2/accounts' })).toBe(0);
  });

  it('an external id Bridge does not know yet: the user is created, then logged in', async () => {
    const result = await bankkit(
      'login',
      'bridge',
      '--sandbox',
      '--external-user-id',
      'cli-new-user-1',
      '--no-connect',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Created the Bridge user for external id cli-new-user-1.');
    const stored = (await readTokenFile(running.tokenFile)).tokens.bridge;
    expect(typeof stored?.userUuid).toBe('string');
    expect(stored?.userUuid).not.toBe(running.sandbox.bridge.users[0]?.uuid);
    // Later commands know the user by the stored uuid (the flag is not configuration).
    expect(result.stderr).toContain("is renewed with the user's uuid afterwards");
  });
});
