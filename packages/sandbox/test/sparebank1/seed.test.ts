import { describe, expect, it } from 'vitest';
import { createTestSandbox, getJson, login } from './helpers.js';

/** Norwegian MOD11, written independently of the sandbox's implementation. */
function mod11Valid(accountNumber: string): boolean {
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(accountNumber[index]), 0);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === Number(accountNumber[10]);
}

function ibanValid(iban: string): boolean {
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (letter) =>
    String(letter.charCodeAt(0) - 55),
  );
  return BigInt(rearranged) % 97n === 1n;
}

describe('SpareBank 1 sandbox seed data', () => {
  it('is the same for the same seed and different for another', () => {
    const a = createTestSandbox({}, { seed: 7 }).sandbox.control;
    const b = createTestSandbox({}, { seed: 7 }).sandbox.control;
    const c = createTestSandbox({}, { seed: 8 }).sandbox.control;
    expect(a.accounts()).toEqual(b.accounts());
    const key = a.accounts()[0]?.key ?? '';
    expect(a.transactions(key)).toEqual(b.transactions(key));
    expect(c.accounts()[0]?.accountNumber).not.toBe(a.accounts()[0]?.accountNumber);
  });

  it("holds Ola Nordmann's seven accounts with valid account numbers and IBANs", () => {
    const accounts = createTestSandbox().sandbox.control.accounts();
    expect(accounts.map((account) => account.kind)).toEqual([
      'checking',
      'savings',
      'bsu',
      'creditCard',
      'ask',
      'pension',
      'currency',
    ]);
    for (const account of accounts) expect(mod11Valid(account.accountNumber)).toBe(true);
    expect(accounts.find((account) => account.kind === 'currency')?.currencyCode).toBe('EUR');
  });

  it('produces valid IBANs on the wire', async () => {
    const t = createTestSandbox();
    const token = (await login(t)).access_token;
    const { accounts } = await getJson<{ accounts: Array<{ iban: string }> }>(
      t,
      token,
      '/personal/banking/accounts?includeCreditCardAccounts=true&includeCurrencyAccounts=true',
    );
    for (const account of accounts) expect(ibanValid(account.iban)).toBe(true);
  });

  it('spreads rows over the last 90 days and reaches back over the latest DST change', () => {
    const t = createTestSandbox();
    const checking = t.sandbox.control.accounts()[0]?.key ?? '';
    const dates = t.sandbox.control.transactions(checking).map((row) => row.date);
    expect(dates.length).toBe(150);
    expect(dates[0]).toBe('2026-04-15');
    expect(dates.at(-1)! >= '2026-01-15').toBe(true);
    expect(dates).toContain('2026-03-28');
    expect(dates).toContain('2026-03-30');
  });

  it('honours accounts and transactionsPerAccount', () => {
    const control = createTestSandbox({
      accounts: ['checking', 'checking', 'creditCard'],
      transactionsPerAccount: 40,
    }).sandbox.control;
    const accounts = control.accounts();
    expect(accounts.map((account) => account.name.replace(/\d{4}$/, 'NNNN'))).toEqual([
      'Brukskonto',
      'Brukskonto 2',
      '**** **** **** NNNN',
    ]);
    for (const account of accounts) expect(control.transactions(account.key)).toHaveLength(40);
  });

  it('restores the seeded state on reset and logs everyone out', async () => {
    const t = createTestSandbox();
    const token = (await login(t)).access_token;
    const [checking, savings] = t.sandbox.control.accounts();
    const before = t.sandbox.control.accounts();
    const response = await t.request('/personal/banking/transfer/debit', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: '5.00',
        fromAccount: checking?.accountNumber,
        toAccount: savings?.accountNumber,
      }),
    });
    expect(response.status).toBe(200);
    expect(t.sandbox.control.accounts()).not.toEqual(before);

    t.sandbox.control.reset();
    expect(t.sandbox.control.accounts()).toEqual(before);
    expect(t.sandbox.control.transfers()).toEqual([]);
    expect(t.sandbox.control.transactions(checking?.key ?? '')).toHaveLength(150);
    const after = await t.request('/common/helloworld', { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });
});
