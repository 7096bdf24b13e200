import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { InvalidInputError, isPaginationError, PaginationError } from '../../src/errors/index.js';
import { Page } from '../../src/pagination/page.js';
import { FlakyFetchError, fakeList, gate, range } from './fake-list.js';

/** Drains an iterator by hand, so that a rejected `next()` can be caught and iteration resumed. */
async function drain<T>(
  iterator: AsyncIterator<T>,
  maxFailures = 100,
): Promise<{ items: T[]; errors: unknown[] }> {
  const items: T[] = [];
  const errors: unknown[] = [];
  for (;;) {
    let result: IteratorResult<T>;
    try {
      result = await iterator.next();
    } catch (error) {
      errors.push(error);
      if (errors.length > maxFailures) throw error;
      continue;
    }
    if (result.done) return { items, errors };
    items.push(result.value);
  }
}

const json = (text: string) => new Response(text, { headers: { 'content-type': 'application/json' } });

describe('Page: explicit paging', () => {
  test('a first page exposes its items, its raw response, number 0, and whether more follow', async () => {
    const list = fakeList(range(12), { pageSize: 5 });
    const first = list.first();
    expect(first.resources).toEqual([0, 1, 2, 3, 4]);
    expect(first.pageNumber).toBe(0);
    expect(first.hasMore()).toBe(true);
    expect(await first.response.json()).toEqual({
      resources: [0, 1, 2, 3, 4],
      pagination: { next_uri: '/v2/items?after=1' },
    });
  });

  test('a response given as a function is built on the first read only, once, and shared with mapped pages', async () => {
    let built = 0;
    const page = new Page({
      resources: [1, 2],
      response: () => {
        built++;
        return json('[1,2]');
      },
    });
    const mapped = page.map((resources) => resources.map(String));
    expect(built).toBe(0);
    expect(await mapped.fetchAll()).toEqual(['1', '2']);
    expect(built).toBe(0);
    const response = page.response;
    expect(built).toBe(1);
    expect(page.response).toBe(response);
    expect(mapped.response).toBe(response);
    expect(built).toBe(1);
    expect(await response.json()).toEqual([1, 2]);
  });

  test('nextPage walks to the end, numbering pages even when the fetcher does not', async () => {
    const list = fakeList(range(12), { pageSize: 5 });
    const second = await list.first().nextPage();
    const third = await second.nextPage();
    expect([second.pageNumber, third.pageNumber]).toEqual([1, 2]);
    expect(third.resources).toEqual([10, 11]);
    expect(third.hasMore()).toBe(false);
    // A later page's raw body is still readable.
    expect(await third.response.json()).toEqual({ resources: [10, 11], pagination: { next_uri: null } });
  });

  test('nextPage past the last page rejects with PaginationError and fetches nothing', async () => {
    const list = fakeList(range(3), { pageSize: 5 });
    const only = list.first();
    expect(only.hasMore()).toBe(false);
    const error = await only.nextPage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaginationError);
    expect(isPaginationError(error)).toBe(true);
    expect((error as PaginationError).code).toBe('pagination_error');
    expect(list.calls).toHaveLength(0);
  });

  test('repeated and concurrent nextPage calls share one fetch', async () => {
    const list = fakeList(range(12), { pageSize: 5 });
    const first = list.first();
    const [a, b] = await Promise.all([first.nextPage(), first.nextPage()]);
    const c = await first.nextPage();
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(list.fetchCounts()).toEqual([0, 1, 0]);
  });

  test('a failed nextPage is not remembered: the next call fetches again', async () => {
    const list = fakeList(range(12), { pageSize: 5, failures: new Map([[1, 1]]) });
    const first = list.first();
    await expect(first.nextPage()).rejects.toBeInstanceOf(FlakyFetchError);
    const second = await first.nextPage();
    expect(second.resources).toEqual([5, 6, 7, 8, 9]);
    expect(list.fetchCounts()).toEqual([0, 2, 0]);
  });

  test('a fetcher that throws synchronously still gives a rejected promise', async () => {
    const boom = new Error('sync boom');
    const page = new Page<number>({
      resources: [1],
      response: json('{}'),
      fetchNext: () => {
        throw boom;
      },
    });
    await expect(page.nextPage()).rejects.toBe(boom);
    await expect(page.fetchAll()).rejects.toBe(boom);
  });

  test('nextPage with an aborted signal rejects with its reason', async () => {
    const list = fakeList(range(12), { pageSize: 5 });
    const reason = new Error('user cancelled');
    await expect(list.first().nextPage(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(list.calls).toHaveLength(0);
  });

  test('pages keep the numbers a careful fetcher gives them', async () => {
    const list = fakeList(range(12), { pageSize: 5, numberPages: true });
    const pages = [];
    for await (const page of list.first().pages()) pages.push(page.pageNumber);
    expect(pages).toEqual([0, 1, 2]);
  });
});

describe('Page.fetchAll', () => {
  test('collects every item from the first page on, in server order, one fetch per page', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    expect(await list.first().fetchAll()).toEqual(range(23));
    expect(list.fetchCounts()).toEqual([0, 1, 1, 1, 1]);
  });

  test('on a page after the first it rejects with PaginationError', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    const second = await list.first().nextPage();
    const callsBefore = list.calls.length;
    const error = await second.fetchAll().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/first page/);
    expect(list.calls).toHaveLength(callsBefore);
  });

  test('never mutates any page (frozen pages do not throw, plain pages stay as served)', async () => {
    const frozen = fakeList(range(23), { pageSize: 5, freeze: true });
    expect(await frozen.first().fetchAll()).toEqual(range(23));

    const plain = fakeList(range(23), { pageSize: 5 });
    const served: Array<{ array: readonly number[]; copy: number[] }> = [];
    plain.onBuild((_, resources) => served.push({ array: resources, copy: [...resources] }));
    const first = plain.first();
    const all = await first.fetchAll();
    expect(all).not.toBe(first.resources);
    all.push(999);
    for (const { array, copy } of served) expect(array).toEqual(copy);
    expect(served).toHaveLength(5);
  });

  test('a single page still gives a fresh array', async () => {
    const resources = Object.freeze([1, 2, 3]);
    const page = Page.single(resources, json('[1,2,3]'));
    const all = await page.fetchAll();
    expect(all).toEqual([1, 2, 3]);
    expect(all).not.toBe(resources);
  });

  test('maxItems stops fetching once enough items are in, and trims the last page', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    expect(await list.first().fetchAll({ maxItems: 7 })).toEqual(range(7));
    expect(list.fetchCounts()).toEqual([0, 1, 0, 0, 0]);

    const exact = fakeList(range(23), { pageSize: 5 });
    expect(await exact.first().fetchAll({ maxItems: 5 })).toEqual(range(5));
    expect(exact.calls).toHaveLength(0);

    const none = fakeList(range(23), { pageSize: 5 });
    expect(await none.first().fetchAll({ maxItems: 0 })).toEqual([]);
    expect(none.calls).toHaveLength(0);

    const more = fakeList(range(23), { pageSize: 5 });
    expect(await more.first().fetchAll({ maxItems: 1000 })).toEqual(range(23));
  });

  test('a maxItems that is not a non-negative integer is refused', async () => {
    const page = fakeList(range(3), { pageSize: 5 }).first();
    for (const maxItems of [-1, 1.5, Number.NaN]) {
      await expect(page.fetchAll({ maxItems })).rejects.toBeInstanceOf(InvalidInputError);
    }
  });

  test('an already aborted signal rejects with its reason before any fetch', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    const reason = new Error('stop');
    await expect(list.first().fetchAll({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(list.calls).toHaveLength(0);
  });

  test('an abort between pages stops the walk; the fetcher got the signal', async () => {
    const controller = new AbortController();
    const reason = new Error('enough');
    const list = fakeList(range(23), {
      pageSize: 5,
      delay: async (pageIndex) => {
        await new Promise((resolve) => setImmediate(resolve));
        if (pageIndex === 2) controller.abort(reason);
      },
    });
    await expect(list.first().fetchAll({ signal: controller.signal })).rejects.toBe(reason);
    expect(list.calls.map((call) => call.pageIndex)).toEqual([1, 2]);
    expect(list.calls.every((call) => call.signal === controller.signal)).toBe(true);
  });

  test('an abort while a fetcher ignores its signal still rejects at once', async () => {
    const held = gate();
    const list = fakeList(range(23), { pageSize: 5, delay: () => held.promise });
    const controller = new AbortController();
    const reason = new Error('gave up waiting');
    const all = list.first().fetchAll({ signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    expect(list.calls).toHaveLength(1);
    controller.abort(reason);
    await expect(all).rejects.toBe(reason);
    held.open();
  });

  test('reuses a next page that nextPage already fetched', async () => {
    const list = fakeList(range(12), { pageSize: 5 });
    const first = list.first();
    await first.nextPage();
    expect(await first.fetchAll()).toEqual(range(12));
    expect(list.fetchCounts()).toEqual([0, 1, 1]);
  });

  test('handles a long list without stack trouble', async () => {
    const list = fakeList(range(200_000), { pageSize: 100_000, delay: async () => {} });
    const all = await list.first().fetchAll();
    expect(all).toHaveLength(200_000);
    expect(all[199_999]).toBe(199_999);
  });
});

describe('Page: async iteration over items', () => {
  test('for await yields every item in order', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    const items: number[] = [];
    for await (const item of list.first()) items.push(item);
    expect(items).toEqual(range(23));
    expect(list.fetchCounts()).toEqual([0, 1, 1, 1, 1]);
  });

  test('starts from the page it is called on', async () => {
    const list = fakeList(range(12), { pageSize: 5 });
    const second = await list.first().nextPage();
    const items: number[] = [];
    for await (const item of second) items.push(item);
    expect(items).toEqual(range(12).slice(5));
  });

  test('fetches lazily: a page is fetched only when its first item is asked for', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    const iterator = list.first()[Symbol.asyncIterator]();
    for (let index = 0; index < 5; index++) await iterator.next();
    expect(list.calls).toHaveLength(0);
    expect(await iterator.next()).toEqual({ done: false, value: 5 });
    expect(list.calls.map((call) => call.pageIndex)).toEqual([1]);
    for (let index = 0; index < 4; index++) await iterator.next();
    expect(list.calls).toHaveLength(1);
    await iterator.next();
    expect(list.calls.map((call) => call.pageIndex)).toEqual([1, 2]);
  });

  test('breaking out of the loop fetches nothing more', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    for await (const item of list.first()) if (item === 6) break;
    expect(list.calls.map((call) => call.pageIndex)).toEqual([1]);
  });

  test('skips empty pages', async () => {
    const page = new Page<number>({
      resources: [],
      response: json('[]'),
      fetchNext: async () =>
        new Page({
          resources: [],
          response: json('[]'),
          fetchNext: async () => new Page({ resources: [1, 2], response: json('[1,2]') }),
        }),
    });
    const items: number[] = [];
    for await (const item of page) items.push(item);
    expect(items).toEqual([1, 2]);
  });

  test('50 concurrent next() calls fetch each page once and hand out every item once, in order', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    const iterator = list.first()[Symbol.asyncIterator]();
    const results = await Promise.all(range(50).map(() => iterator.next()));
    expect(results.filter((result) => !result.done).map((result) => result.value)).toEqual(range(23));
    expect(results.slice(23).every((result) => result.done)).toBe(true);
    expect(list.fetchCounts()).toEqual([0, 1, 1, 1, 1]);
  });

  test('resumes after a failed page fetch with no duplicate and no gap', async () => {
    const list = fakeList(range(23), { pageSize: 5, failures: new Map([[3, 1]]) });
    const { items, errors } = await drain(list.first()[Symbol.asyncIterator]());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(FlakyFetchError);
    expect((errors[0] as FlakyFetchError).pageIndex).toBe(3);
    expect(items).toEqual(range(23));
    expect(list.fetchCounts()).toEqual([0, 1, 1, 2, 1]);
  });

  test('a for await loop can be restarted on the same iterator after a failure', async () => {
    const list = fakeList(range(23), { pageSize: 5, failures: new Map([[3, 1]]) });
    const iterator = list.first()[Symbol.asyncIterator]();
    const items: number[] = [];
    const consume = async () => {
      // The iterator returns itself, so a second loop continues where the first one failed.
      for await (const item of { [Symbol.asyncIterator]: () => iterator }) items.push(item);
    };
    await expect(consume()).rejects.toBeInstanceOf(FlakyFetchError);
    expect(items).toEqual(range(15));
    await consume();
    expect(items).toEqual(range(23));
  });

  test('concurrent next() calls around a failure: one rejects, the rest continue in order', async () => {
    const list = fakeList(range(23), { pageSize: 5, failures: new Map([[2, 1]]) });
    const iterator = list.first()[Symbol.asyncIterator]();
    const settled = await Promise.allSettled(range(30).map(() => iterator.next()));
    const rejected = settled.filter((result) => result.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const values = settled.flatMap((result) =>
      result.status === 'fulfilled' && !result.value.done ? [result.value.value] : [],
    );
    expect(values).toEqual(range(23));
    expect(list.fetchCounts()).toEqual([0, 1, 2, 1, 1]);
  });

  test('holds one page at a time: pages already walked past can be collected', async (context) => {
    let collect: (() => void) | undefined;
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      context.skip('no way to force a garbage collection here; the lazy-fetch test covers the rest');
    }
    const list = fakeList(range(40_000), { pageSize: 2_000, delay: async () => {} });
    const refs: Array<WeakRef<readonly number[]>> = [];
    list.onBuild((pageIndex, resources) => {
      refs[pageIndex] = new WeakRef(resources);
    });
    const first = list.first();
    let seen = 0;
    let aliveBehind = -1;
    for await (const item of first) {
      seen++;
      if (item === 15 * 2_000) {
        // Let the WeakRefs made in earlier jobs go, then collect.
        await new Promise((resolve) => setImmediate(resolve));
        collect?.();
        aliveBehind = refs.slice(1, 14).filter((ref) => ref.deref() !== undefined).length;
      }
    }
    expect(seen).toBe(40_000);
    // Pages 1..13 are behind the iterator; only the first page (held by this test) may stay.
    expect(aliveBehind).toBe(0);
    expect(refs[0]?.deref()).toBe(first.resources);
  });
});

