import { randomUUID } from 'node:crypto';
import type { SyncBatch, Transaction } from '@bankkit/core';
import { SqliteLedger } from '@bankkit/ledger';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PostgresLedger } from '../src/index.js';

const url = inject('postgresUrl');
const ledgers: PostgresLedger[] = [];

/** A ledger in a schema of its own, so tests never see each other's rows. */
function ledger(schema = `t_${randomUUID().replaceAll('-', '')}`): PostgresLedger {
  const created = new PostgresLedger({ connectionString: url as string, schema });
  ledgers.push(created);
  return created;
}

function row(id: string, accountId: string, bookingDate: string, amount: string): Transaction {
  return {
    id,
    provider: 'sparebank1',
    accountId,
    bookingDate,
    status: 'booked',
    amount: { amount, currency: 'NOK' },
    description: `row ${id}`,
    raw: { id, nested: { list: [1, 'two'] } },
  } as Transaction;
}

function batch(cursor: string, changes: Partial<SyncBatch> = {}): SyncBatch {
  return { added: [], modified: [], removed: [], cursor, hasMore: false, ...changes };
}

afterAll(async () => {
  await Promise.all(ledgers.map((l) => l.close()));
});

describe.skipIf(url === undefined)('PostgresLedger against a PostgreSQL cluster', () => {
  it('answers like SqliteLedger for the same batches', async () => {
    const postgres = ledger();
    const sqlite = new SqliteLedger(':memory:');
    const batches = [
      batch('c1', {
        added: [
          row('a', '1', '2026-01-02', '-10.00'),
          row('b', '1', '2026-01-03', '5.50'),
          row('c', '2', '2026-01-01', '1.00'),
        ],
      }),
      batch('c2', {
        added: [row('d', '2', '2026-01-03', '7.00')],
        modified: [row('a', '1', '2026-01-02', '-11.00'), row('a', '1', '2026-01-02', '-12.00')],
        removed: [{ id: 'b', accountId: '1' }],
      }),
    ];
    for (const b of batches) {
      await postgres.applyBatch('src', b);
      await sqlite.applyBatch('src', b);
    }
    expect(await postgres.getCursor('src')).toBe('c2');
    expect(await postgres.getCursor('other')).toBeUndefined();
    for (const query of [
      {},
      { accountIds: ['1'] },
      { from: '2026-01-02' },
      { to: '2026-01-02', source: 'src' },
      { accountIds: [] },
    ]) {
      expect(await postgres.listTransactions(query)).toEqual(await sqlite.listTransactions(query));
    }
    sqlite.close();
  });

  it('applies a batch and its cursor all or nothing', async () => {
    const postgres = ledger();
    await postgres.applyBatch('src', batch('c1', { added: [row('a', '1', '2026-01-02', '1.00')] }));
    const broken = batch('c2', {
      added: [row('b', '1', '2026-01-02', '1.00'), { ...row('c', '1', '2026-01-02', '1.00'), id: '' }],
    });
    await expect(postgres.applyBatch('src', broken)).rejects.toMatchObject({ code: 'invalid_input' });
    // A failure inside the transaction (a row the database refuses) keeps nothing of it either.
    const refused = batch('c3', {
      added: [
        row('d', '1', '2026-01-02', '1.00'),
        { ...row('e', '1', '2026-01-02', '1.00'), description: 'nul \u0000' },
      ],
    });
    await expect(postgres.applyBatch('src', refused)).rejects.toMatchObject({ code: 'ledger_failed' });
    expect(await postgres.getCursor('src')).toBe('c1');
    expect((await postgres.listTransactions()).map((r) => r.id)).toEqual(['a']);
  });

  it('gives a sync lease to one worker at a time', async () => {
    const schema = `t_${randomUUID().replaceAll('-', '')}`;
    const a = ledger(schema);
    const b = ledger(schema);
    const held = await a.lease('acct-1');
    expect(held).toBeDefined();
    expect(await b.lease('acct-1')).toBeUndefined();
    const other = await b.lease('acct-2');
    expect(other).toBeDefined();
    await other?.release();
    const waiting = b.lease('acct-1', { waitMs: 20_000 });
    await held?.applyBatch('acct-1', batch('c1', { added: [row('x', 'acct-1', '2026-01-01', '1.00')] }));
    await held?.release();
    const next = await waiting;
    expect(next).toBeDefined();
    expect(await next?.getCursor('acct-1')).toBe('c1');
    await next?.release();
    await next?.release();
  });

  it('frees the lease when its holder session ends, and the old holder can write nothing more', async () => {
    const schema = `t_${randomUUID().replaceAll('-', '')}`;
    const a = ledger(schema);
    const b = ledger(schema);
    const held = await a.lease('acct-1');
    // The holder dies: the server ends its session (as when its process is killed).
    const admin = new pg.Client({ connectionString: url as string });
    await admin.connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()
       AND objid = (hashtextextended($1, 0) & 4294967295)::oid AND granted`,
      [`bankkit-sync:${schema}:acct-1`],
    );
    await admin.end();
    const taken = await b.lease('acct-1', { waitMs: 20_000 });
    expect(taken).toBeDefined();
    await expect(held?.applyBatch('acct-1', batch('stale'))).rejects.toBeDefined();
    expect(await b.getCursor('acct-1')).toBeUndefined();
    await held?.release();
    await taken?.release();
  });
});
