import type { Socket } from 'node:net';
import { createHttpClient, InvalidInputError, NetworkError } from '@bankkit/core';
import { afterEach, describe, expect, test } from 'vitest';
import { startServer } from './helpers.js';

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

type Fault = 'reset' | 'cut-body' | 'ok';

/** A real server that answers each request with the next fault of `plan` (then `ok`). */
async function faultyServer(plan: Fault[]) {
  const faults = [...plan];
  const server = await startServer((request, response) => {
    const fault = faults.shift() ?? 'ok';
    request.resume();
    if (fault === 'reset') {
      (request.socket as Socket).destroy();
    } else if (fault === 'cut-body') {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"resources":[{"id":1},');
      setTimeout(() => (request.socket as Socket).destroy(), 10);
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    }
  });
  servers.push(server);
  return server;
}

const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 4 };

describe('network failures', () => {
  test('a GET whose connection is reset is retried and succeeds', async () => {
    const server = await faultyServer(['reset']);
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url, retry: FAST_RETRY });
    await expect(client.json({ path: 'accounts' })).resolves.toMatchObject({ data: { ok: true } });
    expect(server.hits()).toBe(2);
  });

  test('a GET whose body is cut mid-way is retried and succeeds', async () => {
    const server = await faultyServer(['cut-body', 'reset']);
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url, retry: FAST_RETRY });
    await expect(client.json({ path: 'accounts' })).resolves.toMatchObject({ data: { ok: true } });
    expect(server.hits()).toBe(3);
  });

  test('a body cut on every attempt ends as a NetworkError after the last attempt', async () => {
    const server = await faultyServer(['cut-body', 'cut-body', 'cut-body']);
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url, retry: FAST_RETRY });
    const error = await client.json({ path: 'accounts' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('network_error');
    expect((error as Error).message).toContain(
      `GET ${server.url}/accounts failed at the network level after 3 attempts`,
    );
    expect((error as Error).message).toMatch(/terminated/);
    expect(server.hits()).toBe(3);
  });

  test.each(['reset', 'cut-body'] as const)('a POST that meets a %s is sent exactly once', async (fault) => {
    const server = await faultyServer([fault, fault, fault]);
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url, retry: FAST_RETRY });
    const error = await client
      .request({ method: 'POST', path: 'payments', json: { amount: '5.00' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).requestSent).toBe(true);
    expect((error as Error).message).toMatch(/not repeated automatically/);
    expect(server.hits()).toBe(1);
  });

  test('a POST marked idempotent is retried after a reset', async () => {
    const server = await faultyServer(['reset']);
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url, retry: FAST_RETRY });
    await client.request({ method: 'POST', path: 'search', json: {}, idempotent: true });
    expect(server.hits()).toBe(2);
  });

  test('a refused connection is a NetworkError naming the cause', async () => {
    const server = await faultyServer([]);
    const { url } = server;
    await server.close();
    const client = createHttpClient({ provider: 'testbank', baseUrl: url, retry: FAST_RETRY });
    const error = await client.request({ path: 'accounts' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as NetworkError).requestSent).toBe(false);
  });

  test('a POST whose connection is refused says the server never saw it', async () => {
    const server = await faultyServer([]);
    const { url } = server;
    await server.close();
    const client = createHttpClient({ provider: 'testbank', baseUrl: url, retry: FAST_RETRY });
    const error = await client
      .request({ method: 'POST', path: 'payments', json: { amount: '5.00' } })
      .catch((e: unknown) => e);
    expect((error as NetworkError).requestSent).toBe(false);
    expect((error as Error).message).not.toMatch(/check its outcome/);
  });

  test('a header fetch cannot send is refused as input before anything goes out, not as a network error', async () => {
    const server = await faultyServer([]);
    const client = createHttpClient({ provider: 'testbank', baseUrl: server.url, retry: FAST_RETRY });
    const error = await client
      .request({ path: 'accounts', headers: { 'X-Note': 'line one\nline two' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/could not build the GET request/);
    expect(server.hits()).toBe(0);
  });
});
