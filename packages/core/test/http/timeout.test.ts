import type { ServerResponse } from 'node:http';
import { BankkitError, createHttpClient, HttpError, TimeoutError } from '@bankkit/core';
import nock from 'nock';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { BASE_URL, ORIGIN, recordingLogger, startServer, useNock } from './helpers.js';

useNock();

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/*
 * No test here races a time limit against a real socket (issue 10, item 9): the attempt's time
 * limit runs on fake timers, and the tests wait for the events themselves (the server saw the
 * request, the response headers arrived) before moving the fake clock past the limit. Sockets
 * keep working on real I/O meanwhile.
 */
function fakeDeadlines(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
}

/** Resolves each time a response's headers reach the client (an HTTP hook). */
function headersArrivals() {
  let arrived = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    hooks: {
      afterResponse: () => {
        arrived++;
        for (const waiter of waiters.splice(0)) {
          if (arrived >= waiter.count) waiter.resolve();
          else waiters.push(waiter);
        }
      },
    },
    /** Resolves once `count` responses' headers have arrived. */
    until: (count: number) =>
      arrived >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
  };
}

/**
 * A server that sends its headers and the start of the body at once, and the rest only when
 * `finish()` is called (or never). `received(n)` resolves once n requests have reached it.
 */
async function slowBodyServer() {
  const open: ServerResponse[] = [];
  const arrivals: Array<{ count: number; resolve: () => void }> = [];
  let seen = 0;
  const server = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.flushHeaders();
    response.write('{"resources":[');
    open.push(response);
    seen++;
    for (const waiter of arrivals.splice(0)) {
      if (seen >= waiter.count) waiter.resolve();
      else arrivals.push(waiter);
    }
  });
  servers.push(server);
  return {
    ...server,
    received: (count: number) =>
      seen >= count ? Promise.resolve() : new Promise<void>((resolve) => arrivals.push({ count, resolve })),
    finish: () => {
      for (const response of open.splice(0)) response.end('1]}');
    },
  };
}

/** A server that accepts requests and never answers; `received(n)` as above. */
async function silentServer() {
  const pending: ServerResponse[] = [];
  const arrivals: Array<{ count: number; resolve: () => void }> = [];
  const server = await startServer((_request, response) => {
    pending.push(response);
    for (const waiter of arrivals.splice(0)) {
      if (pending.length >= waiter.count) waiter.resolve();
      else arrivals.push(waiter);
    }
  });
  servers.push(server);
  return {
    ...server,
    received: (count: number) =>
      pending.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => arrivals.push({ count, resolve })),
  };
}

