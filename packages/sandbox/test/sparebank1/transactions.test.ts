import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSandbox, getJson, login, type TestSandbox } from './helpers.js';

interface Row {
  id: string;
  nonUniqueId: string;
  description: string;
  amount: number;
  date: number;
  interestDate: number;
  accountKey: string;
  bookingStatus: 'BOOKED' | 'PENDING';
  source: 'RECENT' | 'HISTORIC';
  canShowDetails: boolean;
  remoteAccountNumber?: string;
  remoteAccountName?: string;
  classificationInput: { id: string; date: number };
  creditCardIdentifiers?: { partitionKey: string; nonUniqueId: string };
  [field: string]: unknown;
}

interface Listing {
  transactions: Row[];
  errors: string[];
}

const osloDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' });
/** The Oslo calendar date of an epoch-ms value, computed independently of the sandbox. */
function osloDate(ms: number): string {
  return osloDay.format(new Date(ms));
}

async function accountKeys(t: TestSandbox, token: string) {
  const { accounts } = await getJson<{ accounts: Array<{ key: string; type: string }> }>(
    t,
    token,
    '/personal/banking/accounts?includeCreditCardAccounts=true&includeCurrencyAccounts=true',
  );
  const byType = (type: string) => accounts.find((account) => account.type === type)?.key ?? '';
  return {
    checking: byType('USER'),
    savings: byType('SAVING'),
    card: byType('CREDITCARD'),
    eur: byType('CURRENCY'),
  };
}

