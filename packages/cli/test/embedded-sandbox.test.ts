import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from './helpers/parse-csv.js';
import { allOutput, collect, runBankkit, spawnBankkit, tempConfigDir } from './helpers/run-bankkit.js';

let configDir: { dir: string; remove(): Promise<void> };
beforeAll(async () => {
  configDir = await tempConfigDir();
});
afterAll(async () => {
  await configDir.remove();
});

const bankkit = (...args: string[]) => runBankkit(args, { configDir: configDir.dir });

/** The sandbox's secrets, as `bankkit sandbox` announced them (every sandbox has the same defaults). */
const sandboxSecrets: string[] = [];

describe('without configuration (embedded sandbox)', () => {
  it('runs the demo: one accounts table, the latest transactions and a summary (exit 0)', async () => {
    const result = await bankkit('demo');
    expect(result.code).toBe(0);
    const { stdout } = result;
    expect(stdout).toMatch(/^Accounts\n┌/m);
    expect(stdout).toMatch(/Provider\s*│\s*Name\s*│\s*Type\s*│\s*Balance/);
    expect(stdout).toContain('SpareBank 1');
    expect(stdout).toContain('Bridge');
    expect(stdout).toMatch(/^Latest 15 transactions$/m);
    const summary = stdout.match(
      /^(\d+) accounts, ([\d,]+) transactions, (\d+) pages fetched, (\d+) token renewals?, (\d+\.\d) s$/m,
    );
    expect(summary).not.toBeNull();
    const [, accounts, transactions, pages, renewals] = summary ?? [];
    expect(Number(accounts)).toBeGreaterThan(5);
    expect(Number(transactions?.replace(/,/g, ''))).toBeGreaterThan(300);
    // At least one page per provider (Bridge pages hold 500 rows, SpareBank 1 lists are single pages).
    expect(Number(pages)).toBeGreaterThanOrEqual(2);
    // The sandbox clock jumps past the access token's 10 minutes: SpareBank 1 renews once.
    expect(Number(renewals)).toBe(1);
    // The table rows of the latest transactions are newest first.
    const dates = [...stdout.matchAll(/^│ (\d{4}-\d{2}-\d{2}) │/gm)].map((match) => match[1] ?? '');
    expect(dates).toHaveLength(15);
    expect([...dates].sort().reverse()).toEqual(dates);
    // Future-dated rows (Bridge's is_future) stay out of the latest view: nothing after today in Oslo.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
    expect(dates.filter((date) => date > today)).toEqual([]);
    expect(stdout).toMatch(
      /^\(\d+ future-dated transactions?, booked after \d{4}-\d{2}-\d{2} in Europe\/Oslo, not shown\)$/m,
    );
    // Nothing is written for an embedded sandbox: its logins die with it.
    expect(existsSync(join(configDir.dir, 'tokens.json'))).toBe(false);
    expect(existsSync(join(configDir.dir, 'sandbox-tokens.json'))).toBe(false);
  });

  it('uses the sandbox and says so on stderr, first in one line, then in a banner; stdout is clean JSON', async () => {
    const result = await bankkit('accounts', '--format', 'json');
    expect(result.code).toBe(0);
    const [notice, ...banner] = result.stderr.trimEnd().split('\n');
    expect(notice).toMatch(/^No bank credentials are configured: using an embedded sandbox/);
    expect(banner.join('\n')).toContain('SANDBOX DATA');
    const accounts = JSON.parse(result.stdout) as Array<{ provider: string }>;
    expect(new Set(accounts.map((account) => account.provider))).toEqual(new Set(['sparebank1', 'bridge']));
  });

  it('logs in to the embedded sandbox by itself for transactions', async () => {
    const result = await bankkit('transactions', '--provider', 'sparebank1', '--format', 'csv');
    expect(result.code).toBe(0);
    const rows = parseCsv(result.stdout);
    expect(rows.length).toBeGreaterThan(50);
    expect(new Set(rows.map((row) => row.provider))).toEqual(new Set(['sparebank1']));
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'provider',
      'account_id',
      'id',
      'booking_date',
      'value_date',
      'status',
      'amount',
      'currency',
      'description',
      'counterparty_name',
      'counterparty_account',
      'category',
      'sandbox',
    ]);
  });

  it('ignores a stale sandbox.json whose process is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']);
    expect(gone.pid).toBeGreaterThan(0);
    const discoveryFile = join(configDir.dir, 'sandbox.json');
    await writeFile(
      discoveryFile,
      JSON.stringify({
        pid: gone.pid,
        startedAt: new Date().toISOString(),
        bridge: { baseUrl: 'http://127.0.0.1:9', clientId: 'x', clientSecret: 'y', users: [] },
        sparebank1: {
          baseUrl: 'http://127.0.0.1:9',
          authBaseUrl: 'http://127.0.0.1:9',
          clientId: 'x',
          clientSecret: 'y',
          redirectUris: [],
        },
      }),
    );
    try {
      const result = await bankkit('accounts', '--sandbox', '--provider', 'bridge', '--format', 'json');
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('Using an embedded sandbox for this command');
      expect(JSON.parse(result.stdout)).not.toHaveLength(0);
    } finally {
      await rm(discoveryFile, { force: true });
    }
  });

  it('reports status and logout without a running sandbox', async () => {
    const status = await bankkit('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('SpareBank 1 (sandbox): not logged in');
    expect(status.stdout).toContain('no sandbox is running');
    const logout = await bankkit('logout');
    expect(logout.code).toBe(0);
    expect(logout.stderr).toContain('SpareBank 1: not logged in.');
  });

  it('runs `bankkit sandbox` until Ctrl-C, announced to other commands, and cleans up', async () => {
    const child = spawnBankkit(['sandbox'], { configDir: configDir.dir });
    const finished = collect(child);
    const discoveryFile = join(configDir.dir, 'sandbox.json');
    const started = Date.now();
    while (!existsSync(discoveryFile)) {
      if (Date.now() - started > 20_000) throw new Error('bankkit sandbox never wrote sandbox.json');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const discovery = JSON.parse(await readFile(discoveryFile, 'utf8')) as {
      pid: number;
      bridge: { baseUrl: string; clientSecret: string; users: Array<{ email: string; password: string }> };
      sparebank1: { clientSecret: string };
    };
    expect(discovery.pid).toBe(child.pid);
    sandboxSecrets.push(
      discovery.bridge.clientSecret,
      discovery.sparebank1.clientSecret,
      ...discovery.bridge.users.map((user) => user.password),
    );

    // Another command finds it: a running sandbox keeps logins, so none is made automatically.
    const accounts = await bankkit('accounts', '--sandbox');
    expect(accounts.code).toBe(3);
    expect(accounts.stderr).toContain('bankkit login sparebank1 --sandbox');
    const login = await bankkit('login', 'bridge', '--sandbox');
    expect(login.code).toBe(0);
    const bridgeAccounts = await bankkit('accounts', '--sandbox', '--provider', 'bridge', '--format', 'json');
    expect(bridgeAccounts.code).toBe(0);
    expect(JSON.parse(bridgeAccounts.stdout)).not.toHaveLength(0);

    child.kill('SIGINT');
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('bankkit sandbox is running');
    expect(result.stdout).toContain(discovery.bridge.baseUrl);
    expect(result.stdout).toContain(discovery.bridge.users[0]?.email ?? '?');
    expect(existsSync(discoveryFile)).toBe(false);
    expect(existsSync(join(configDir.dir, 'sandbox-tokens.json'))).toBe(false);
  });

  it('never printed a sandbox client secret outside the `bankkit sandbox` banner', () => {
    const banner = allOutput.findIndex((text) => text.includes('bankkit sandbox is running'));
    const others = allOutput.filter((_, index) => index !== banner).join('\n');
    expect(sandboxSecrets.length).toBeGreaterThanOrEqual(3);
    for (const secret of sandboxSecrets) expect(others).not.toContain(secret);
  });
});
