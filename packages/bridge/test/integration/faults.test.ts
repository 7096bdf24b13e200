import { HttpError, RateLimitError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { useSandbox } from './sandbox.js';

const env = useSandbox();

const count = (method: string, path: string) => env.sandbox.requests.count({ method, path });

describe('Bridge faults against the sandbox', () => {
  it('retries a GET after 5xx and succeeds', async () => {
    const user = env.user();
    await user.renewAuth();
    env.sandbox.faults.set([
      { provider: 'bridge', method: 'GET', path: '/v2/accounts', kind: 'status', status: 503, times: 2 },
    ]);
    const page = await user.listAccounts();
    expect(page.resources.length).toBeGreaterThan(0);
    expect(count('GET', '/v2/accounts')).toBe(3);
  });

  it('retries a GET after 429 and succeeds', async () => {
    env.sandbox.faults.set([
      { provider: 'bridge', method: 'GET', path: '/v2/banks', kind: 'rate-limit', times: 1 },
    ]);
    const banks = await env.app().listBanks();
    expect(banks.resources.length).toBeGreaterThan(0);
    expect(count('GET', '/v2/banks')).toBe(2);
  });

  it('gives up after the retries with RateLimitError', async () => {
    env.sandbox.faults.set([{ provider: 'bridge', method: 'GET', path: '/v2/banks', kind: 'rate-limit' }]);
    await expect(env.app().listBanks()).rejects.toBeInstanceOf(RateLimitError);
    expect(count('GET', '/v2/banks')).toBe(3);
  });

  it('an HTML 502 from a proxy gives a typed HttpError after the retries', async () => {
    env.sandbox.faults.set([{ provider: 'bridge', path: '/v2/categories', kind: 'html', status: 502 }]);
    const error = await env
      .app()
      .listCategories()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 502 });
    expect(count('GET', '/v2/categories')).toBe(3);
  });

  it('never retries a POST: refreshItem and connectItem are sent once', async () => {
    const user = env.user();
    const [item] = (await user.listItems()).resources;
    if (!item) throw new Error('no item');
    env.sandbox.faults.set([
      { provider: 'bridge', method: 'POST', path: '/v2/*', kind: 'status', status: 503 },
    ]);
    await expect(user.refreshItem(item.id)).rejects.toBeInstanceOf(HttpError);
    await expect(user.connectItem({ prefillEmail: env.demo.email })).rejects.toBeInstanceOf(HttpError);
    expect(count('POST', `/v2/items/${item.id}/refresh`)).toBe(1);
    expect(count('POST', '/v2/connect/items/add')).toBe(1);
  });

  it('never retries a POST on 429 either', async () => {
    env.sandbox.faults.set([{ provider: 'bridge', method: 'POST', path: '/v2/users', kind: 'rate-limit' }]);
    await expect(
      env.app().createUser({ email: 'new@bankkit.dev', password: 'new-password' }),
    ).rejects.toBeInstanceOf(RateLimitError);
    expect(count('POST', '/v2/users')).toBe(1);
  });

  it('retries a GET on a reset connection', async () => {
    env.sandbox.faults.set([
      { provider: 'bridge', method: 'GET', path: '/v2/banks', kind: 'reset', times: 1 },
    ]);
    await expect(env.app().listBanks()).resolves.toBeDefined();
    expect(count('GET', '/v2/banks')).toBe(2);
  });
});
