import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBankkit, tempConfigDir } from './helpers/run-bankkit.js';

let configDir: { dir: string; remove(): Promise<void> };
beforeAll(async () => {
  configDir = await tempConfigDir();
});
afterAll(async () => {
  await configDir.remove();
});

const bankkit = (...args: string[]) => runBankkit(args, { configDir: configDir.dir });

/** The "all accounts" row of a bank in the sync table: added, modified, removed. */
function totals(stdout: string, bank: string): number[] {
  const row = stdout
    .split('\n')
    .find((line) => line.includes(`${bank} (sandbox)`) && line.includes('all accounts'));
  return (row?.match(/│\s+(\d+)\s+│\s+(\d+)\s+│\s+(\d+)\s+│\s*$/) ?? []).slice(1).map(Number);
}

describe('bankkit sync', () => {
  it('syncs both banks into the ledger file, then `transactions --ledger` reads it back without a bank', async () => {
    const db = join(configDir.dir, 'my-ledger.db');
    const result = await bankkit('sync', '--sandbox', '--db', db);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Syncing into ${db}`);
    expect(result.stderr).toMatch(/^SpareBank 1: 1 batch, \+\d+ added, ~0 modified, -0 removed$/m);
    expect(result.stderr).toMatch(/^Bridge: \d+ batch(es)?, \+\d+ added, ~0 modified, -0 removed$/m);
    expect(result.stderr).not.toContain('ExperimentalWarning');
    const [sb1Added] = totals(result.stdout, 'SpareBank 1');
    const [bridgeAdded] = totals(result.stdout, 'Bridge');
    expect(sb1Added).toBeGreaterThan(100);
    expect(bridgeAdded).toBeGreaterThan(100);
    expect(existsSync(db)).toBe(true);

    const listed = await bankkit('transactions', '--ledger', '--sandbox', '--db', db, '--format', 'json');
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as { provider: string; date: string }[];
    expect(rows).toHaveLength((sb1Added ?? 0) + (bridgeAdded ?? 0));
    expect(rows.filter((row) => row.provider === 'sparebank1')).toHaveLength(sb1Added ?? 0);
    const dates = rows.map((row) => row.date);
    expect([...dates].sort().reverse()).toEqual(dates);

    const oneBank = await bankkit(
      'transactions',
      '--ledger',
      '--sandbox',
      '--db',
      db,
      '-p',
      'bridge',
      '--format',
      'json',
    );
    expect((JSON.parse(oneBank.stdout) as unknown[]).length).toBe(bridgeAdded);
  });

  it('keeps the sandbox ledger apart by default, in the config folder the tests point it to', async () => {
    const result = await bankkit('sync', '--sandbox', '--provider', 'sparebank1');
    expect(result.code).toBe(0);
    expect(existsSync(join(configDir.dir, 'sandbox-ledger.db'))).toBe(true);
    expect(existsSync(join(configDir.dir, 'ledger.db'))).toBe(false);
  });

  it('--full forgets a bank in the ledger and syncs it from the beginning', async () => {
    const db = join(configDir.dir, 'full.db');
    const first = await bankkit('sync', '--sandbox', '--db', db, '-p', 'sparebank1');
    expect(first.code).toBe(0);
    const [added] = totals(first.stdout, 'SpareBank 1');
    const again = await bankkit('sync', '--sandbox', '--db', db, '-p', 'sparebank1', '--full');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`Forgot ${added} sparebank1 transactions and their cursor (--full).`);
    expect(totals(again.stdout, 'SpareBank 1')).toEqual([added, 0, 0]);
  });

  it('says what to do when there is no ledger, and refuses --db without --ledger', async () => {
    const missing = await bankkit(
      'transactions',
      '--ledger',
      '--sandbox',
      '--db',
      join(configDir.dir, 'nope.db'),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No ledger at .*nope\.db/);
    expect(missing.stderr).toContain('bankkit sync --sandbox');
    const stray = await bankkit('transactions', '--sandbox', '--db', 'x.db');
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--db goes with --ledger');
  });
});

describe('bankkit demo ends with a second sync', () => {
  it('shows the changes the scripted bank activity made, per account', async () => {
    const result = await bankkit('demo');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Sync: second sync, fetching only what changed…$/m);
    expect(result.stdout).toContain('Changes found by the second sync');
    // SpareBank 1: a new row; a pending purchase booked with a tip, a corrected description and a
    // withdrawn row (each a removed row, the first two with their new form added).
    expect(totals(result.stdout, 'SpareBank 1')).toEqual([3, 0, 3]);
    // Bridge: a new row, a changed amount, a withdrawn row, a pending row booked under a new id.
    expect(totals(result.stdout, 'Bridge')).toEqual([2, 1, 2]);
  });
});
