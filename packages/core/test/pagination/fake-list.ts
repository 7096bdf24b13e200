import { Page } from '../../src/pagination/page.js';

/** One fetch the fake server saw: which page, and the signal it was given. */
export interface FetchCall {
  pageIndex: number;
  signal: AbortSignal | undefined;
}

export interface FakeListOptions {
  /** Items per page. */
  pageSize: number;
  /** How many times fetching page `i` fails before it succeeds (transient errors). */
  failures?: ReadonlyMap<number, number>;
  /** Freeze every page's resources, so that any push into them throws. */
  freeze?: boolean;
  /** Waits before answering, e.g. on a gate the test opens; defaults to one macrotask. */
  delay?: (pageIndex: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Number the pages in the fetcher (as a careful adapter would); otherwise Page must do it. */
  numberPages?: boolean;
}

/** A transient failure thrown by the fake server. */
export class FlakyFetchError extends Error {
  constructor(readonly pageIndex: number) {
    super(`page ${pageIndex} failed`);
  }
}

/**
 * A cursor-paginated list of `items` served by a fake server, the way an adapter builds pages from
 * Bridge's `next_uri`: each page's raw body is `{ resources, pagination: { next_uri } }`.
 */
export function fakeList<T>(items: readonly T[], options: FakeListOptions) {
  const { pageSize, freeze = false, numberPages = false } = options;
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const remainingFailures = new Map(options.failures ?? []);
  const calls: FetchCall[] = [];
  const delay = options.delay ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  /** Called with every page's resources array as it is built, e.g. to hold WeakRefs to them. */
  const built: Array<(pageIndex: number, resources: readonly T[]) => void> = [];

  function build(pageIndex: number): Page<T> {
    const slice = items.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize);
    const resources = freeze ? Object.freeze(slice) : slice;
    for (const listener of built) listener(pageIndex, resources);
    const hasNext = pageIndex + 1 < pageCount;
    const body = {
      resources: slice,
      pagination: { next_uri: hasNext ? `/v2/items?after=${pageIndex + 1}` : null },
    };
    return new Page<T>({
      resources,
      response: new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
      ...(numberPages ? { pageNumber: pageIndex } : {}),
      fetchNext: hasNext ? (signal) => fetchPage(pageIndex + 1, signal) : undefined,
    });
  }

  async function fetchPage(pageIndex: number, signal: AbortSignal | undefined): Promise<Page<T>> {
    calls.push({ pageIndex, signal });
    await delay(pageIndex, signal);
    signal?.throwIfAborted();
    const failuresLeft = remainingFailures.get(pageIndex) ?? 0;
    if (failuresLeft > 0) {
      remainingFailures.set(pageIndex, failuresLeft - 1);
      throw new FlakyFetchError(pageIndex);
    }
    return build(pageIndex);
  }

  return {
    first: () => build(0),
    calls,
    /** How many times each page was fetched (the first page is built directly, never fetched). */
    fetchCounts(): number[] {
      const counts = new Array<number>(pageCount).fill(0);
      for (const call of calls) counts[call.pageIndex] = (counts[call.pageIndex] ?? 0) + 1;
      return counts;
    },
    onBuild(listener: (pageIndex: number, resources: readonly T[]) => void) {
      built.push(listener);
    },
    pageCount,
  };
}

/** `[0, 1, ..., count - 1]`. */
export function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/** A promise with its resolve function, to hold a fetch until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
