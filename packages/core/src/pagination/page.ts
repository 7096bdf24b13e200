import { InvalidInputError, PaginationError } from '../errors/index.js';
import { ItemIterator, PageIterator } from './page-iterators.js';

/** Fetches the page after the current one. Adapters build it from a cursor (`next_uri`) or leave it out. */
export type FetchPage<T> = (signal?: AbortSignal) => Promise<Page<T>>;

/** What an adapter passes to build a {@link Page}. */
export interface PageInit<T> {
  resources: readonly T[];
  /**
   * The raw HTTP response of this page (its body must still be readable), or a function that
   * builds it: called on the first read of {@link Page.response} only, as most callers never look
   * at it and copying a response costs time on every page.
   */
  response: Response | (() => Response);
  /**
   * 0 for the first page. Only the first page's number matters: pages reached through a page are
   * numbered from it, whatever the adapter's fetcher put here.
   */
  pageNumber?: number;
  /** How to fetch the next page; omitted (or undefined) on the last page. */
  fetchNext?: FetchPage<T> | undefined;
}

/** Options of {@link Page.fetchAll}. */
export interface FetchAllOptions {
  /** Stop once this many items are collected (the result has at most this many). */
  maxItems?: number;
  signal?: AbortSignal;
}

/**
 * A page's response, built on first read and then kept. Shared by a page and the pages made from
 * it (`map`, renumbering), so they all hand out the same object.
 *
 * The laziness lives here, behind a getter on the class, rather than in a getter defined on each
 * page: an accessor defined per instance gives every page its own hidden class, and V8's
 * shared transition tree then keeps each page's closure (and the response body it holds) alive
 * through every young-generation GC, so a streamed list grew the heap by a page per request.
 */
class ResponseCell {
  #value: Response | (() => Response);

  constructor(value: Response | (() => Response)) {
    this.#value = value;
  }

  get(): Response {
    const value = this.#value;
    if (typeof value !== 'function') return value;
    const response = value();
    this.#value = response;
    return response;
  }
}

/**
 * Reaches the page after `page`: the memoized `nextPage()` fetch when one exists, else a fresh one
 * that nothing remembers. Used by the iterators and `fetchAll()`; set inside {@link Page}.
 */
let followingPage: <T>(page: Page<T>, signal: AbortSignal | undefined) => Promise<Page<T>>;

/**
 * One page of a list: awaitable data (`resources`), explicit paging (`hasMore()`, `nextPage()`),
 * everything at once (`fetchAll()`), and streaming (`for await (const item of page)`, `pages()`)
 * holding one page in memory at a time.
 *
 * `nextPage()` remembers its result: calling it again on the same page (also while the first call
 * is still in flight) gives the same page without a second request, and a failed fetch is
 * forgotten so that the next call tries again. Because of that, a page you keep reachable keeps
 * the pages you walked to with `nextPage()` reachable too; to go through a long list, iterate
 * (`for await`, `pages()`) or call `fetchAll()`, which hold one page at a time and memoize nothing.
 */
export class Page<T> implements AsyncIterable<T> {
  /** This page's items, in server order. Never mutated by bankkit. */
  readonly resources: readonly T[];
  /** 0 for the first page, then 1, 2, ... */
  readonly pageNumber: number;
  readonly #fetchNext: FetchPage<T> | undefined;
  readonly #response: ResponseCell;
  #next: Promise<Page<T>> | undefined;

  static {
    followingPage = (page, signal) => {
      const next = page.#next ?? page.#fetchFollowing(signal);
      return signal ? abortable(next, signal) : next;
    };
  }

  constructor(init: PageInit<T>) {
    this.resources = init.resources;
    this.#response = new ResponseCell(init.response);
    this.pageNumber = init.pageNumber ?? 0;
    this.#fetchNext = init.fetchNext;
  }

  /** This page's raw HTTP response; its body is still readable. */
  get response(): Response {
    return this.#response.get();
  }

  /** A list that has only this page (SpareBank 1 transactions have no pagination). */
  static single<T>(resources: readonly T[], response: Response | (() => Response)): Page<T> {
    return new Page({ resources, response });
  }

  /** True when there is a page after this one. */
  hasMore(): boolean {
    return this.#fetchNext !== undefined;
  }

