import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HttpError,
  InvalidInputError,
  isTransferOutcomeUnknownError,
  ReauthorizationRequiredError,
  TransferOutcomeUnknownError,
} from '@bankkit/core';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SpareBank1Client, TransferInput } from '../../src/index.js';
import {
  API,
  AUTH,
  errorsBody,
  JSON_TYPE,
  makeClient,
  memoryLogger,
  seedTokens,
  tokenResponse,
  useNock,
} from '../helpers.js';

useNock();

const DEBIT = '/personal/banking/transfer/debit';
const CARD = '/personal/banking/transfer/creditcard/transferTo';
const PENSION = '/personal/banking/transfer/pension';
const valid: TransferInput = { amount: '250.00', fromAccount: '32096894308', toAccount: '15031563892' };

let client: SpareBank1Client;
let logger: ReturnType<typeof memoryLogger>;

beforeEach(async () => {
  logger = memoryLogger();
  const made = makeClient({ logger, timeoutMs: 500 });
  client = made.client;
  await seedTokens(made.store);
});

/** Fails the test if a second request reaches the endpoint. */
function noSecondRequest(path: string) {
  return nock(API).post(path).reply(200, { paymentId: 'SECOND', warnings: [] });
}

describe('transfer validation (nothing is sent)', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ amount: 250 }, 'amount'],
    [{ amount: '250,50' }, 'amount'],
    [{ amount: '1.234' }, 'amount'],
    [{ amount: '0.00' }, 'amount'],
    [{ amount: '-5.00' }, 'amount'],
    [{ amount: '1e3' }, 'amount'],
    [{ amount: ' 10' }, 'amount'],
    [{ amount: '1000000000.01' }, 'amount'],
    [{ fromAccount: '1234' }, 'fromAccount'],
    [{ toAccount: '1503156389X' }, 'toAccount'],
    [{ toAccount: '32096894308' }, 'toAccount'],
    [{ message: 'x'.repeat(41) }, 'message'],
    [{ currencyCode: 'nok' }, 'currencyCode'],
    [{ dueDate: '2026-02-30' }, 'dueDate'],
  ];

  it.each(cases)('rejects %o (field %s)', async (override, field) => {
    const scope = nock(API).post(DEBIT).reply(200, { paymentId: '1', warnings: [] });
    const error = await client
      .createTransfer({ ...valid, ...override } as TransferInput)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect(scope.isDone()).toBe(false);
  });

  it('checks each endpoint against its own amount range', async () => {
    await expect(
      client.transferToCreditCard({
        amount: '999999999.01',
        fromAccount: '32096894308',
        creditCardAccountId: '1034222',
      }),
    ).rejects.toMatchObject({ field: 'amount' });
    await expect(
      client.transferToPension({ amount: '2000000.01', fromAccount: '32096894308', policyNumber: 'P-1' }),
    ).rejects.toMatchObject({ field: 'amount' });
    await expect(
      client.transferToCreditCard({ amount: '10.00', fromAccount: '32096894308', creditCardAccountId: '' }),
    ).rejects.toMatchObject({ field: 'creditCardAccountId' });
    await expect(
      client.transferToPension({ amount: '10.00', fromAccount: '32096894308', policyNumber: ' ' }),
    ).rejects.toMatchObject({ field: 'policyNumber' });
  });

  it('accepts the extremes of each range', async () => {
    const bodies: unknown[] = [];
    nock(API)
      .post(/\/personal\/banking\/transfer\/.*/)
      .times(4)
      .reply(async (req: Request) => {
        bodies.push(await req.json());
        return [200, { paymentId: '1', warnings: [] }];
      });
    await client.createTransfer({ ...valid, amount: '0.01' });
    await client.createTransfer({ ...valid, amount: '1000000000' });
    await client.transferToCreditCard({
      amount: '999999999.00',
      fromAccount: '32096894308',
      creditCardAccountId: '1034222',
    });
    await client.transferToPension({
      amount: '2000000',
      fromAccount: '32096894308',
      policyNumber: '1034222',
    });
    expect(bodies.map((body) => (body as { amount: string }).amount)).toEqual([
      '0.01',
      '1000000000.00',
      '999999999.00',
      '2000000.00',
    ]);
  });
});

