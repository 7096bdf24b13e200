import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBankkit, tempConfigDir } from './helpers/run-bankkit.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

let configDir: { dir: string; remove(): Promise<void> };
beforeAll(async () => {
  configDir = await tempConfigDir();
});
afterAll(async () => {
  await configDir.remove();
});

const run = (...args: string[]) => runBankkit(args, { configDir: configDir.dir });

describe('bankkit usage', () => {
  it('prints the version from package.json', async () => {
    const result = await run('--version');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(manifest.version);
  });

  it.each([
    [[]],
    [['demo']],
    [['login']],
    [['login', 'sparebank1']],
    [['login', 'bridge']],
    [['accounts']],
    [['transactions']],
    [['status']],
    [['logout']],
    [['sandbox']],
    [['completion']],
  ])('has --help for %j', async (command) => {
    const result = await run(...command, '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: bankkit/);
    expect(result.stdout).toContain('--sandbox');
    expect(result.stderr).toBe('');
  });

  it('lists every command in the main help', async () => {
    const { stdout } = await run('--help');
    for (const command of [
      'demo',
      'login',
      'accounts',
      'transactions',
      'status',
      'logout',
      'sandbox',
      'completion',
    ]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(stdout).toContain('Exit codes: 0 ok, 1 error, 2 usage, 3 login required');
  });

  it.each([
    ['an unknown option', ['accounts', '--bogus'], /unknown option '--bogus'/],
    ['an unknown command', ['balance'], /unknown command 'balance'/],
    ['an unknown format', ['accounts', '--format', 'xml'], /argument 'xml' is invalid/],
    ['ndjson for accounts', ['accounts', '--format', 'ndjson'], /argument 'ndjson' is invalid/],
    ['an unknown provider', ['accounts', '--provider', 'dnb'], /Unknown provider "dnb"/],
    ['a malformed date', ['transactions', '--from', '01.02.2025'], /is not a date: use YYYY-MM-DD/],
    ['a date that does not exist', ['transactions', '--to', '2025-02-30'], /"2025-02-30" is not a date/],
    ['a login without provider', ['login'], /Usage: bankkit login \[options\] \[command\]/],
    ['a login to an unknown bank', ['login', 'dnb'], /unknown command 'dnb'/],
    [
      'a Bridge option for SpareBank 1',
      ['login', 'sparebank1', '--email', 'a@b.c'],
      /unknown option '--email'/,
    ],
    ['a negative timeout', ['login', 'sparebank1', '--timeout', '-5'], /The timeout is at least 1 second/],
  ])('exits 2 on %s', async (_name, args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('exits 2 when --from is after --to, before contacting any bank', async () => {
    const result = await run('transactions', '--from', '2025-03-01', '--to', '2025-02-01');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --from 2025-03-01 is after --to 2025-02-01');
    expect(result.stderr).not.toMatch(/sandbox/i);
  });

  it('exits 2 without a command, showing the help', async () => {
    const result = await run();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Usage: bankkit/);
  });

  it('explains a partial configuration without a stack trace (exit 1)', async () => {
    const result = await runBankkit(['accounts'], {
      configDir: configDir.dir,
      env: { BANKKIT_SPAREBANK1_CLIENT_ID: 'only-the-id' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SpareBank 1 is only partly configured');
    expect(result.stderr).toContain('BANKKIT_SPAREBANK1_CLIENT_SECRET');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('bankkit usage: values that say nothing', () => {
  it.each([
    ['an empty --provider', ['accounts', '-p', ''], /Name a provider: sparebank1 or bridge/],
    ['a --provider of commas', ['transactions', '--provider', ' , '], /Name a provider/],
    ['an empty --account', ['transactions', '-a', ''], /Name at least one; `bankkit accounts` lists the ids/],
    [
      'a zero --timeout',
      ['login', 'sparebank1', '--timeout', '0'],
      /The timeout is at least 1 second; "0" is too short/,
    ],
    [
      'a fractional --timeout',
      ['login', 'sparebank1', '--timeout', '1.5'],
      /"1.5" is not a whole number of seconds/,
    ],
  ])('exits 2 on %s, before anything else', async (_name, args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/sandbox/i);
    expect(result.stdout).toBe('');
  });
});