  /**
   * The next page. Repeated calls share one fetch while it is in flight or once it succeeded; after
   * a failure the next call fetches again. `signal` cancels this caller's wait (and, for the call
   * that starts the fetch, the request itself); the promise then rejects with the signal's reason.
   * @throws PaginationError when there is none.
   */
  nextPage(signal?: AbortSignal): Promise<Page<T>> {
    if (!this.hasMore()) {
      return Promise.reject(
        new PaginationError(`There is no page after page ${this.pageNumber}; check hasMore() first.`),
      );
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#next === undefined) {
      const next = this.#fetchFollowing(signal);
      this.#next = next;
      next.catch(() => {
        if (this.#next === next) this.#next = undefined;
      });
    }
    return signal ? abortable(this.#next, signal) : this.#next;
  }

  /**
   * Every item from this (first) page on, in server order. Fetches the following pages one at a
   * time and keeps only their items; stops fetching once `maxItems` are collected.
   * @throws PaginationError when this is not the first page.
   * @throws InvalidInputError when `maxItems` is not a non-negative integer.
   * Rejects with the signal's reason once `signal` is aborted.
   */
  async fetchAll(options: FetchAllOptions = {}): Promise<T[]> {
    const { maxItems = Number.POSITIVE_INFINITY, signal } = options;
    if (this.pageNumber !== 0) {
      throw new PaginationError(
        `fetchAll() collects a list from its first page, but this is page ${this.pageNumber}; call it on the page the list call returned.`,
      );
    }
    if (!(maxItems === Number.POSITIVE_INFINITY || (Number.isInteger(maxItems) && maxItems >= 0))) {
      throw new InvalidInputError(`maxItems must be a non-negative integer, got ${String(maxItems)}.`, {
        field: 'maxItems',
      });
    }
    signal?.throwIfAborted();
    const items: T[] = [];
    let page: Page<T> = this;
    for (;;) {
      const resources = page.resources;
      const count = Math.min(resources.length, maxItems - items.length);
      // A loop, not push(...resources): spreading a large array overflows the argument stack.
      for (let index = 0; index < count; index++) items.push(resources[index] as T);
      if (items.length >= maxItems || !page.hasMore()) return items;
      signal?.throwIfAborted();
      page = await followingPage(page, signal);
    }
  }

  /** The pages from this one on. See the item iterator for the rules on concurrency and retries. */
  pages(signal?: AbortSignal): AsyncIterableIterator<Page<T>> {
    return new PageIterator(this, followingPage, signal);
  }

  /**
   * A page of transformed resources whose following pages are transformed the same way, lazily
   * (used by providers to map provider models to the unified model, dropping some rows).
   */
  map<U>(transform: (resources: readonly T[], page: Page<T>) => readonly U[]): Page<U> {
    const fetchNext = this.#fetchNext;
    const pageNumber = this.pageNumber;
    return new Page<U>({
      resources: transform(this.resources, this),
      response: Page.#sharedResponse(this),
      pageNumber,
      // Holds the fetcher only, not this page, so that a mapped list streams as lightly as its source.
      fetchNext:
        fetchNext &&
        (async (signal) => Page.#numbered(await fetchNext(signal), pageNumber + 1).map(transform)),
    });
  }

  /**
   * The items from this page onward. One page is held at a time. Calls of `next()` are served in
   * order, so concurrent calls never fetch a page twice; when a page fetch fails, that `next()`
   * rejects and the following call fetches the page again, continuing right after the last item
   * yielded.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return new ItemIterator(this, followingPage);
  }

  #fetchFollowing(signal: AbortSignal | undefined): Promise<Page<T>> {
    const fetchNext = this.#fetchNext;
    if (fetchNext === undefined) {
      return Promise.reject(new PaginationError(`There is no page after page ${this.pageNumber}.`));
    }
    const pageNumber = this.pageNumber + 1;
    let fetched: Promise<Page<T>>;
    try {
      fetched = fetchNext(signal);
    } catch (error) {
      // A fetcher that throws instead of rejecting still fails as a promise.
      return Promise.reject(error);
    }
    return fetched.then((page) => Page.#numbered(page, pageNumber));
  }

  /** The response of `page`, for another page: still built once, on the first read of either. */
  static #sharedResponse<T>(page: Page<T>): () => Response {
    const cell = page.#response;
    return () => cell.get();
  }

  /** `page` carrying the number it has in its chain, so that an adapter's fetcher need not count. */
  static #numbered<T>(page: Page<T>, pageNumber: number): Page<T> {
    if (page.pageNumber === pageNumber) return page;
    return new Page({
      resources: page.resources,
      response: Page.#sharedResponse(page),
      pageNumber,
      fetchNext: page.#fetchNext,
    });
  }
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it is aborted, so that a
 * fetcher that ignores its signal cannot hold the caller. A failure of `promise` after an abort is
 * then reported as the abort.
 */
function abortable<V>(promise: Promise<V>, signal: AbortSignal): Promise<V> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<V>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? signal.reason : error);
      },
    );
  });
}
