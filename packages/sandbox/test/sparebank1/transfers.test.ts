import { describe, expect, it } from 'vitest';
import type { SpareBank1AccountSnapshot } from '../../src/sparebank1/index.js';
import { api, createTestSandbox, getJson, login, type TestSandbox, V1 } from './helpers.js';

interface ErrorsBody {
  errors: Array<{ code: string; message: string; httpCode: number; traceId: string; resource?: string }>;
}

const DAY_MS = 86_400_000;

async function setup(settings: { now?: string } = {}) {
  const t = createTestSandbox({ accessTokenTtlSeconds: 30 * 86_400 }, settings);
  const token = (await login(t)).access_token;
  const byKind = (kind: SpareBank1AccountSnapshot['kind']) => {
    const account = t.sandbox.control.accounts().find((candidate) => candidate.kind === kind);
    if (!account) throw new Error(`no ${kind} account`);
    return account;
  };
  return {
    t,
    token,
    checking: byKind('checking'),
    savings: byKind('savings'),
    bsu: byKind('bsu'),
    card: byKind('creditCard'),
    ask: byKind('ask'),
    pension: byKind('pension'),
    eur: byKind('currency'),
  };
}

function balanceOf(t: TestSandbox, key: string): string {
  return t.sandbox.control.accounts().find((account) => account.key === key)?.balance ?? '';
}