describe('the per-attempt time limit', () => {
  test('covers a body that arrives too slowly after prompt headers', async () => {
    fakeDeadlines();
    const server = await slowBodyServer();
    const headers = headersArrivals();
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 100,
      retry: false,
      hooks: headers.hooks,
    });
    const pending = client.json({ path: 'transactions' }).catch((e: unknown) => e);
    await headers.until(1);
    await vi.advanceTimersByTimeAsync(100);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(100);
    expect((error as TimeoutError).code).toBe('timeout');
    expect((error as Error).message).toContain(
      `GET ${server.url}/transactions did not complete within 100 ms`,
    );
    expect(server.hits()).toBe(1);
  });

  test('a body that arrives within the limit is read whole', async () => {
    const server = await slowBodyServer();
    const headers = headersArrivals();
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 2_000,
      hooks: headers.hooks,
    });
    const pending = client.json({ path: 'transactions' });
    await headers.until(1);
    server.finish();
    expect((await pending).data).toEqual({ resources: [1] });
  });

  test('covers a server that never sends headers', async () => {
    fakeDeadlines();
    const server = await silentServer();
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 60,
      retry: false,
    });
    const pending = client.request({ path: 'x' }).catch((e: unknown) => e);
    await server.received(1);
    await vi.advanceTimersByTimeAsync(60);
    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  test('applies per attempt: a timed-out GET is retried, each attempt with the full limit', async () => {
    fakeDeadlines();
    const server = await slowBodyServer();
    const headers = headersArrivals();
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 80,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
      hooks: headers.hooks,
    });
    const pending = client.request({ path: 'x' }).catch((e: unknown) => e);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await headers.until(attempt);
      // The limit, then the backoff before the next attempt (at most 2 ms).
      await vi.advanceTimersByTimeAsync(80);
      await vi.advanceTimersByTimeAsync(2);
    }
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain('after 3 attempts');
    expect(server.hits()).toBe(3);
  });

  test('a timed-out POST is not sent again', async () => {
    fakeDeadlines();
    const server = await slowBodyServer();
    const headers = headersArrivals();
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 80,
      hooks: headers.hooks,
    });
    const pending = client
      .request({ method: 'POST', path: 'payments', json: { amount: '1.00' } })
      .catch((e: unknown) => e);
    await headers.until(1);
    await vi.advanceTimersByTimeAsync(80);
    // Long enough for any retry's backoff to have run out, had there been one.
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/not repeated automatically/);
    expect(server.hits()).toBe(1);
  });

  test('a request can set its own limit', async () => {
    fakeDeadlines();
    const server = await slowBodyServer();
    const headers = headersArrivals();
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 30_000,
      retry: false,
      hooks: headers.hooks,
    });
    const pending = client.request({ path: 'x', timeoutMs: 50 }).catch((e: unknown) => e);
    await headers.until(1);
    await vi.advanceTimersByTimeAsync(50);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
  });

  test('must be a positive number', () => {
    expect(() => createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, timeoutMs: 0 })).toThrow(
      /timeoutMs/,
    );
    expect(() =>
      createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, timeoutMs: Number.NaN }),
    ).toThrow(/timeoutMs/);
  });
});

describe("the caller's AbortSignal", () => {
  test('aborting while waiting for headers rejects with an AbortError, not a TimeoutError', async () => {
    const server = await silentServer();
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url, timeoutMs: 5_000 });
    const controller = new AbortController();
    const pending = client.request({ path: 'x', signal: controller.signal });
    await server.received(1);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(BankkitError);
    expect(server.hits()).toBe(1);
  });

  test("aborting while the body streams in rejects with the caller's own reason", async () => {
    const server = await slowBodyServer();
    const headers = headersArrivals();
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 5_000,
      hooks: headers.hooks,
    });
    const controller = new AbortController();
    const reason = new Error('user pressed cancel');
    const pending = client.json({ path: 'x', signal: controller.signal });
    await headers.until(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  test('an already aborted signal sends nothing', async () => {
    const server = await silentServer();
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url });
    const reason = new DOMException('gone', 'AbortError');
    await expect(client.request({ path: 'x', signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.hits()).toBe(0);
  });

  test('aborting during the wait before a retry ends it at once', async () => {
    const { logger } = recordingLogger();
    const waiting = new Promise<void>((resolve) => {
      logger.warn = () => resolve();
    });
    let hits = 0;
    nock(ORIGIN)
      .get('/personal/banking/x')
      .times(2)
      .reply(() => {
        hits++;
        return [503, '', { 'Retry-After': '30' }];
      });
    // The 30 s wait runs on a fake clock that never moves: the call can only end through the abort.
    fakeDeadlines();
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, logger });
    const controller = new AbortController();
    const pending = client.request({ path: 'x', signal: controller.signal });
    await waiting;
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(HttpError);
    expect(hits).toBe(1);
  });

  test('a long-lived signal is not left holding listeners after requests end', async () => {
    nock(ORIGIN).get('/personal/banking/x').times(20).reply(200, 'ok');
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL });
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners++;
      add(...args);
    }) as typeof add;
    controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners--;
      remove(...args);
    }) as typeof remove;
    for (let i = 0; i < 20; i++) await client.request({ path: 'x', signal: controller.signal });
    expect(listeners).toBe(0);
  });
});