describe('Page.pages', () => {
  test('yields this page and each following one, with their raw responses', async () => {
    const list = fakeList(range(12), { pageSize: 5 });
    const seen: Array<{ number: number; resources: readonly number[]; body: unknown }> = [];
    for await (const page of list.first().pages()) {
      seen.push({ number: page.pageNumber, resources: page.resources, body: await page.response.json() });
    }
    expect(seen.map((page) => page.number)).toEqual([0, 1, 2]);
    expect(seen.flatMap((page) => page.resources)).toEqual(range(12));
    expect(seen[1]?.body).toEqual({
      resources: [5, 6, 7, 8, 9],
      pagination: { next_uri: '/v2/items?after=2' },
    });
  });

  test('concurrent next() calls fetch each page once, in order', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    const iterator = list.first().pages();
    const results = await Promise.all(range(8).map(() => iterator.next()));
    expect(results.map((result) => (result.done ? 'done' : result.value.pageNumber))).toEqual([
      0,
      1,
      2,
      3,
      4,
      'done',
      'done',
      'done',
    ]);
    expect(list.fetchCounts()).toEqual([0, 1, 1, 1, 1]);
  });

  test('resumes after a failed fetch from the page that failed', async () => {
    const list = fakeList(range(23), { pageSize: 5, failures: new Map([[2, 2]]) });
    const { items: pages, errors } = await drain(list.first().pages());
    expect(errors).toHaveLength(2);
    expect(pages.map((page) => page.pageNumber)).toEqual([0, 1, 2, 3, 4]);
    expect(pages.flatMap((page) => page.resources)).toEqual(range(23));
  });

  test('an aborted signal rejects with its reason and passes the signal to the fetcher', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    const controller = new AbortController();
    const iterator = list.first().pages(controller.signal);
    await iterator.next();
    await iterator.next();
    expect(list.calls[0]?.signal).toBe(controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(iterator.next()).rejects.toBe(reason);
    expect(list.calls).toHaveLength(1);
  });
});

