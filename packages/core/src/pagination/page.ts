/** Fetches the page after the current one. Adapters build it from a cursor (`next_uri`) or leave it out. */
export type FetchPage<T> = (signal?: AbortSignal) => Promise<Page<T>>;

/** What an adapter passes to build a {@link Page}. */
export interface PageInit<T> {
  resources: readonly T[];
  /** The raw HTTP response of this page; its body must still be readable. */
  response: Response;
  /** 0 for the first page. */
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
 * One page of a list: awaitable data (`resources`), explicit paging (`hasMore()`, `nextPage()`),
 * everything at once (`fetchAll()`), and streaming (`for await (const item of page)`, `pages()`)
 * holding one page in memory at a time.
 */
export class Page<T> implements AsyncIterable<T> {
  readonly resources: readonly T[];
  readonly response: Response;
  readonly pageNumber: number;

  constructor(init: PageInit<T>) {
    this.resources = init.resources;
    this.response = init.response;
    this.pageNumber = init.pageNumber ?? 0;
    throw new Error('not implemented');
  }

  /** A list that has only this page (SpareBank 1 transactions have no pagination). */
  static single<T>(_resources: readonly T[], _response: Response): Page<T> {
    throw new Error('not implemented');
  }

  /** True when there is a page after this one. */
  hasMore(): boolean {
    throw new Error('not implemented');
  }

  /** The next page. @throws PaginationError when there is none. */
  nextPage(_signal?: AbortSignal): Promise<Page<T>> {
    throw new Error('not implemented');
  }

  /** Every item from this (first) page on, in server order. @throws PaginationError when this is not the first page. */
  fetchAll(_options?: FetchAllOptions): Promise<T[]> {
    throw new Error('not implemented');
  }

  /** The pages from this one on. */
  pages(_signal?: AbortSignal): AsyncIterableIterator<Page<T>> {
    throw new Error('not implemented');
  }

  /**
   * A page of transformed resources whose following pages are transformed the same way, lazily
   * (used by providers to map provider models to the unified model, dropping some rows).
   */
  map<U>(_transform: (resources: readonly T[], page: Page<T>) => readonly U[]): Page<U> {
    throw new Error('not implemented');
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    throw new Error('not implemented');
  }
}