/** Decimal-string arithmetic in øre, so the tests never compare floats. */
function plus(balance: string, delta: string): string {
  const toMinor = (value: string) => {
    const negative = value.startsWith('-');
    const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
    const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
    return negative ? -minor : minor;
  };
  const sum = toMinor(balance) + toMinor(delta);
  const abs = Math.abs(sum);
  return `${sum < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function transfer(
  t: TestSandbox,
  token: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return api(t, token, `/personal/banking/transfer/${path}`, { method: 'POST', body, headers });
}

describe('SpareBank 1 sandbox Transfer API', () => {
  it('moves money between own accounts, records the transfer and books a row on both sides', async () => {
    const { t, token, checking, savings } = await setup();
    const before = { checking: checking.balance, savings: savings.balance };
    const response = await transfer(t, token, 'debit', {
      amount: '250.00',
      fromAccount: checking.accountNumber,
      toAccount: savings.accountNumber,
      message: 'Sparing',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(V1);
    const created = (await response.json()) as { paymentId: string; warnings: string[] };
    expect(created).toEqual({ paymentId: expect.stringMatching(/^\d+$/), warnings: [] });

    expect(balanceOf(t, checking.key)).toBe(plus(before.checking, '-250.00'));
    expect(balanceOf(t, savings.key)).toBe(plus(before.savings, '250.00'));
    const viaApi = await getJson<{ balance: number }>(t, token, `/personal/banking/accounts/${savings.key}`);
    expect(viaApi.balance).toBe(Number(plus(before.savings, '250.00')));

    expect(t.sandbox.control.transfers()).toEqual([
      expect.objectContaining({
        paymentId: created.paymentId,
        kind: 'debit',
        fromAccount: checking.accountNumber,
        toAccount: savings.accountNumber,
        amount: '250.00',
        currencyCode: 'NOK',
        dueDate: '2026-04-15',
        message: 'Sparing',
        status: 'booked',
      }),
    ]);

    const rows = await getJson<{ transactions: Array<Record<string, unknown>> }>(
      t,
      token,
      `/personal/banking/transactions?accountKey=${checking.key}&rowLimit=1`,
    );
    expect(rows.transactions[0]).toMatchObject({
      amount: -250,
      description: 'Sparing',
      remoteAccountNumber: savings.accountNumber,
      bookingStatus: 'BOOKED',
      source: 'RECENT',
      date: Date.parse('2026-04-14T22:00:00Z'),
    });
  });

  it('creates a repeated identical transfer again, flagged DUPLICATE_PAYMENT_EXISTS, ignoring Idempotency-Key', async () => {
    const { t, token, checking, savings } = await setup();
    const body = { amount: '100.00', fromAccount: checking.accountNumber, toAccount: savings.accountNumber };
    const headers = { 'idempotency-key': 'same-key', 'content-type': 'application/json' };
    const first = (await (await transfer(t, token, 'debit', body, headers)).json()) as {
      paymentId: string;
      warnings: string[];
    };
    const second = (await (await transfer(t, token, 'debit', body, headers)).json()) as {
      paymentId: string;
      warnings: string[];
    };
    expect(first.warnings).toEqual([]);
    expect(second.warnings).toEqual(['DUPLICATE_PAYMENT_EXISTS']);
    expect(second.paymentId).not.toBe(first.paymentId);
    expect(t.sandbox.control.transfers()).toHaveLength(2);
    expect(balanceOf(t, checking.key)).toBe(plus(checking.balance, '-200.00'));

    // Outside the duplicate window (24 h by default) the same transfer is not flagged.
    t.clock.advance(DAY_MS + 1);
    const third = (await (await transfer(t, token, 'debit', body)).json()) as { warnings: string[] };
    expect(third.warnings).toEqual([]);
  });

  it.each([
    ['a JSON number amount', { amount: 250 }, 400, 'amount.invalid'],
    ['a decimal comma', { amount: '250,50' }, 400, 'amount.invalid'],
    ['three decimals', { amount: '1.234' }, 400, 'amount.invalid'],
    ['zero', { amount: '0.00' }, 400, 'amount.invalid'],
    ['more than 1 000 000 000', { amount: '1000000000.01' }, 400, 'amount.invalid'],
    ['a short from account', { fromAccount: '1234' }, 400, 'from.account.number.invalid.format'],
    [
      'a from account failing MOD11',
      { fromAccount: '32096894309' },
      400,
      'from.account.number.invalid.format',
    ],
    ['a malformed to account', { toAccount: 'abc' }, 400, 'to.account.number.invalid.format'],
    ['a 41-character message', { message: 'x'.repeat(41) }, 400, 'message.length.invalid'],
    ['a lower-case currency code', { currencyCode: 'nok' }, 400, 'BAD_REQUEST'],
    ['an impossible due date', { dueDate: '2026-02-30' }, 400, 'due.date.invalid'],
    ['a due date more than a year ahead', { dueDate: '2027-06-01' }, 400, 'due.date.invalid'],
    ['a valid account that is not the user', { fromAccount: '12345678903' }, 400, 'from.account.no.access'],
    ['a foreign to account', { toAccount: '12345678903' }, 400, 'to.account.no.access'],
    ['more than the available balance', { amount: '999999.00' }, 403, 'insufficient.funds'],
    [
      'a currency the account does not hold',
      { currencyCode: 'EUR' },
      500,
      'missing.or.invalid.account.currency',
    ],
  ])('refuses %s', async (_, override, status, code) => {
    const { t, token, checking, savings } = await setup();
    const response = await transfer(t, token, 'debit', {
      amount: '10.00',
      fromAccount: checking.accountNumber,
      toAccount: savings.accountNumber,
      ...override,
    });
    expect(response.status).toBe(status);
    const body = (await response.json()) as ErrorsBody;
    expect(body.errors[0]).toMatchObject({ code, httpCode: status, traceId: expect.any(String) });
    expect(t.sandbox.control.transfers()).toEqual([]);
    expect(balanceOf(t, checking.key)).toBe(checking.balance);
  });

  it('applies the account rules of debit transfers', async () => {
    const { t, token, checking, savings, bsu, card, pension, eur } = await setup();
    const refuse = async (body: Record<string, string>, status: number, code: string) => {
      const response = await transfer(t, token, 'debit', { amount: '10.00', ...body });
      expect(response.status, code).toBe(status);
      expect(((await response.json()) as ErrorsBody).errors[0]?.code).toBe(code);
    };
    await refuse(
      { fromAccount: checking.accountNumber, toAccount: checking.accountNumber },
      400,
      'accounts.not.different',
    );
    await refuse(
      { fromAccount: checking.accountNumber, toAccount: card.accountNumber },
      400,
      'to.account.not.valid.for.transfer',
    );
    await refuse(
      { fromAccount: pension.accountNumber, toAccount: checking.accountNumber },
      400,
      'from.account.not.valid.for.transfer',
    );
    await refuse({ fromAccount: checking.accountNumber, toAccount: eur.accountNumber }, 403, 'iban.required');
    await refuse(
      { fromAccount: bsu.accountNumber, toAccount: checking.accountNumber, dueDate: '2026-04-20' },
      403,
      'due.date.must.be.today.when.transferring.from.bsu',
    );
    await refuse(
      { fromAccount: savings.accountNumber, toAccount: bsu.accountNumber, amount: '27500.00' },
      403,
      'bsu.yearly.amount.limit.exceeded',
    );
    expect(t.sandbox.control.transfers()).toEqual([]);
  });

  it('credits a credit card on the next business day but debits the source at once', async () => {
    const { t, token, checking, card } = await setup();
    const response = await transfer(t, token, 'creditcard/transferTo', {
      amount: '1000.00',
      fromAccount: checking.accountNumber,
      creditCardAccountId: card.creditCardAccountId,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { warnings: string[] }).warnings).toEqual([]);
    expect(balanceOf(t, checking.key)).toBe(plus(checking.balance, '-1000.00'));
    expect(balanceOf(t, card.key)).toBe(card.balance);
    expect(t.sandbox.control.transfers()[0]).toMatchObject({
      kind: 'creditcard',
      toAccount: card.accountNumber,
      creditCardAccountId: card.creditCardAccountId,
      status: 'scheduled',
    });

    t.clock.advance(DAY_MS);
    // Any API call lets the bank catch up with the sandbox clock.
    await api(t, token, '/common/helloworld');
    expect(balanceOf(t, card.key)).toBe(plus(card.balance, '1000.00'));
    expect(t.sandbox.control.transfers()[0]?.status).toBe('booked');
  });

  it('applies the rules of credit-card transfers', async () => {
    const { t, token, checking, savings, card } = await setup();
    const send = (body: Record<string, unknown>) =>
      transfer(t, token, 'creditcard/transferTo', {
        amount: '10.00',
        fromAccount: checking.accountNumber,
        creditCardAccountId: card.creditCardAccountId,
        ...body,
      });
    const codeOf = async (response: Response) => ((await response.json()) as ErrorsBody).errors[0]?.code;
    const unknown = await send({ creditCardAccountId: '1' });
    expect(unknown.status).toBe(403);
    expect(await codeOf(unknown)).toBe('no.credit.card.account.found');
    const fromSavings = await send({ fromAccount: savings.accountNumber, amount: '10.00' });
    expect(fromSavings.status).toBe(200);
    const fromCard = await send({ fromAccount: card.accountNumber });
    expect(fromCard.status).toBe(400);
    expect(await codeOf(fromCard)).toBe('account.not.valid.for.domestic.payment');
    const tooMuch = await send({ amount: '50000.01' });
    expect(tooMuch.status).toBe(403);
    expect(await codeOf(tooMuch)).toBe('transaction.amount.limit.exceeded');
    const overRange = await send({ amount: '999999999.01' });
    expect(await codeOf(overRange)).toBe('amount.invalid');
  });

  it('transfers to a pension agreement by policy number, within the IPS limit', async () => {
    const { t, token, checking, pension } = await setup();
    const ok = await transfer(t, token, 'pension', {
      amount: '500.00',
      fromAccount: checking.accountNumber,
      policyNumber: pension.policyNumber,
    });
    expect(ok.status).toBe(200);
    expect(balanceOf(t, pension.key)).toBe(plus(pension.balance, '500.00'));

    const unknown = await transfer(t, token, 'pension', {
      amount: '500.00',
      fromAccount: checking.accountNumber,
      policyNumber: '999',
    });
    expect(unknown.status).toBe(403);
    expect(((await unknown.json()) as ErrorsBody).errors[0]?.code).toBe(
      'no.pension.agreement.found.for.policy.number',
    );

    const overLimit = await transfer(t, token, 'pension', {
      amount: '25000.00',
      fromAccount: checking.accountNumber,
      policyNumber: pension.policyNumber,
    });
    expect(overLimit.status).toBe(403);
    const error = (
      (await overLimit.json()) as ErrorsBody & {
        errors: Array<{ localizedMessage: { template: string; values: string[] } }>;
      }
    ).errors[0];
    expect(error?.code).toBe('ips.limit.exceeded');
    expect(error?.message).toMatch(/^Amount is larger than IPS limit: \d+\.\d{2}$/);
    expect(error?.localizedMessage.template).toBe('Amount is larger than IPS limit: {0}');

    const overRange = await transfer(t, token, 'pension', {
      amount: '2000000.01',
      fromAccount: checking.accountNumber,
      policyNumber: pension.policyNumber,
    });
    expect(((await overRange.json()) as ErrorsBody).errors[0]?.code).toBe('amount.invalid');
    expect(t.sandbox.control.transfers()).toHaveLength(1);
  });

  it('moves past and bank-closed due dates forward with the matching warnings', async () => {
    const { t, token, checking, savings } = await setup();
    const send = async (dueDate: string) => {
      const response = await transfer(t, token, 'debit', {
        amount: '10.00',
        fromAccount: checking.accountNumber,
        toAccount: savings.accountNumber,
        dueDate,
        message: dueDate,
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { paymentId: string; warnings: string[] };
    };
    expect((await send('2026-04-01')).warnings).toEqual(['DUE_DATE_IN_THE_PAST_MOVED_TO_NEXT_VALID_DATE']);
    expect(balanceOf(t, savings.key)).toBe(plus(savings.balance, '10.00'));

    // Saturday -> Monday; Ascension Day 2026 (Thursday 14 May) -> Friday.
    expect((await send('2026-04-18')).warnings).toEqual([
      'DUE_DATE_MOVED_SINCE_BANK_IS_CLOSED_ON_REQUESTED_DATE',
    ]);
    expect((await send('2026-05-14')).warnings).toEqual([
      'DUE_DATE_MOVED_SINCE_BANK_IS_CLOSED_ON_REQUESTED_DATE',
    ]);
    expect((await send('2026-04-16')).warnings).toEqual([]);
    const transfers = t.sandbox.control.transfers();
    expect(transfers.map((record) => [record.requestedDueDate, record.dueDate, record.status])).toEqual([
      ['2026-04-01', '2026-04-15', 'booked'],
      ['2026-04-18', '2026-04-20', 'scheduled'],
      ['2026-05-14', '2026-05-15', 'scheduled'],
      ['2026-04-16', '2026-04-16', 'scheduled'],
    ]);
    // Future-dated transfers wait for their date on the sandbox clock.
    expect(balanceOf(t, savings.key)).toBe(plus(savings.balance, '10.00'));
    t.clock.set('2026-04-20T08:00:00Z');
    await api(t, token, '/common/helloworld');
    expect(balanceOf(t, savings.key)).toBe(plus(savings.balance, '30.00'));
    expect(t.sandbox.control.transfers().map((record) => record.status)).toEqual([
      'booked',
      'booked',
      'scheduled',
      'booked',
    ]);
  });

  it('warns CUTOFF_TIME_HAS_PASSED for a payment due today after 21:00 Oslo time', async () => {
    const { t, token, checking, card } = await setup({ now: '2026-04-15T19:30:00Z' });
    const payment = await transfer(t, token, 'creditcard/transferTo', {
      amount: '10.00',
      fromAccount: checking.accountNumber,
      creditCardAccountId: card.creditCardAccountId,
    });
    expect(((await payment.json()) as { warnings: string[] }).warnings).toEqual(['CUTOFF_TIME_HAS_PASSED']);
    expect(t.sandbox.control.transfers()[0]?.dueDate).toBe('2026-04-16');
  });

  it('fails on demand: not completed books nothing, general.error after booking leaves it booked', async () => {
    const { t, token, checking, savings } = await setup();
    const body = { amount: '75.00', fromAccount: checking.accountNumber, toAccount: savings.accountNumber };

    t.sandbox.control.failNextTransfer('general.error.transfer.not.completed');
    const notCompleted = await transfer(t, token, 'debit', body);
    expect(notCompleted.status).toBe(500);
    expect(((await notCompleted.json()) as ErrorsBody).errors[0]?.code).toBe(
      'general.error.transfer.not.completed',
    );
    expect(t.sandbox.control.transfers()).toEqual([]);
    expect(balanceOf(t, checking.key)).toBe(checking.balance);

    t.sandbox.control.failNextTransfer('general.error', { afterBooking: true });
    const unknownOutcome = await transfer(t, token, 'debit', body);
    expect(unknownOutcome.status).toBe(500);
    expect(((await unknownOutcome.json()) as ErrorsBody).errors[0]?.code).toBe('general.error');
    expect(t.sandbox.control.transfers()).toHaveLength(1);
    expect(balanceOf(t, checking.key)).toBe(plus(checking.balance, '-75.00'));

    t.sandbox.control.failNextTransfer('no.pension.agreement.found.for.policy.number', { kind: 'pension' });
    expect((await transfer(t, token, 'debit', body)).status).toBe(200);
    expect(t.sandbox.control.transfers()).toHaveLength(2);

    t.sandbox.control.failNextTransfer('account.no.admission');
    const forced = await transfer(t, token, 'debit', body);
    expect(forced.status).toBe(403);
    expect(t.sandbox.control.transfers()).toHaveLength(2);
  });

  it('refuses a body that is not JSON and an Accept it cannot answer', async () => {
    const { t, token } = await setup();
    const garbage = await transfer(t, token, 'debit', '{not json');
    expect(garbage.status).toBe(400);
    const v5 = await transfer(t, token, 'debit', {}, { accept: 'application/vnd.sparebank1.v5+json' });
    expect(v5.status).toBe(406);
  });
});
