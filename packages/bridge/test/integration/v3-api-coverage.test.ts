import { AuthenticationError, HttpError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { AppClient, BridgeProvider } from '../../src/v3/index.js';
import { useV3Sandbox } from './v3-sandbox.js';

const h = useV3Sandbox();

describe('v3 AppClient against the sandbox', () => {
  it('creates, reads, lists and deletes a user by external id', async () => {
    const app = h.app();
    const created = await app.createUser({ externalUserId: 'customer-v3-1' });
    expect(created.external_user_id).toBe('customer-v3-1');
    expect(created.response.status).toBe(201);

    const fetched = await app.getUser(created.uuid);
    expect(fetched.uuid).toBe(created.uuid);
    const all = await (await app.listUsers({ limit: 1 })).fetchAll();
    expect(all.map((u) => u.uuid)).toContain(created.uuid);

    await app.deleteUser(created.uuid);
    await expect(app.getUser(created.uuid)).rejects.toMatchObject({ status: 404, providerCode: 'not_found' });
  });

  it('a duplicate external id is a 409 HttpError with the code and property', async () => {
    const app = h.app();
    await app.createUser({ externalUserId: 'dup-1' });
    const error = await app.createUser({ externalUserId: 'dup-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 409, providerCode: 'conflict' });
    expect((error as HttpError).providerMessage).toContain('external_user_id');
  });

  it('creates an authorization token (201, two hours) by uuid and by external id', async () => {
    const app = h.app();
    const byUuid = await app.createAuthorizationToken({ userUuid: h.demoUuid });
    expect(byUuid.response.status).toBe(201);
    expect(byUuid.user.uuid).toBe(h.demoUuid);
    const lifetime = Date.parse(byUuid.expires_at) - h.sandbox.clock.nowMs();
    // The sandbox clock runs in real time: the token was issued a moment before `now()`.
    expect(lifetime).toBeLessThanOrEqual(2 * 3600_000);
    expect(lifetime).toBeGreaterThan(2 * 3600_000 - 60_000);

    const user = await app.createUser({ externalUserId: 'token-by-external' });
    const byExternal = await app.createAuthorizationToken({ externalUserId: 'token-by-external' });
    expect(byExternal.user.uuid).toBe(user.uuid);
  });

  it('lists providers with filters, over pages, and reads one', async () => {
    const app = h.app();
    const providers = await (
      await app.listProviders({ countryCode: 'FR', capabilities: 'aggregation', limit: 2 })
    ).fetchAll();
    expect(providers.length).toBeGreaterThan(0);
    for (const provider of providers) {
      expect(provider.country_code).toBe('FR');
      expect(provider.capabilities).toContain('aggregation');
    }
    const [first] = providers;
    if (!first) throw new Error('no provider');
    expect((await app.getProvider(first.id)).name).toBe(first.name);
  });

  it('lists categories and reads one', async () => {
    const app = h.app();
    const [parent] = (await app.listCategories({ language: 'en' })).resources;
    if (!parent) throw new Error('no category');
    const child = (parent.categories as { id: number }[] | undefined)?.[0];
    const category = await app.getCategory(child?.id ?? parent.id);
    expect(category.id).toBe(child?.id ?? parent.id);
  });

  it('wrong app credentials are an AuthenticationError with invalid_client_credentials', async () => {
    const { bridge } = h.sandbox;
    const app = new AppClient({
      clientId: bridge.clientId,
      clientSecret: 'wrong-secret-123456',
      baseUrl: bridge.baseUrl,
    });
    const error = await app.listProviders().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, providerCode: 'invalid_client_credentials' });
  });
});

describe('v3 UserClient against the sandbox', () => {
  it('reads items, accounts and transactions (every page), one of each by id', async () => {
    const user = h.user();
    const items = await (await user.listItems()).fetchAll();
    expect(items.length).toBeGreaterThan(0);
    const [item] = items;
    if (!item) throw new Error('no item');
    expect((await user.getItem(item.id)).id).toBe(item.id);

    const accounts = await (await user.listAccounts({ itemId: item.id })).fetchAll();
    expect(accounts.length).toBeGreaterThan(0);
    for (const account of accounts) expect(account.item_id).toBe(item.id);
    const [account] = accounts;
    if (!account) throw new Error('no account');
    expect((await user.getAccount(account.id)).id).toBe(account.id);

    const page = await user.listTransactions({ limit: 20 });
    expect(page.hasMore()).toBe(true);
    const all = await page.fetchAll();
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);

    const rows = await (await user.listTransactions({ accountId: account.id, limit: 5 })).fetchAll();
    expect(rows).toEqual(all.filter((r) => r.account_id === account.id));
    const [row] = rows;
    if (!row) throw new Error('no row');
    expect((await user.getTransaction(row.id)).id).toBe(row.id);
  });

  it('bounds transactions by date with min_date / max_date', async () => {
    const user = h.user();
    const all = await (await user.listTransactions({ limit: 500 })).fetchAll();
    const dates = all.map((r) => r.date).sort();
    const middle = dates[Math.floor(dates.length / 2)] as string;
    const bounded = await (
      await user.listTransactions({ minDate: middle, maxDate: middle, limit: 500 })
    ).fetchAll();
    expect(bounded.length).toBeGreaterThan(0);
    for (const row of bounded) expect(row.date).toBe(middle);
  });

  it('creates a connect session, completes it, and sees the new item with the callback parameters', async () => {
    const app = h.app();
    const created = await app.createUser({ externalUserId: 'connect-flow-1' });
    const user = h.user({ userUuid: undefined, externalUserId: 'connect-flow-1' } as never);
    const session = await user.createConnectSession({
      userEmail: 'jane@example.com',
      countryCode: 'FR',
      callbackUrl: 'https://app.example.com/bridge/callback',
      context: 'flow-1',
      accountTypes: 'payment',
    });
    expect(session.response.status).toBe(201);
    expect(session.url).toContain(session.id);

    const done = h.sandbox.bridge.v3.completeConnectSession(session.url);
    const callback = new URL(done.callbackUrl ?? '');
    expect(Object.fromEntries(callback.searchParams)).toMatchObject({
      user_uuid: created.uuid,
      item_id: String(done.itemId),
      success: 'true',
      context: 'flow-1',
    });
    const items = await (await user.listItems()).fetchAll();
    expect(items.map((i) => i.id)).toEqual([done.itemId]);

    await user.deleteItem(done.itemId as number);
    expect(await (await user.listItems()).fetchAll()).toEqual([]);
  });

  it('creates a user-management session', async () => {
    const session = await h.user().createUserManagementSession({
      callbackUrl: 'https://app.example.com/manage',
      context: 'manage-1',
    });
    expect(session.url).toMatch(/^http/);
  });

  it('a missing item is a 404 HttpError with not_found', async () => {
    const error = await h
      .user()
      .getItem(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 404, providerCode: 'not_found' });
  });

  it('BridgeProvider gives unified accounts and transactions', async () => {
    const provider = new BridgeProvider(h.user());
    const accounts = await provider.listAccounts();
    expect(accounts.length).toBeGreaterThan(0);
    for (const account of accounts) {
      expect(account.balance.amount).toMatch(/^-?\d+\.\d{2}$/);
      expect(account.availableBalance?.amount).toMatch(/^-?\d+\.\d{2}$/);
    }
    const [account] = accounts;
    if (!account) throw new Error('no account');
    const rows = await (await provider.listTransactions({ accountIds: [account.id] })).fetchAll();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.accountId).toBe(account.id);
      expect(row.bookingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('the balance fallback: an account without accounting/instant balances uses balance', async () => {
    const user = h.user();
    const [account] = (await user.listAccounts()).resources;
    if (!account) throw new Error('no account');
    h.sandbox.bridge.v3.hideBalances(Number(account.id), { accounting: true, instant: true });
    const raw = await user.getAccount(account.id);
    expect(raw.accounting_balance).toBeUndefined();
    expect(raw.instant_balance).toBeUndefined();
    const unified = (await new BridgeProvider(user).listAccounts()).find((a) => a.id === String(account.id));
    expect(unified?.balance.amount).toBe(unified?.availableBalance?.amount);
  });
});