describe('transfers', () => {
  it('sends the transfer once with the vendor media type and returns paymentId and warnings', async () => {
    let contentType: string | null = null;
    let accept: string | null = null;
    let body: unknown;
    nock(API)
      .post(DEBIT)
      .reply(async (req: Request) => {
        contentType = req.headers.get('content-type');
        accept = req.headers.get('accept');
        body = await req.json();
        return [200, { paymentId: '12345789012', warnings: [] }, { 'Content-Type': JSON_TYPE }];
      });
    const result = await client.createTransfer({
      amount: '250.5',
      fromAccount: '3209 68 94308',
      toAccount: '15031563892',
      dueDate: new Date('2026-08-19T22:30:00Z'),
      message: 'Sparing',
      currencyCode: 'NOK',
    });
    expect(result).toEqual({ paymentId: '12345789012', warnings: [] });
    expect(contentType).toBe(JSON_TYPE);
    expect(accept).toBe(JSON_TYPE);
    expect(body).toEqual({
      amount: '250.50',
      fromAccount: '32096894308',
      toAccount: '15031563892',
      dueDate: '2026-08-20',
      message: 'Sparing',
      currencyCode: 'NOK',
    });
  });

  it('returns and logs warnings such as DUPLICATE_PAYMENT_EXISTS', async () => {
    nock(API)
      .post(DEBIT)
      .reply(200, { paymentId: '12345789013', warnings: ['DUPLICATE_PAYMENT_EXISTS'] });
    const result = await client.createTransfer(valid);
    expect(result.warnings).toEqual(['DUPLICATE_PAYMENT_EXISTS']);
    const warning = logger.lines.find((line) => line.level === 'warn');
    expect(JSON.stringify(warning)).toContain('DUPLICATE_PAYMENT_EXISTS');
  });

  it('sends credit-card and pension transfers to their endpoints', async () => {
    let cardBody: unknown;
    let pensionBody: unknown;
    nock(API)
      .post(CARD)
      .reply(async (req: Request) => {
        cardBody = await req.json();
        return [200, { paymentId: 'c1', warnings: [] }];
      });
    nock(API)
      .post(PENSION)
      .reply(async (req: Request) => {
        pensionBody = await req.json();
        return [200, { paymentId: 'p1', warnings: ['CUTOFF_TIME_HAS_PASSED'] }];
      });
    expect(
      await client.transferToCreditCard({
        amount: '500',
        fromAccount: '32096894308',
        creditCardAccountId: '1034222',
      }),
    ).toEqual({ paymentId: 'c1', warnings: [] });
    expect(
      await client.transferToPension({
        amount: '1000.00',
        fromAccount: '32096894308',
        policyNumber: '998877',
        dueDate: '2026-09-01',
      }),
    ).toEqual({ paymentId: 'p1', warnings: ['CUTOFF_TIME_HAS_PASSED'] });
    expect(cardBody).toEqual({
      amount: '500.00',
      fromAccount: '32096894308',
      creditCardAccountId: '1034222',
    });
    expect(pensionBody).toEqual({
      amount: '1000.00',
      fromAccount: '32096894308',
      policyNumber: '998877',
      dueDate: '2026-09-01',
    });
  });

  it('does not retry a 500 general.error: the outcome is unknown', async () => {
    nock(API).post(DEBIT).reply(500, errorsBody('general.error', 500));
    const second = noSecondRequest(DEBIT);
    const error = await client.createTransfer(valid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
    expect((error as Error).message).toMatch(/may or may not have been made/);
    expect((error as Error).message).toMatch(/before trying again/);
    expect(error).toMatchObject({
      status: 500,
      providerCode: 'general.error',
      requestId: 'trace-general.error',
    });
    expect(second.isDone()).toBe(false);
  });

  it('does not retry a 502 or 503 either', async () => {
    for (const status of [502, 503]) {
      nock(API).post(DEBIT).reply(status, '<html>Bad gateway</html>', { 'Content-Type': 'text/html' });
      const second = noSecondRequest(DEBIT);
      await expect(client.createTransfer(valid)).rejects.toBeInstanceOf(TransferOutcomeUnknownError);
      expect(second.isDone()).toBe(false);
      nock.cleanAll();
    }
  });

  it('does not retry after a dropped connection: the outcome is unknown', async () => {
    nock(API)
      .post(DEBIT)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const second = noSecondRequest(DEBIT);
    const error = await client.createTransfer(valid).catch((e: unknown) => e);
    expect(isTransferOutcomeUnknownError(error)).toBe(true);
    expect(second.isDone()).toBe(false);
  });

  it('does not retry after a timeout: the outcome is unknown', async () => {
    let sent = 0;
    // The bank received the request and never answered within the time limit.
    const silentBank: typeof fetch = (input, init) => {
      sent++;
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      return new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    };
    const made = makeClient({ fetch: silentBank, timeoutMs: 50 });
    await seedTokens(made.store);
    const error = await made.client.createTransfer(valid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
    expect(sent).toBe(1);
  });

  it.each([
    ['an AbortError', () => undefined],
    ['a TimeoutError (AbortSignal.timeout)', () => new DOMException('took too long', 'TimeoutError')],
    ['a reason of the caller', () => new Error('user pressed cancel')],
  ])('reports a call aborted mid-flight with %s as an unknown outcome', async (_label, reason) => {
    let sent = 0;
    const controller = new AbortController();
    // The bank has the request; the caller gives up before the answer.
    const slowBank: typeof fetch = (input, init) => {
      sent++;
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      queueMicrotask(() => controller.abort(reason()));
      return new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    };
    const made = makeClient({ fetch: slowBank });
    await seedTokens(made.store);
    const error = await made.client
      .createTransfer(valid, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
    expect(sent).toBe(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    let sent = 0;
    const made = makeClient({
      fetch: async () => {
        sent++;
        return new Response('{}');
      },
    });
    await seedTokens(made.store);
    const error = await made.client
      .createTransfer(valid, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TransferOutcomeUnknownError);
    expect(sent).toBe(0);
  });

  it('treats an unreadable 200 as an unknown outcome, not a failure', async () => {
    nock(API).post(DEBIT).reply(200, '<html>maintenance</html>', { 'Content-Type': 'text/html' });
    await expect(client.createTransfer(valid)).rejects.toBeInstanceOf(TransferOutcomeUnknownError);
  });

  it('reports general.error.transfer.not.completed as a plain HttpError: nothing moved', async () => {
    nock(API).post(DEBIT).reply(500, errorsBody('general.error.transfer.not.completed', 500));
    const second = noSecondRequest(DEBIT);
    const error = await client.createTransfer(valid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).not.toBeInstanceOf(TransferOutcomeUnknownError);
    expect((error as HttpError).providerCode).toBe('general.error.transfer.not.completed');
    expect((error as Error).message).toMatch(/nothing moved/);
    expect(second.isDone()).toBe(false);
  });

  it('reports business refusals as HttpError with the bank code', async () => {
    nock(API)
      .post(DEBIT)
      .reply(403, errorsBody('insufficient.funds', 403, 'Insufficient funds on account.'), {
        'Content-Type': JSON_TYPE,
      });
    const error = await client.createTransfer(valid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).not.toBeInstanceOf(TransferOutcomeUnknownError);
    expect(error).toMatchObject({ status: 403, providerCode: 'insufficient.funds' });
  });

  it('renews and repeats once after a 401: the gateway refused it before the bank saw it', async () => {
    nock(API).post(DEBIT).reply(401, 'Unauthorized', { 'Content-Type': 'text/plain' });
    nock(AUTH).post('/oauth/token').reply(200, tokenResponse(2));
    const repeated = nock(API)
      .post(DEBIT)
      .matchHeader('authorization', 'Bearer access-token-2-xxxxxxxxxxxx')
      .reply(200, { paymentId: 'after-renewal', warnings: [] });
    expect((await client.createTransfer(valid)).paymentId).toBe('after-renewal');
    expect(repeated.isDone()).toBe(true);
  });

  it('passes a failed renewal through unchanged: the transfer was never processed', async () => {
    const made = makeClient();
    await seedTokens(made.store, {}, { accessMs: 0 });
    nock(AUTH).post('/oauth/token').reply(400, { error: 'invalid_grant' });
    const transfer = nock(API).post(DEBIT).reply(200, { paymentId: 'x', warnings: [] });
    await expect(made.client.createTransfer(valid)).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(transfer.isDone()).toBe(false);
  });

  it('says nothing was sent when the connection was refused outright', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const made = makeClient({ baseUrl: `http://127.0.0.1:${port}` });
    await seedTokens(made.store);
    const error = await made.client.createTransfer(valid).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TransferOutcomeUnknownError);
    expect((error as Error).name).toBe('NetworkError');
  });
});
