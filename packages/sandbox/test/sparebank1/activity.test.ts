import { describe, expect, it } from 'vitest';
import { createTestSandbox, getJson, login } from './helpers.js';

type Row = { amount: number; description: string; bookingStatus: string; date: number; accountKey: string };

describe('SpareBank 1 activity controls', () => {
  it('adds (also back-dated), changes and withdraws rows; the list and the balance follow', async () => {
    const t = createTestSandbox();
    const { access_token: token } = await login(t);
    const control = t.sandbox.control;
    const checking = control.accounts().find((account) => account.kind === 'checking');
    if (!checking) throw new Error('no checking account');
    const list = () =>
      getJson<{ transactions: Row[] }>(t, token, `/personal/banking/transactions?accountKey=${checking.key}`);
    const before = (await list()).transactions.length;
    const balance = () => control.accounts().find((account) => account.key === checking.key)?.balance;
    const startBalance = balance();

    const added = control.addTransaction({
      accountKey: checking.key,
      date: '2026-04-10',
      amount: '-100.00',
      description: 'Back-dated row',
    });
    expect(added).toMatchObject({ date: '2026-04-10', amount: '-100.00', bookingStatus: 'BOOKED' });
    expect(typeof added.ref).toBe('number');
    expect((await list()).transactions).toHaveLength(before + 1);
    expect(balance()).toBe((Number(startBalance) - 100).toFixed(2));

    const changed = control.updateTransaction(added.ref, { amount: '-150.00', description: 'Corrected' });
    expect(changed).toMatchObject({ ref: added.ref, amount: '-150.00', description: 'Corrected' });
    const rows = (await list()).transactions;
    expect(rows.filter((row) => row.description === 'Corrected').map((row) => row.amount)).toEqual([-150]);
    expect(balance()).toBe((Number(startBalance) - 150).toFixed(2));

    control.deleteTransaction(added.ref);
    expect((await list()).transactions).toHaveLength(before);
    expect(balance()).toBe(startBalance);
    expect(() => control.deleteTransaction(added.ref)).toThrow(/no row/);
    expect(() => control.addTransaction({ date: '2999-01-01' })).toThrow(/up to today/);
  });

  it('adds a pending row and books it by ref with another amount', async () => {
    const t = createTestSandbox();
    const control = t.sandbox.control;
    const pending = control.addTransaction({ amount: '-80.00', pending: true });
    expect(pending.bookingStatus).toBe('PENDING');
    const booked = control.bookPending({ ref: pending.ref, amount: '-88.00' });
    expect(booked).toMatchObject({
      ref: pending.ref,
      bookingStatus: 'BOOKED',
      amount: '-88.00',
      previousAmount: '-80.00',
    });
  });
});
