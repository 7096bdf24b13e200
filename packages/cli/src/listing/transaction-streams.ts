import type { BankingProvider, Transaction, TransactionQuery } from '@bankkit/core';

/** Called with each page as it arrives (for progress and the demo's page count). */
export type PageListener = (items: number) => void;

/**
 * A provider's transactions as one stream, a page at a time: the next page is fetched only when the
 * consumer has taken the previous one, so memory stays flat however long the history.
 */
export async function* providerTransactions(
  provider: BankingProvider,
  query: TransactionQuery,
  onPage: PageListener,
): AsyncGenerator<Transaction> {
  // Only the iterator keeps the current page: holding the first one would keep every page it led to.
  const pages = (await provider.listTransactions(query)).pages(query.signal);
  for await (const page of pages) {
    onPage(page.resources.length);
    yield* page.resources;
  }
}

/**
 * Merges per-provider streams that are each newest first into one newest-first stream, holding one
 * transaction per provider. Same-day transactions keep the providers' order.
 */
export async function* mergeNewestFirst(
  streams: readonly AsyncIterable<Transaction>[],
): AsyncGenerator<Transaction> {
  const iterators = streams.map((stream) => stream[Symbol.asyncIterator]());
  try {
    const heads = await Promise.all(iterators.map((iterator) => iterator.next()));
    while (true) {
      let newest = -1;
      for (let index = 0; index < heads.length; index += 1) {
        const head = heads[index];
        if (!head || head.done) continue;
        const current = newest >= 0 ? heads[newest] : undefined;
        if (!current || current.done || head.value.bookingDate > current.value.bookingDate) newest = index;
      }
      const chosen = heads[newest];
      const iterator = iterators[newest];
      if (!chosen || chosen.done || !iterator) return;
      yield chosen.value;
      heads[newest] = await iterator.next();
    }
  } finally {
    await Promise.all(iterators.map((iterator) => iterator.return?.()));
  }
}

/**
 * Keeps the `limit` newest transactions seen, for "latest N" views, without holding the rest:
 * works whether or not a provider's order is strictly by date. Transactions booked after `until`
 * (future-dated ones, such as Bridge's `is_future` rows) are counted but not kept.
 */
export class LatestTransactions {
  readonly #limit: number;
  readonly #until: string | undefined;
  readonly #items: Transaction[] = [];
  /** How many were offered in all. */
  seen = 0;
  /** How many were left out for being dated after `until`. */
  later = 0;

  /**
   * @param limit - How many to keep.
   * @param until - Last booking date (`YYYY-MM-DD`) kept; every date when omitted.
   */
  constructor(limit: number, until?: string) {
    this.#limit = limit;
    this.#until = until;
  }

  /** Offers one transaction. */
  add(transaction: Transaction): void {
    this.seen += 1;
    if (this.#until !== undefined && transaction.bookingDate > this.#until) {
      this.later += 1;
      return;
    }
    const items = this.#items;
    if (items.length === this.#limit && !isNewer(transaction, items[items.length - 1])) return;
    let index = items.length;
    while (index > 0 && isNewer(transaction, items[index - 1])) index -= 1;
    items.splice(index, 0, transaction);
    if (items.length > this.#limit) items.pop();
  }

  /** The newest ones, newest first. */
  get items(): readonly Transaction[] {
    return this.#items;
  }
}

function isNewer(candidate: Transaction, than: Transaction | undefined): boolean {
  return than === undefined || candidate.bookingDate > than.bookingDate;
}
