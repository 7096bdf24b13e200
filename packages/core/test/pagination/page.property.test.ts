import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fakeList, range } from './fake-list.js';

/** A list shape, transient failures per page, and how many microtasks each fetch takes. */
const scenario = fc
  .record({
    itemCount: fc.nat({ max: 80 }),
    pageSize: fc.integer({ min: 1, max: 10 }),
    failures: fc.array(fc.nat({ max: 2 }), { maxLength: 81 }),
    ticks: fc.array(fc.nat({ max: 3 }), { maxLength: 81 }),
    batches: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 }),
  })
  .map((input) => {
    const items = range(input.itemCount).map((index) => `item-${index}`);
    const list = fakeList(items, {
      pageSize: input.pageSize,
      failures: new Map(input.failures.map((count, pageIndex) => [pageIndex, count])),
      delay: async (pageIndex) => {
        for (let tick = 0; tick < (input.ticks[pageIndex] ?? 0); tick++) await null;
      },
    });
    const expectedFetches = range(list.pageCount).map((pageIndex) =>
      pageIndex === 0 ? 0 : 1 + (input.failures[pageIndex] ?? 0),
    );
    return { ...input, items, list, expectedFetches };
  });

describe('Page properties', () => {
  test('for await with resumption, in concurrent batches, yields exactly the items', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ items, list, batches, expectedFetches }) => {
        const iterator = list.first()[Symbol.asyncIterator]();
        const seen: string[] = [];
        let failures = 0;
        for (let round = 0; ; round++) {
          const size = batches[round % batches.length] ?? 1;
          const settled = await Promise.allSettled(range(size).map(() => iterator.next()));
          let done = false;
          for (const result of settled) {
            if (result.status === 'rejected') failures++;
            else if (result.value.done) done = true;
            else seen.push(result.value.value);
          }
          if (done) break;
          expect(round).toBeLessThan(1_000);
        }
        expect(seen).toEqual(items);
        expect(list.fetchCounts()).toEqual(expectedFetches);
        expect(failures).toBe(expectedFetches.reduce((sum, count) => sum + Math.max(0, count - 1), 0));
      }),
    );
  });

  test('pages() with resumption yields every page once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ items, list, expectedFetches }) => {
        const iterator = list.first().pages();
        const numbers: number[] = [];
        const seen: string[] = [];
        for (let attempt = 0; attempt < 1_000; attempt++) {
          const result = await iterator.next().catch(() => undefined);
          if (result === undefined) continue;
          if (result.done) break;
          numbers.push(result.value.pageNumber);
          seen.push(...result.value.resources);
        }
        expect(seen).toEqual(items);
        expect(numbers).toEqual(range(list.pageCount));
        expect(list.fetchCounts()).toEqual(expectedFetches);
      }),
    );
  });

  test('fetchAll, retried after transient failures, yields exactly the items', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ items, list }) => {
        const first = list.first();
        let all: string[] | undefined;
        for (let attempt = 0; all === undefined; attempt++) {
          expect(attempt).toBeLessThan(1_000);
          all = await first.fetchAll().catch(() => undefined);
        }
        expect(all).toEqual(items);
      }),
    );
  });

  test('fetchAll with maxItems yields the first maxItems items and fetches no page it does not need', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.nat({ max: 70 }),
        async (itemCount, pageSize, maxItems) => {
          const items = range(itemCount);
          const list = fakeList(items, { pageSize, delay: async () => {} });
          expect(await list.first().fetchAll({ maxItems })).toEqual(items.slice(0, maxItems));
          const pagesNeeded = Math.max(1, Math.ceil(Math.min(maxItems, itemCount) / pageSize));
          expect(list.calls).toHaveLength(Math.min(pagesNeeded, list.pageCount) - 1);
        },
      ),
    );
  });
});
