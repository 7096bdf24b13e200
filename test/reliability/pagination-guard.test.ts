import { BridgeProvider, UserClient } from '@bankkit/bridge';
import { isPaginationError, type PaginationError } from '@bankkit/core';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { printSummary } from './support/runs.js';

/**
 * Issue 10, item 5: a cursor already followed in this listing, or a run of empty pages that keep a
 * next_uri, ends the listing with a PaginationError. Legitimate empty pages in the middle still work.
 * The mocked server gives up after SAFETY_STOP requests (a last page), so a missing guard fails
 * the test instead of hanging it.
 */
const BRIDGE = 'https://api.bridgeapi.io';
const SAFETY_STOP = 200;

type Reply = { resources: unknown[]; next: string | null };
let answer: (index: number, query: URLSearchParams) => Reply = () => ({ resources: [], next: null });
let requests = 0;
const figures: string[] = [];

function row(id: number, accountId = 4001): Record<string, unknown> {
  return {
    id,
    clean_description: 'Carrefour',
    bank_description: 'CB CARREFOUR',
    amount: -12.5,
    date: '2026-03-01',
    updated_at: '2026-03-01T10:00:00.000Z',
    currency_code: 'EUR',
    is_deleted: false,
    category_id: 270,
    account_id: accountId,
    is_future: false,
    show_client_side: true,
  };
}

beforeAll(() => {
  nock.disableNetConnect();
  nock(BRIDGE)
    .persist()
    .get((uri) => uri.startsWith('/v2/transactions'))
    .reply(async (request: Request) => {
      const index = requests++;
      const reply =
        index >= SAFETY_STOP
          ? { resources: [], next: null }
          : answer(index, new URL(request.url).searchParams);
      return [
        200,
        JSON.stringify({
          resources: reply.resources,
          pagination: { previous_uri: null, next_uri: reply.next },
        }),
        { 'Content-Type': 'application/json' },
      ];
    });
});

beforeEach(() => {
  requests = 0;
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  printSummary(`reliability pagination-guard: ${figures.join(' ')}`);
});

function client(maxEmptyPages?: number): UserClient {
  return new UserClient({
    clientId: 'guard-client',
    clientSecret: 'guard-client-secret',
    userUuid: '998945b4-c977-43e4-a854-d9680fa00fd5',
    accessToken: 'guard-access-token',
    expiresAt: new Date(Date.now() + 3_600_000),
    retry: false,
    ...(maxEmptyPages === undefined ? {} : { maxEmptyPages }),
  });
}

async function failure(run: () => Promise<unknown>): Promise<PaginationError> {
  try {
    await run();
  } catch (error) {
    expect(isPaginationError(error), String(error)).toBe(true);
    return error as PaginationError;
  }
  throw new Error(`expected a PaginationError, the listing ended normally after ${requests} requests`);
}

describe('a server repeating the same next_uri', () => {
  it('ends for await, pages() and fetchAll() with a PaginationError after 2 requests', async () => {
    answer = (index) => ({ resources: [row(index + 1)], next: '/v2/transactions?after=same' });
    const runs = {
      forAwait: async () => {
        for await (const _ of await client().listTransactions());
      },
      pages: async () => {
        for await (const _ of (await client().listTransactions()).pages());
      },
      fetchAll: async () => (await client().listTransactions()).fetchAll(),
      nextPage: async () => {
        let page = await client().listTransactions();
        while (page.hasMore()) page = await page.nextPage();
      },
    };
    for (const [name, run] of Object.entries(runs)) {
      requests = 0;
      const error = await failure(run);
      expect(error.message).toContain('loop');
      expect(requests, name).toBe(2);
      figures.push(`repeat-${name}-requests=${requests}`);
    }
  });

  it('ends a cycle of three cursors too', async () => {
    answer = (index) => ({ resources: [row(index + 1)], next: `/v2/transactions?after=c${index % 3}` });
    await failure(async () => (await client().listTransactions()).fetchAll());
    expect(requests).toBe(4);
  });

  it('still lets a list be walked twice', async () => {
    const following: Record<string, string | null> = {
      '': '/v2/transactions?after=p0',
      p0: '/v2/transactions?after=p1',
      p1: null,
    };
    answer = (index, query) => ({
      resources: [row(index + 1)],
      next: following[query.get('after') ?? ''] ?? null,
    });
    const first = await client().listTransactions();
    expect(await first.fetchAll()).toHaveLength(3);
    expect(await first.fetchAll()).toHaveLength(3);
  });
});

describe('empty pages that keep a next_uri', () => {
  it('end fetchAll({ maxItems: 1 }) after the default run of 10 empty pages', async () => {
    answer = (index) => ({ resources: [], next: `/v2/transactions?after=e${index}` });
    const error = await failure(async () => (await client().listTransactions()).fetchAll({ maxItems: 1 }));
    expect(error.message).toContain('without a single item');
    expect(requests).toBe(10);
    figures.push(`empty-default-requests=${requests}`);
  });

  it('end the listing after maxEmptyPages when configured', async () => {
    answer = (index) => ({ resources: [], next: `/v2/transactions?after=e${index}` });
    await failure(async () => {
      for await (const _ of await client(3).listTransactions());
    });
    expect(requests).toBe(3);
  });

  it('in the middle of a list (fewer than the limit in a row) are walked through', async () => {
    // 1 row, 9 empty pages, 1 row, 9 empty pages, 1 row, end.
    answer = (index) => ({
      resources: index % 10 === 0 ? [row(index + 1)] : [],
      next: index === 20 ? null : `/v2/transactions?after=m${index}`,
    });
    const items = await (await client().listTransactions()).fetchAll();
    expect(items.map((item) => item.id)).toEqual([1, 11, 21]);
    expect(requests).toBe(21);
  });

  it('are counted on the server pages, not on rows a provider filters out', async () => {
    // 30 pages of another account's rows, then one of the wanted account.
    answer = (index) => ({
      resources: [row(index + 1, index === 30 ? 4001 : 4002)],
      next: index === 30 ? null : `/v2/transactions?after=f${index}`,
    });
    const provider = new BridgeProvider(client());
    const items = await (await provider.listTransactions({ accountIds: ['4001', '4003'] })).fetchAll();
    expect(items).toHaveLength(1);
    expect(requests).toBe(31);
  });
});