describe('Page.map', () => {
  test('transforms this page now and later pages lazily, keeping response and numbers', async () => {
    const list = fakeList(range(23), { pageSize: 5 });
    const first = list.first();
    const seenSources: number[] = [];
    const mapped = first.map((resources, page) => {
      seenSources.push(page.pageNumber);
      return resources.filter((item) => item % 2 === 0).map((item) => `#${item}`);
    });
    expect(mapped.resources).toEqual(['#0', '#2', '#4']);
    expect(mapped.response).toBe(first.response);
    expect(mapped.pageNumber).toBe(0);
    expect(mapped.hasMore()).toBe(true);
    expect(list.calls).toHaveLength(0);

    const second = await mapped.nextPage();
    expect(second.pageNumber).toBe(1);
    expect(second.resources).toEqual(['#6', '#8']);
    expect(await second.response.json()).toEqual({
      resources: [5, 6, 7, 8, 9],
      pagination: { next_uri: '/v2/items?after=2' },
    });

    const expected = range(23)
      .filter((item) => item % 2 === 0)
      .map((item) => `#${item}`);
    expect(await mapped.fetchAll()).toEqual(expected);
    const streamed: string[] = [];
    for await (const item of mapped) streamed.push(item);
    expect(streamed).toEqual(expected);
    expect(seenSources).toEqual([0, 1, 2, 3, 4, 2, 3, 4]);
  });

  test('fetchAll on a mapped later page is refused too', async () => {
    const list = fakeList(range(12), { pageSize: 5 });
    const second = await list
      .first()
      .map((resources) => resources)
      .nextPage();
    await expect(second.fetchAll()).rejects.toBeInstanceOf(PaginationError);
  });

  test('a mapped last page has no next page', async () => {
    const mapped = Page.single([1, 2], json('[1,2]')).map((resources) => resources.map(String));
    expect(mapped.hasMore()).toBe(false);
    await expect(mapped.nextPage()).rejects.toBeInstanceOf(PaginationError);
  });
});

describe('Page.single', () => {
  test('is a one-page list', async () => {
    const page = Page.single(['a', 'b'], json('{"transactions":["a","b"]}'));
    expect(page.pageNumber).toBe(0);
    expect(page.hasMore()).toBe(false);
    expect(await page.fetchAll()).toEqual(['a', 'b']);
    const items: string[] = [];
    for await (const item of page) items.push(item);
    expect(items).toEqual(['a', 'b']);
    const pages: Array<Page<string>> = [];
    for await (const each of page.pages()) pages.push(each);
    expect(pages).toEqual([page]);
    await expect(page.nextPage()).rejects.toBeInstanceOf(PaginationError);
    expect(await page.response.json()).toEqual({ transactions: ['a', 'b'] });
  });
});
