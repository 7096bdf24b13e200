import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from './helpers/parse-csv.js';
import { runBankkit, tempConfigDir } from './helpers/run-bankkit.js';
import { writeTokenFile } from './helpers/test-sandbox.js';

/**
 * A user who configured anything never gets sandbox data without asking for it; a machine with no
 * configuration at all may show the sandbox, but every output says so where the data is.
 */
let configDir: { dir: string; remove(): Promise<void> };
beforeAll(async () => {
  configDir = await tempConfigDir();
});
afterAll(async () => {
  await configDir.remove();
});

const configFile = () => join(configDir.dir, 'config.json');
const bankkit = (args: string[], env: Record<string, string> = {}) =>
  runBankkit(args, { configDir: configDir.dir, env });

/** The last lines of every command that fell back to the sandbox on its own. */
const BANNER = /╭─ SANDBOX DATA ─+╮\n│ None of this came from a bank\./;

async function withConfigFile(content: unknown, run: () => Promise<void>): Promise<void> {
  await writeFile(configFile(), JSON.stringify(content), { mode: 0o600 });
  try {
    await run();
  } finally {
    await rm(configFile(), { force: true });
  }
}

describe('configuration mistakes are errors, never sandbox data', () => {
  it('refuses a misspelt BANKKIT_* variable, naming the closest known one', async () => {
    for (const args of [
      ['accounts'],
      ['transactions', '-o', join(configDir.dir, 'x.csv')],
      ['status', '--sandbox'],
    ]) {
      const result = await bankkit(args, { BANKKIT_SPAREBANK_CLIENT_ID: 'my-client' });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'error: Unknown environment variable BANKKIT_SPAREBANK_CLIENT_ID: did you mean BANKKIT_SPAREBANK1_CLIENT_ID?: rename it, or unset it (docs/cli.md lists every variable)\n',
      );
      expect(result.stdout).toBe('');
    }
    const bridge = await bankkit(['accounts'], { BANKKIT_BRIDGE_SECRET: 'x' });
    expect(bridge.stderr).toContain('did you mean BANKKIT_BRIDGE_CLIENT_SECRET?');
  });

  it('refuses an unknown section or field in config.json, naming the closest known one', async () => {
    await withConfigFile(
      { sparebank_1: { clientId: 'a', clientSecret: 'b', redirectUri: 'c' } },
      async () => {
        const result = await bankkit(['accounts', '--format', 'csv']);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          `error: Unknown key "sparebank_1" in ${configFile()}: did you mean "sparebank1"?`,
        );
        expect(result.stdout).toBe('');
      },
    );
    await withConfigFile({ bridge: { clientID: 'a', clientSecret: 'b' } }, async () => {
      const result = await bankkit(['accounts']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `error: Unknown key "bridge.clientID" in ${configFile()}: did you mean "bridge.clientId"?`,
      );
    });
  });

  it('refuses a config file that configures no bank', async () => {
    await withConfigFile({}, async () => {
      const result = await bankkit(['accounts', '--format', 'json']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `error: No bank is configured, but this machine is set up for one (${configFile()}), so bankkit will not show sandbox data instead`,
      );
      expect(result.stderr).toContain('or pass --sandbox for sandbox data');
      expect(result.stdout).toBe('');
      // Asked for, the sandbox is still there.
      const asked = await bankkit(['accounts', '--format', 'json', '--sandbox']);
      expect(asked.code).toBe(0);
    });
  });

  it('refuses stored logins without the credentials that made them (an unset variable), but logs them out', async () => {
    const tokenFile = join(configDir.dir, 'tokens.json');
    await writeTokenFile(tokenFile, {
      version: 1,
      tokens: {
        sparebank1: {
          accessToken: 'a',
          refreshToken: 'r',
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        },
      },
    });
    try {
      const result = await bankkit(['transactions', '--format', 'csv']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`(the logins stored in ${tokenFile})`);
      expect(result.stdout).toBe('');
      // Status and logout are about those logins: they work without the credentials.
      const status = await bankkit(['status']);
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('SpareBank 1 (real banks): logged in');
      expect(status.stdout).toContain('a login is stored, but SpareBank 1 is not configured');
      const logout = await bankkit(['logout']);
      expect(logout.code).toBe(0);
      expect(logout.stderr).toBe('SpareBank 1: logged out.\n');
      const after = await bankkit(['accounts', '--format', 'json']);
      expect(after.code).toBe(0);
    } finally {
      await rm(tokenFile, { force: true });
    }
  });

  it('refuses a partly configured bank from the environment alone', async () => {
    const result = await bankkit(['accounts'], { BANKKIT_BRIDGE_CLIENT_SECRET: 'only-the-secret' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Bridge is only partly configured: BANKKIT_BRIDGE_CLIENT_ID missing');
    expect(result.stderr).not.toContain('only-the-secret');
  });
});

describe('an unconfigured machine shows the sandbox, marked where the data is', () => {
  it('marks table rows and ends with a banner', async () => {
    const result = await bankkit(['accounts']);
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\n').filter((line) => /^│ (?!Provider)/.test(line));
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row).toMatch(/^│ (SpareBank 1|Bridge) \(sandbox\) +│/);
    expect(result.stderr).toMatch(/^No bank credentials are configured: using an embedded sandbox/);
    expect(result.stderr).toMatch(BANNER);
  });

  it('puts "sandbox": true on every JSON and NDJSON record', async () => {
    const accounts = await bankkit(['accounts', '--format', 'json']);
    expect(accounts.code).toBe(0);
    const parsed = JSON.parse(accounts.stdout) as Array<{ sandbox?: unknown }>;
    expect(parsed.length).toBeGreaterThan(5);
    expect(parsed.every((account) => account.sandbox === true)).toBe(true);
    expect(accounts.stderr).toMatch(BANNER);

    const ndjson = await bankkit(['transactions', '--provider', 'bridge', '--format', 'ndjson']);
    expect(ndjson.code).toBe(0);
    const lines = ndjson.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(50);
    for (const line of lines) expect((JSON.parse(line) as { sandbox?: unknown }).sandbox).toBe(true);
    expect(ndjson.stderr).toMatch(BANNER);
  });

  it('gives CSV exports a sandbox column, files included', async () => {
    const folder = join(configDir.dir, 'exports');
    await mkdir(folder);
    const target = join(folder, 'all.csv');
    const result = await bankkit(['transactions', '--format', 'csv', '-o', target]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(BANNER);
    const rows = parseCsv(await readFile(target, 'utf8'));
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.every((row) => row.sandbox === 'true')).toBe(true);
  });
});
