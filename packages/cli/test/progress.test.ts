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
});
