import type { ServerResponse } from 'node:http';
import { BankkitError, createHttpClient, HttpError, TimeoutError } from '@bankkit/core';
import nock from 'nock';
import { afterEach, describe, expect, test } from 'vitest';
import { BASE_URL, ORIGIN, recordingLogger, startServer, useNock } from './helpers.js';

useNock();

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server that sends its headers at once and the rest of the body `bodyDelayMs` later. */
async function slowBodyServer(bodyDelayMs: number) {
  const server = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.flushHeaders();
    response.write('{"resources":[');
    const timer = setTimeout(() => response.end('1]}'), bodyDelayMs);
    response.on('close', () => clearTimeout(timer));
  });
  servers.push(server);
  return server;
}

/** A server that accepts requests and never answers. */
async function silentServer() {
  const pending: ServerResponse[] = [];
  const server = await startServer((_request, response) => {
    pending.push(response);
  });
  servers.push(server);
  return server;
}

describe('the per-attempt time limit', () => {
  test('covers a body that arrives too slowly after prompt headers', async () => {
    const server = await slowBodyServer(2_000);
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 100,
      retry: false,
    });
    const started = performance.now();
    const error = await client.json({ path: 'transactions' }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(100);
    expect((error as TimeoutError).code).toBe('timeout');
    expect((error as Error).message).toContain(
      `GET ${server.url}/transactions did not complete within 100 ms`,
    );
    expect(server.hits()).toBe(1);
  });

  test('a body that arrives within the limit is read whole', async () => {
    const server = await slowBodyServer(30);
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url, timeoutMs: 2_000 });
    const result = await client.json({ path: 'transactions' });
    expect(result.data).toEqual({ resources: [1] });
  });

  test('covers a server that never sends headers', async () => {
    const server = await silentServer();
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 60,
      retry: false,
    });
    await expect(client.request({ path: 'x' })).rejects.toBeInstanceOf(TimeoutError);
  });

  test('applies per attempt: a timed-out GET is retried, each attempt with the full limit', async () => {
    const server = await slowBodyServer(2_000);
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 80,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    });
    const error = await client.request({ path: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain('after 3 attempts');
    expect(server.hits()).toBe(3);
  });

  test('a timed-out POST is not sent again', async () => {
    const server = await slowBodyServer(2_000);
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url, timeoutMs: 80 });
    const error = await client
      .request({ method: 'POST', path: 'payments', json: { amount: '1.00' } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/not repeated automatically/);
    expect(server.hits()).toBe(1);
  });

  test('a request can set its own limit', async () => {
    const server = await slowBodyServer(2_000);
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: server.url,
      timeoutMs: 30_000,
      retry: false,
    });
    const error = await client.request({ path: 'x', timeoutMs: 50 }).catch((e: unknown) => e);
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
    setTimeout(() => controller.abort(), 30);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(BankkitError);
    expect(server.hits()).toBe(1);
  });

  test("aborting while the body streams in rejects with the caller's own reason", async () => {
    const server = await slowBodyServer(5_000);
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url, timeoutMs: 5_000 });
    const controller = new AbortController();
    const reason = new Error('user pressed cancel');
    const pending = client.json({ path: 'x', signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
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
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, logger });
    const controller = new AbortController();
    const pending = client.request({ path: 'x', signal: controller.signal });
    await waiting;
    const started = performance.now();
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(500);
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
