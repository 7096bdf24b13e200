import type { Page } from './page.js';

/** Fetches the page after `page`, passing `signal` on. */
export type FollowPage = <T>(page: Page<T>, signal: AbortSignal | undefined) => Promise<Page<T>>;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Runs tasks one after the other: a task starts once the previous one settled, whether it
 * succeeded or failed. This is what keeps concurrent `next()` calls from fetching a page twice.
 */
class TaskQueue {
  #tail: Promise<unknown> | undefined;

  /** True when no task is running or waiting. */
  get idle(): boolean {
    return this.#tail === undefined;
  }

  run<R>(task: () => Promise<R>): Promise<R> {
    const previous = this.#tail;
    const result = previous ? previous.then(task, task) : task();
    this.#tail = result;
    const release = () => {
      if (this.#tail === result) this.#tail = undefined;
    };
    result.then(release, release);
    return result;
  }
}

/**
 * Pages from a first one on, holding only the last page yielded. A failed fetch rejects that one
 * `next()` and leaves the iterator where it was, so the next call fetches the same page again.
 */
export class PageIterator<T> implements AsyncIterableIterator<Page<T>> {
  #page: Page<T> | undefined;
  #started = false;
  readonly #queue = new TaskQueue();
  readonly #follow: FollowPage;
  readonly #signal: AbortSignal | undefined;

  constructor(first: Page<T>, follow: FollowPage, signal: AbortSignal | undefined) {
    this.#page = first;
    this.#follow = follow;
    this.#signal = signal;
  }

  next(): Promise<IteratorResult<Page<T>, undefined>> {
    return this.#queue.run(() => this.#step());
  }

  /** Stops the iteration (a `break` out of `for await`) and lets go of the current page. */
  return(): Promise<IteratorResult<Page<T>, undefined>> {
    this.#page = undefined;
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async #step(): Promise<IteratorResult<Page<T>, undefined>> {
    const page = this.#page;
    if (page === undefined) return DONE;
    this.#signal?.throwIfAborted();
    if (!this.#started) {
      this.#started = true;
      return { done: false, value: page };
    }
    if (!page.hasMore()) {
      this.#page = undefined;
      return DONE;
    }
    const next = await this.#follow(page, this.#signal);
    // return() was called while the page was on its way.
    if (this.#page !== page) return DONE;
    this.#page = next;
    return { done: false, value: next };
  }
}

/**
 * Items from a first page on, holding only the current page. Items of a page already fetched are
 * handed out without waiting on anything but the returned promise; crossing to the next page goes
 * through the queue, so concurrent calls stay in order and fetch each page once. A failed fetch
 * rejects that one `next()`; the next call fetches the page again and continues after the last
 * item yielded.
 */
export class ItemIterator<T> implements AsyncIterableIterator<T> {
  #page: Page<T> | undefined;
  #items: readonly T[];
  #index = 0;
  readonly #queue = new TaskQueue();
  readonly #follow: FollowPage;

  constructor(first: Page<T>, follow: FollowPage) {
    this.#page = first;
    this.#items = first.resources;
    this.#follow = follow;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#queue.idle && this.#index < this.#items.length) {
      return Promise.resolve({ done: false, value: this.#items[this.#index++] as T });
    }
    return this.#queue.run(() => this.#step());
  }

  /** Stops the iteration (a `break` out of `for await`) and lets go of the current page. */
  return(): Promise<IteratorResult<T, undefined>> {
    this.#finish();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async #step(): Promise<IteratorResult<T, undefined>> {
    // A loop, because a page may be empty (a mapped page whose rows were all dropped).
    for (;;) {
      if (this.#index < this.#items.length) {
        return { done: false, value: this.#items[this.#index++] as T };
      }
      const page = this.#page;
      if (page === undefined || !page.hasMore()) {
        this.#finish();
        return DONE;
      }
      const next = await this.#follow(page, undefined);
      // return() was called while the page was on its way.
      if (this.#page !== page) return DONE;
      this.#page = next;
      this.#items = next.resources;
      this.#index = 0;
    }
  }

  #finish(): void {
    this.#page = undefined;
    this.#items = [];
    this.#index = 0;
  }
}
