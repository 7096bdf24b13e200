import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Progress } from '../src/progress.js';

function fakeStream(isTTY: boolean): { stream: Writable & { isTTY: boolean }; written: () => string } {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        text += String(chunk);
        callback();
      },
    }),
    { isTTY },
  );
  return { stream, written: () => text };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Progress', () => {
  it('shows pages and items on one self-updating stderr line when it is a terminal', () => {
    vi.useFakeTimers();
    const { stream, written } = fakeStream(true);
    const progress = new Progress(stream, 'Fetching transactions');
    progress.page(500);
    vi.advanceTimersByTime(150);
    progress.page(500);
    vi.advanceTimersByTime(150);
    progress.page(234);
    expect(written()).toContain('\r\u001b[2KFetching transactions: 1 page, 500 items');
    expect(written()).toContain('\r\u001b[2KFetching transactions: 3 pages, 1,234 items');
    expect(written()).not.toContain('\n');
    progress.done();
    expect(written().endsWith('\r\u001b[2K')).toBe(true);
    expect(progress.pages).toBe(3);
    expect(progress.items).toBe(1_234);
  });

  it('redraws at most every 100 ms however fast pages come', () => {
    vi.useFakeTimers();
    const { stream, written } = fakeStream(true);
    const progress = new Progress(stream, 'Fetching');
    for (let page = 0; page < 1_000; page += 1) progress.page(1);
    expect(written().split('\r').length - 1).toBe(1);
  });

  it('writes nothing when stderr is not a terminal, but still counts', () => {
    const { stream, written } = fakeStream(false);
    const progress = new Progress(stream, 'Fetching transactions');
    progress.page(50);
    progress.page(50);
    progress.done();
    expect(written()).toBe('');
    expect(progress.pages).toBe(2);
    expect(progress.items).toBe(100);
  });

  it('shows a wait for a rate-limit slot until the next page, and reports when it cannot show it', () => {
    vi.useFakeTimers();
    const { stream, written } = fakeStream(true);
    const progress = new Progress(stream, 'Fetching transactions');
    progress.page(500);
    const wait = {
      provider: 'bridge',
      limit: 'per user: 60 requests / 1 min',
      waitMs: 41_200,
      method: 'GET',
      endpoint: 'https://api.bridgeapi.io/v2/transactions',
    };
    expect(progress.waiting(wait)).toBe(true);
    expect(written()).toContain(
      "\r\u001b[2KFetching transactions: 1 page, 500 items, waiting 42 s for bridge's rate limit (per user: 60 requests / 1 min)",
    );
    vi.advanceTimersByTime(150);
    progress.page(500);
    expect(written().endsWith('\r\u001b[2KFetching transactions: 2 pages, 1,000 items')).toBe(true);
    expect(new Progress(fakeStream(false).stream, 'Fetching').waiting(wait)).toBe(false);
  });
});
