import type { Writable } from 'node:stream';

/** A stream that may be a terminal. */
export type MaybeTty = Writable & { isTTY?: boolean; columns?: number };

const RENDER_INTERVAL_MS = 100;

/**
 * Progress of a long fetch (pages and items so far) on one self-updating line of stderr, only when
 * stderr is a terminal: redirected or piped output stays free of it, and stdout never gets any.
 */
export class Progress {
  readonly #stream: MaybeTty;
  readonly #enabled: boolean;
  readonly #label: string;
  #pages = 0;
  #items = 0;
  #lastRender = 0;
  #shown = false;

  constructor(stream: MaybeTty, label: string, options: { enabled?: boolean } = {}) {
    this.#stream = stream;
    this.#label = label;
    this.#enabled = options.enabled ?? stream.isTTY === true;
  }

  /** Pages fetched so far. */
  get pages(): number {
    return this.#pages;
  }

  /** Items received so far. */
  get items(): number {
    return this.#items;
  }

  /** Counts one fetched page of `items` items. */
  page(items: number): void {
    this.#pages += 1;
    this.#items += items;
    this.#render(false);
  }

  /** Removes the progress line, leaving the terminal as it was. */
  done(): void {
    if (this.#shown) this.#stream.write('\r\u001b[2K');
    this.#shown = false;
  }

  #render(force: boolean): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (!force && now - this.#lastRender < RENDER_INTERVAL_MS) return;
    this.#lastRender = now;
    const pages = `${this.#pages.toLocaleString('en-US')} page${this.#pages === 1 ? '' : 's'}`;
    const items = this.#items.toLocaleString('en-US');
    this.#stream.write(`\r\u001b[2K${this.#label}: ${pages}, ${items} items`);
    this.#shown = true;
  }
}
