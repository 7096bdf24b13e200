import type { Writable } from 'node:stream';
import type { PacingWait } from '@bankkit/core';

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
  #waiting: string | undefined;

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
    this.#waiting = undefined;
    this.#render(false);
  }

  /** Shows a wait for a rate-limit slot on the line, until the next page; false when no line is shown. */
  waiting(wait: PacingWait): boolean {
    if (!this.#enabled) return false;
    this.#waiting = `waiting ${Math.ceil(wait.waitMs / 1000)} s for ${wait.provider}'s rate limit (${wait.limit})`;
    this.#render(true);
    return true;
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
    const waiting = this.#waiting ? `, ${this.#waiting}` : '';
    this.#stream.write(`\r\u001b[2K${this.#label}: ${pages}, ${items} items${waiting}`);
    this.#shown = true;
  }
}
