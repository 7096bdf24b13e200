import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncBatch, Transaction } from '@bankkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteLedger } from '../src/index.js';

const folders: string[] = [];
function tempPath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'bankkit-ledger-'));
  folders.push(folder);
  return join(folder, 'ledger.db');
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function row(id: string, accountId: string, bookingDate: string, amount = '-1.00'): Transaction {
  return {
    provider: 'bridge',
    id,
    accountId,
    amount: { amount, currency: 'EUR' },
    bookingDate,
    status: 'booked',
    description: `row ${id}`,
    raw: { id, nested: { kept: true } },
  };
}

function batch(parts: Partial<SyncBatch> & { cursor: string }): SyncBatch {
  return { added: [], modified: [], removed: [], hasMore: false, ...parts };
}

describe('SqliteLedger', () => {
  it('applies batches, keeps the cursor, and answers queries from disk after reopening', async () => {
    const path = tempPath();
    const ledger = new SqliteLedger(path);
    expect(await ledger.getCursor('bridge')).toBeUndefined();
    await ledger.applyBatch(
      'bridge',
      batch({
        added: [row('1', 'a', '2026-01-05'), row('2', 'a', '2026-02-01'), row('3', 'b', '2026-01-20')],
        cursor: 'c1',
      }),
    );
    await ledger.applyBatch(
      'bridge',
      batch({
        modified: [row('1', 'a', '2026-01-05', '-9.00')],
        removed: [{ id: '3', accountId: 'b' }],
        cursor: 'c2',
      }),
    );
    ledger.close();

    const reopened = new SqliteLedger(path);
    expect(await reopened.getCursor('bridge')).toBe('c2');
    const all = await reopened.listTransactions();
    expect(all.map((transaction) => transaction.id)).toEqual(['2', '1']);
    expect(all[1]).toEqual(row('1', 'a', '2026-01-05', '-9.00'));
    expect(
      (await reopened.listTransactions({ accountIds: ['a'], from: '2026-01-10' })).map((t) => t.id),
    ).toEqual(['2']);
    expect((await reopened.listTransactions({ to: '2026-01-31' })).map((t) => t.id)).toEqual(['1']);
    expect(await reopened.listTransactions({ accountIds: [] })).toEqual([]);
    expect(await reopened.sources()).toEqual([
      { source: 'bridge', transactions: 2, committedAt: expect.any(String) },
    ]);
    reopened.close();
  });

  it('applies a batch all or nothing: a failure mid-batch keeps neither rows nor cursor', async () => {
    const ledger = new SqliteLedger(':memory:');
    await ledger.applyBatch('s', batch({ added: [row('1', 'a', '2026-01-01')], cursor: 'c1' }));
    const broken = { ...row('3', 'a', '2026-01-03'), id: '' };
    await expect(
      ledger.applyBatch(
        's',
        batch({
          added: [row('2', 'a', '2026-01-02'), broken],
          removed: [{ id: '1', accountId: 'a' }],
          cursor: 'c2',
        }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await ledger.getCursor('s')).toBe('c1');
    expect((await ledger.listTransactions()).map((t) => t.id)).toEqual(['1']);
    ledger.close();
  });

  it('applying the same batch twice, or a removal of an unknown row, changes nothing more', async () => {
    const ledger = new SqliteLedger(':memory:');
    const same = batch({ added: [row('1', 'a', '2026-01-01'), row('2', 'a', '2026-01-02')], cursor: 'c1' });
    await ledger.applyBatch('s', same);
    await ledger.applyBatch('s', same);
    await ledger.applyBatch('s', batch({ removed: [{ id: 'nope', accountId: 'a' }], cursor: 'c1' }));
    expect((await ledger.listTransactions()).map((t) => t.id)).toEqual(['2', '1']);
    ledger.close();
  });

  it('keeps sources apart: the same id under two logins is two rows, each with its cursor', async () => {
    const ledger = new SqliteLedger(':memory:');
    await ledger.applyBatch('alice', batch({ added: [row('1', 'a', '2026-01-01')], cursor: 'ca' }));
    await ledger.applyBatch('bob', batch({ added: [row('1', 'b', '2026-01-01')], cursor: 'cb' }));
    await ledger.applyBatch('bob', batch({ removed: [{ id: '1', accountId: 'b' }], cursor: 'cb2' }));
    expect((await ledger.listTransactions({ source: 'alice' })).map((t) => t.accountId)).toEqual(['a']);
    expect(await ledger.listTransactions({ source: 'bob' })).toEqual([]);
    expect(await ledger.getCursor('alice')).toBe('ca');
    expect(await ledger.getCursor('bob')).toBe('cb2');
    ledger.close();
  });

  it('forgets one source (rows and cursor) in one go, leaving the others', async () => {
    const ledger = new SqliteLedger(':memory:');
    await ledger.applyBatch(
      'a',
      batch({ added: [row('1', 'x', '2026-01-01'), row('2', 'x', '2026-01-02')], cursor: 'ca' }),
    );
    await ledger.applyBatch('b', batch({ added: [row('3', 'y', '2026-01-03')], cursor: 'cb' }));
    expect(await ledger.forget('a')).toBe(2);
    expect(await ledger.getCursor('a')).toBeUndefined();
    expect((await ledger.listTransactions()).map((t) => t.id)).toEqual(['3']);
    expect(await ledger.getCursor('b')).toBe('cb');
    ledger.close();
  });

  it('refuses bad input with typed errors', async () => {
    const ledger = new SqliteLedger(':memory:');
    await expect(ledger.applyBatch('', batch({ cursor: 'c' }))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(ledger.applyBatch('s', batch({ cursor: '' }))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(ledger.listTransactions({ from: '2026-1-1' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(() => new SqliteLedger('')).toThrow(/path/);
    ledger.close();
  });

  it('refuses a file written by a newer schema', async () => {
    const path = tempPath();
    const ledger = new SqliteLedger(path);
    ledger.close();
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const raw = new DatabaseSync(path);
    raw.exec("UPDATE bankkit_meta SET value = '99' WHERE key = 'schema_version'");
    raw.close();
    expect(() => new SqliteLedger(path)).toThrow(/newer bankkit/);
  });
});