describe('SpareBank 1 sandbox Transactions API', () => {
  let t: TestSandbox;
  let token: string;
  let keys: Awaited<ReturnType<typeof accountKeys>>;
  const list = (query: string) => getJson<Listing>(t, token, `/personal/banking/transactions?${query}`);

  beforeAll(async () => {
    t = createTestSandbox({ accessTokenTtlSeconds: 30 * 86_400 });
    token = (await login(t)).access_token;
    keys = await accountKeys(t, token);
  });

  it('returns the union of repeated accountKey parameters, newest first, with no pagination fields', async () => {
    const both = await list(`accountKey=${keys.checking}&accountKey=${keys.card}`);
    expect(Object.keys(both).sort()).toEqual(['errors', 'transactions']);
    expect(both.errors).toEqual([]);
    const checking = await list(`accountKey=${keys.checking}`);
    const card = await list(`accountKey=${keys.card}`);
    expect(both.transactions).toHaveLength(checking.transactions.length + card.transactions.length);
    expect(new Set(both.transactions.map((row) => row.accountKey))).toEqual(
      new Set([keys.checking, keys.card]),
    );
    const dates = both.transactions.map((row) => row.date);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it.each([
    ['a comma-joined accountKey', (k: typeof keys) => `accountKey=${k.checking},${k.card}`],
    ['an unknown accountKey', () => 'accountKey=AAAAAAAAAAAAAAAAAAAA'],
    ['one unknown among known keys', (k: typeof keys) => `accountKey=${k.checking}&accountKey=nope`],
  ])('answers %s with 400 "The account key is invalid"', async (_, query) => {
    const response = await api(t, token, `/personal/banking/transactions?${query(keys)}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; httpCode: number }> };
    expect(body.errors[0]?.message).toBe('The account key is invalid');
    expect(body.errors[0]?.httpCode).toBe(400);
  });

  it('requires accountKey', async () => {
    expect((await api(t, token, '/personal/banking/transactions')).status).toBe(400);
  });

  it('gives every row a new encrypted id on every request', async () => {
    const first = await list(`accountKey=${keys.checking}`);
    const second = await list(`accountKey=${keys.checking}`);
    expect(second.transactions.map((row) => row.nonUniqueId)).toEqual(
      first.transactions.map((row) => row.nonUniqueId),
    );
    const firstIds = new Set(first.transactions.map((row) => row.id));
    expect(firstIds.size).toBe(first.transactions.length);
    for (const row of second.transactions) {
      expect(row.id).toMatch(/^[A-Za-z0-9_-]{100,}$/);
      expect(firstIds.has(row.id)).toBe(false);
    }
  });

  it('resolves details by a fresh id, with date strings; 404s forged, expired and foreign-session ids', async () => {
    const rows = (await list(`accountKey=${keys.checking}`)).transactions;
    const booked = rows.find((row) => row.bookingStatus === 'BOOKED' && row.remoteAccountName);
    expect(booked).toBeDefined();
    const details = await getJson<Record<string, unknown>>(
      t,
      token,
      `/personal/banking/transactions/${booked?.id}/details`,
    );
    expect(details).toMatchObject({
      id: booked?.id,
      amount: booked?.amount,
      date: osloDate(booked?.date ?? 0),
      valueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      bookedDate: osloDate(booked?.date ?? 0),
      numericalReference: expect.stringMatching(/^\d+$/),
      accountNumber: {
        value: expect.any(String),
        formatted: expect.any(String),
        unformatted: expect.any(String),
      },
      remoteAccountName: booked?.remoteAccountName,
    });

    const classified = await getJson<{ transaction: { id: string }; categories: unknown[] }>(
      t,
      token,
      `/personal/banking/transactions/${booked?.id}/details/classified`,
    );
    expect(classified.transaction.id).toBe(booked?.id);

    const forged = await api(t, token, `/personal/banking/transactions/${'A'.repeat(128)}/details`);
    expect(forged.status).toBe(404);

    const other = createTestSandbox();
    const otherToken = (await login(other)).access_token;
    // Same seed, same data: an id is still bound to the session (login) that listed it.
    const otherLogin = await login(t);
    const foreign = await api(
      t,
      otherLogin.access_token,
      `/personal/banking/transactions/${booked?.id}/details`,
    );
    expect(foreign.status).toBe(404);
    expect(
      (await api(other, otherToken, `/personal/banking/transactions/${booked?.id}/details`)).status,
    ).toBe(404);

    t.clock.advance(3_600_000);
    const expired = await api(t, token, `/personal/banking/transactions/${booked?.id}/details`);
    expect(expired.status).toBe(404);
  });

  it('sends date and interestDate as epoch ms of Oslo midnight on both sides of a DST change', async () => {
    // The spring change was 2026-03-29: the day before starts at 23:00Z, the day after at 22:00Z.
    const before = await list(`accountKey=${keys.checking}&fromDate=2026-03-28&toDate=2026-03-28`);
    const after = await list(`accountKey=${keys.checking}&fromDate=2026-03-30&toDate=2026-03-30`);
    expect(before.transactions.length).toBeGreaterThan(0);
    expect(after.transactions.length).toBeGreaterThan(0);
    for (const row of before.transactions) {
      expect(row.date).toBe(Date.parse('2026-03-27T23:00:00Z'));
      expect(row.interestDate).toBe(row.date);
      expect(row.classificationInput.date).toBe(row.date);
    }
    for (const row of after.transactions) expect(row.date).toBe(Date.parse('2026-03-29T22:00:00Z'));
  });

  it('handles the autumn change as well', async () => {
    const autumn = createTestSandbox({}, { now: '2026-11-10T10:00:00Z' });
    const autumnToken = (await login(autumn)).access_token;
    const { checking } = await accountKeys(autumn, autumnToken);
    const get = (day: string) =>
      getJson<Listing>(
        autumn,
        autumnToken,
        `/personal/banking/transactions?accountKey=${checking}&fromDate=${day}&toDate=${day}`,
      );
    const before = await get('2026-10-24');
    const after = await get('2026-10-26');
    expect(before.transactions[0]?.date).toBe(Date.parse('2026-10-23T22:00:00Z'));
    expect(after.transactions[0]?.date).toBe(Date.parse('2026-10-25T23:00:00Z'));
  });

  it('filters on the Oslo booking date, both bounds inclusive, and caps rows with rowLimit', async () => {
    const all = (await list(`accountKey=${keys.checking}`)).transactions;
    const filtered = (await list(`accountKey=${keys.checking}&fromDate=2026-04-01&toDate=2026-04-10`))
      .transactions;
    expect(filtered.length).toBeGreaterThan(0);
    for (const row of filtered) {
      expect(osloDate(row.date) >= '2026-04-01' && osloDate(row.date) <= '2026-04-10').toBe(true);
    }
    expect(filtered.length).toBe(
      all.filter((row) => osloDate(row.date) >= '2026-04-01' && osloDate(row.date) <= '2026-04-10').length,
    );

    const limited = (await list(`accountKey=${keys.checking}&rowLimit=5`)).transactions;
    expect(limited.map((row) => row.nonUniqueId)).toEqual(all.slice(0, 5).map((row) => row.nonUniqueId));

    for (const bad of ['rowLimit=0', 'rowLimit=abc', 'fromDate=2026-13-01', 'toDate=15.04.2026']) {
      expect(
        (await api(t, token, `/personal/banking/transactions?accountKey=${keys.checking}&${bad}`)).status,
      ).toBe(400);
    }
  });

  it.each(['source', 'transactionSource', 'Transaction source'])(
    'reads the source filter from %j (default ALL)',
    async (name) => {
      const parameter = encodeURIComponent(name);
      const all = (await list(`accountKey=${keys.card}`)).transactions;
      const recent = (await list(`accountKey=${keys.card}&${parameter}=RECENT`)).transactions;
      const historic = (await list(`accountKey=${keys.card}&${parameter}=HISTORIC`)).transactions;
      expect(recent.length).toBeGreaterThan(0);
      expect(historic.length).toBeGreaterThan(0);
      expect(recent.every((row) => row.source === 'RECENT')).toBe(true);
      expect(historic.every((row) => row.source === 'HISTORIC')).toBe(true);
      expect(recent.length + historic.length).toBe(all.length);
      expect(
        (await api(t, token, `/personal/banking/transactions?accountKey=${keys.card}&${parameter}=SOME`))
          .status,
      ).toBe(400);
    },
  );

  it('shapes card rows as seen live, with the nonUniqueId prefixed once HISTORIC', async () => {
    const rows = (await list(`accountKey=${keys.card}`)).transactions;
    const purchases = rows.filter((row) => row.remoteAccountNumber === '-1');
    expect(purchases.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.creditCardIdentifiers).toBeDefined();
      expect(row).not.toHaveProperty('confidential');
      expect(row).not.toHaveProperty('fromCurrencyAccount');
      expect(typeof row.isConfidential).toBe('boolean');
      expect(typeof row.isFromCurrencyAccount).toBe('boolean');
      expect(Number.isInteger(row.classificationInput.date)).toBe(true);
      const partitionKey = row.creditCardIdentifiers?.partitionKey;
      if (row.source === 'HISTORIC') {
        expect(row.nonUniqueId).toBe(`${partitionKey}-${row.classificationInput.id}`);
      } else {
        expect(row.nonUniqueId).toBe(row.classificationInput.id);
        expect(row.nonUniqueId).toMatch(/^\d+$/);
      }
      expect(row.creditCardIdentifiers?.nonUniqueId).toBe(row.nonUniqueId);
    }
    for (const row of purchases) expect(row).not.toHaveProperty('remoteAccountName');
    const pending = rows.filter((row) => row.bookingStatus === 'PENDING');
    expect(pending.length).toBeGreaterThan(0);
    for (const row of pending) {
      expect(row.source).toBe('RECENT');
      expect(row.canShowDetails).toBe(false);
      expect((await api(t, token, `/personal/banking/transactions/${row.id}/details`)).status).toBe(404);
    }

    const checkingRows = (await list(`accountKey=${keys.checking}`)).transactions;
    for (const row of checkingRows) expect(row).not.toHaveProperty('creditCardIdentifiers');
  });

  it('turns a RECENT card row HISTORIC as the clock moves, changing its nonUniqueId', async () => {
    const fresh = createTestSandbox();
    const freshToken = (await login(fresh)).access_token;
    const { card } = await accountKeys(fresh, freshToken);
    const read = () =>
      getJson<Listing>(fresh, freshToken, `/personal/banking/transactions?accountKey=${card}`).then(
        (l) => l.transactions,
      );
    const recent = (await read()).find((row) => row.source === 'RECENT' && row.bookingStatus === 'BOOKED');
    expect(recent).toBeDefined();
    fresh.clock.advance(8 * 86_400_000);
    const freshTokenAgain = (await login(fresh)).access_token;
    const later = (
      await getJson<Listing>(fresh, freshTokenAgain, `/personal/banking/transactions?accountKey=${card}`)
    ).transactions.find((row) => row.classificationInput.id === recent?.classificationInput.id);
    expect(later?.source).toBe('HISTORIC');
    expect(later?.nonUniqueId).toBe(`${later?.creditCardIdentifiers?.partitionKey}-${recent?.nonUniqueId}`);
  });

  it('seeds identical rows on one day that clients must keep apart', async () => {
    const rows = (await list(`accountKey=${keys.checking}`)).transactions;
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const key = `${row.date}|${row.amount}|${row.description}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const twins = [...groups.values()].filter((group) => group.length > 1);
    expect(twins.length).toBeGreaterThanOrEqual(2);
    // One pair cannot even be told apart by nonUniqueId (all zeros, as seen live).
    expect(twins.some((group) => group.every((row) => row.nonUniqueId === '000000000'))).toBe(true);
  });

  it('books a pending card row with a different amount (control.bookPending)', async () => {
    const fresh = createTestSandbox();
    const freshToken = (await login(fresh)).access_token;
    const { card } = await accountKeys(fresh, freshToken);
    const before = fresh.sandbox.control.accounts().find((account) => account.key === card);
    const booked = fresh.sandbox.control.bookPending({ accountKey: card });
    expect(booked.bookingStatus).toBe('BOOKED');
    expect(booked.amount).not.toBe(booked.previousAmount);
    const rows = (
      await getJson<Listing>(fresh, freshToken, `/personal/banking/transactions?accountKey=${card}`)
    ).transactions;
    const row = rows.find((candidate) => candidate.classificationInput.id === booked.nonUniqueId);
    expect(row?.bookingStatus).toBe('BOOKED');
    expect(row?.amount).toBe(Number(booked.amount));
    const after = fresh.sandbox.control.accounts().find((account) => account.key === card);
    expect(Number(after?.balance) * 100).toBeCloseTo(
      Number(before?.balance) * 100 + Number(booked.amount) * 100,
      6,
    );

    const added = fresh.sandbox.control.addPendingPurchase({ amount: '-250.00' });
    const withNew = (
      await getJson<Listing>(fresh, freshToken, `/personal/banking/transactions?accountKey=${card}`)
    ).transactions;
    expect(withNew.find((candidate) => candidate.nonUniqueId === added.nonUniqueId)).toMatchObject({
      bookingStatus: 'PENDING',
      amount: -250,
    });
  });

  it('reports partial failures with HTTP 200 and leaves the affected rows out', async () => {
    const fresh = createTestSandbox();
    const freshToken = (await login(fresh)).access_token;
    const k = await accountKeys(fresh, freshToken);
    const get = (query: string) =>
      getJson<Listing>(fresh, freshToken, `/personal/banking/transactions?${query}`);
    const checkingCount = (await get(`accountKey=${k.checking}`)).transactions.length;

    fresh.sandbox.control.setPartialFailure(['CREDIT_ACCOUNTS_FAILED']);
    const credit = await get(`accountKey=${k.checking}&accountKey=${k.card}`);
    expect(credit.errors).toEqual(['CREDIT_ACCOUNTS_FAILED']);
    expect(credit.transactions).toHaveLength(checkingCount);
    expect(credit.transactions.every((row) => row.accountKey === k.checking)).toBe(true);
    // Only a query that touches a card reports it.
    expect((await get(`accountKey=${k.checking}`)).errors).toEqual([]);

    fresh.sandbox.control.setPartialFailure(['RECENT_TRANSACTIONS_FAILED']);
    const recent = await get(`accountKey=${k.checking}`);
    expect(recent.errors).toEqual(['RECENT_TRANSACTIONS_FAILED']);
    expect(recent.transactions.length).toBeGreaterThan(0);
    expect(recent.transactions.every((row) => row.source === 'HISTORIC')).toBe(true);

    fresh.sandbox.control.setPartialFailure([]);
    expect((await get(`accountKey=${k.checking}`)).transactions).toHaveLength(checkingCount);
  });

  it('wraps classified rows with categories, recurring and subscription', async () => {
    const classified = await getJson<{
      transactions: Array<{
        transaction: Row;
        categories: Array<Record<string, unknown>>;
        recurring: boolean;
        subscription: boolean;
      }>;
      errors: unknown[];
    }>(t, token, `/personal/banking/transactions/classified?accountKey=${keys.card}&rowLimit=20`);
    expect(classified.errors).toEqual([]);
    expect(classified.transactions).toHaveLength(20);
    for (const item of classified.transactions) {
      expect(item.transaction.id).toEqual(expect.any(String));
      expect(item.transaction.accountKey).toBe(keys.card);
      expect(item.categories[0]).toEqual({
        main: expect.any(String),
        mainI18n: expect.any(String),
        sub: expect.any(String),
        subI18n: expect.any(String),
        confidence: expect.any(Number),
      });
      expect(typeof item.recurring).toBe('boolean');
      expect(typeof item.subscription).toBe('boolean');
    }
    const byDisplayName = await getJson<{ transactions: unknown[] }>(
      t,
      token,
      `/personal/banking/transactions/classified?${encodeURIComponent('Account keys')}=${keys.card}&rowLimit=3`,
    );
    expect(byDisplayName.transactions).toHaveLength(3);
  });
});

// How fast the sandbox lists them is measured by `pnpm bench` (docs/performance.md), not asserted here.
describe('SpareBank 1 sandbox transactions at volume', () => {
  it('serves 10,000 rows in one listing, each id distinct', async () => {
    const t = createTestSandbox({
      transactionsPerAccount: { checking: 5000, creditCard: 5000 },
      accounts: ['checking', 'creditCard'],
    });
    const token = (await login(t)).access_token;
    const { checking, card } = await accountKeys(t, token);
    const path = `/personal/banking/transactions?accountKey=${checking}&accountKey=${card}`;
    const listing = await getJson<Listing>(t, token, path);
    expect(listing.transactions).toHaveLength(10_000);
    expect(new Set(listing.transactions.map((row) => row.id)).size).toBe(10_000);
  });
});
