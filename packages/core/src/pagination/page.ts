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
  /**
   * What identifies the next page, e.g. Bridge's `next_uri`. A listing that reaches a cursor it
   * already followed from another page (a server sending it round in a loop) ends with a
   * {@link PaginationError} instead of requesting the same pages again.
   */
  nextCursor?: string | undefined;
  /**
   * How many pages in a row may come without a single item while still pointing to a next page,
   * before the listing ends with a {@link PaginationError}. Read from the first page of a listing.
   * Default {@link DEFAULT_MAX_EMPTY_PAGES}.
   */
  maxEmptyPages?: number | undefined;
}

/**
 * The default run of item-less pages that still point to a next page which ends a listing. Bridge
 * may send an empty page in the middle of a list; a server that sends nothing but empty pages with
 * a cursor would otherwise be asked for more forever, even by `fetchAll({ maxItems: 1 })`.
 */
export const DEFAULT_MAX_EMPTY_PAGES = 10;

/** What a listing remembers along its chain of pages, to stop a server that sends it round in circles. */
interface ListingTrail {
  /** Each cursor followed, with the number of the page it was followed from. */
  readonly followed: Map<string, number>;
  readonly maxEmptyPages: number;
}

/** Where a page stands in its listing: what fetching the page after it needs, without its items. */
interface ChainPosition<T> {
  readonly fetchNext: FetchPage<T>;
  readonly pageNumber: number;
  readonly nextCursor: string | undefined;
  readonly trail: ListingTrail;
  readonly emptyRun: number;
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
  #nextCursor: string | undefined;
  #trail: ListingTrail;
  /** Pages in a row without items from the server, ending with this one. */
  #emptyRun: number;
  /** The fetcher already guards the listing (a page made by `map`, whose source's position does). */
  #guardedFetch = false;

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
    this.#nextCursor = init.nextCursor;
    this.#trail = { followed: new Map(), maxEmptyPages: maxEmptyPagesOf(init.maxEmptyPages) };
    this.#emptyRun = init.resources.length === 0 ? 1 : 0;
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
    // Holds this page's position only, not the page, so that a mapped list streams as lightly as
    // its source; the source's position guards the listing (the mapped rows may all be dropped).
    const position = this.#position();
    const mapped = new Page<U>({
      resources: transform(this.resources, this),
      response: Page.#sharedResponse(this),
      pageNumber: this.pageNumber,
      fetchNext: position && (async (signal) => (await Page.#follow(position, signal)).map(transform)),
    });
    mapped.#nextCursor = this.#nextCursor;
    mapped.#trail = this.#trail;
    mapped.#emptyRun = this.#emptyRun;
    mapped.#guardedFetch = true;
    return mapped;
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
    const position = this.#position();
    if (position === undefined) {
      return Promise.reject(new PaginationError(`There is no page after page ${this.pageNumber}.`));
    }
    if (!this.#guardedFetch) return Page.#follow(position, signal);
    const pageNumber = this.pageNumber + 1;
    return callFetcher(position.fetchNext, signal).then((page) => Page.#numbered(page, pageNumber));
  }

  #position(): ChainPosition<T> | undefined {
    const fetchNext = this.#fetchNext;
    if (fetchNext === undefined) return undefined;
    return {
      fetchNext,
      pageNumber: this.pageNumber,
      nextCursor: this.#nextCursor,
      trail: this.#trail,
      emptyRun: this.#emptyRun,
    };
  }

  /**
   * Fetches the page after `position`, guarding the listing: a cursor already followed from
   * another page, or one empty page too many in a row, ends it with a PaginationError. A cursor
   * followed again from the same page (a retry after a failure, a second walk of the list) is fine.
   */
  static #follow<T>(position: ChainPosition<T>, signal: AbortSignal | undefined): Promise<Page<T>> {
    const { nextCursor, trail, pageNumber } = position;
    if (nextCursor !== undefined) {
      const from = trail.followed.get(nextCursor);
      if (from !== undefined && from !== pageNumber) {
        return Promise.reject(
          new PaginationError(
            `The server sent the listing round in a loop: page ${pageNumber} points to the same next page as page ${from} did. ` +
              `The listing was stopped after ${pageNumber + 1} pages instead of requesting them again; the items received so far are not complete.`,
          ),
        );
      }
    }
    return callFetcher(position.fetchNext, signal).then((fetched) => {
      if (nextCursor !== undefined) trail.followed.set(nextCursor, pageNumber);
      const page = Page.#numbered(fetched, pageNumber + 1);
      page.#trail = trail;
      page.#emptyRun = page.resources.length === 0 ? position.emptyRun + 1 : 0;
      if (page.#emptyRun >= trail.maxEmptyPages && page.hasMore()) {
        throw new PaginationError(
          `The server sent ${page.#emptyRun} pages in a row without a single item, each pointing to yet another page (up to page ${page.pageNumber}). ` +
            `The listing was stopped there (maxEmptyPages is ${trail.maxEmptyPages}); raise maxEmptyPages if the provider legitimately sends that many empty pages.`,
        );
      }
      return page;
    });
  }

  /** The response of `page`, for another page: still built once, on the first read of either. */
  static #sharedResponse<T>(page: Page<T>): () => Response {
    const cell = page.#response;
    return () => cell.get();
  }

  /** `page` carrying the number it has in its chain, so that an adapter's fetcher need not count. */
  static #numbered<T>(page: Page<T>, pageNumber: number): Page<T> {
    if (page.pageNumber === pageNumber) return page;
    const numbered = new Page({
      resources: page.resources,
      response: Page.#sharedResponse(page),
      pageNumber,
      fetchNext: page.#fetchNext,
      nextCursor: page.#nextCursor,
    });
    numbered.#trail = page.#trail;
    numbered.#emptyRun = page.#emptyRun;
    numbered.#guardedFetch = page.#guardedFetch;
    return numbered;
  }
}

/** Calls an adapter's fetcher; one that throws instead of rejecting still fails as a promise. */
function callFetcher<T>(fetchNext: FetchPage<T>, signal: AbortSignal | undefined): Promise<Page<T>> {
  try {
    return fetchNext(signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

function maxEmptyPagesOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_EMPTY_PAGES;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidInputError(`maxEmptyPages must be a whole number >= 1, got ${String(value)}.`, {
      field: 'maxEmptyPages',
    });
  }
  return value;
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
