import { HttpError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { BridgeProvider, DELETE_USER_PLACEHOLDER_PASSWORD } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const env = useSandbox({ bridge: { realisticNulls: true, users: 2 } });

describe('every AppClient method against the sandbox', () => {
  it('banks: list with filters, one bank, connector status', async () => {
    const app = env.app();
    const all = await (await app.listBanks()).fetchAll();
    const french = await (
      await app.listBanks({ countries: 'fr', capabilities: ['ais'], limit: 3 })
    ).fetchAll();
    expect(french.length).toBeGreaterThan(0);
    expect(french.length).toBeLessThanOrEqual(all.length);
    for (const bank of french) {
      expect(bank.country_code.toLowerCase()).toBe('fr');
      expect(bank.capabilities).toContain('ais');
    }
    const [first] = french;
    if (!first) throw new Error('no bank');
    const bank = await app.getBank(first.id);
    expect(bank).toEqual(first);
    expect(await bank.response.json()).toEqual(first);
    const status = await app.getBankConnectorsStatus();
    expect(Array.isArray(status)).toBe(true);
    expect(status.response.status).toBe(200);
  });

  it('users: create (409 on a duplicate), get, authenticate, update email and password, delete', async () => {
    const app = env.app();
    const created = await app.createUser({ email: 'alice@bankkit.dev', password: 'alice-password' });
    expect(created.email).toBe('alice@bankkit.dev');
    await expect(
      app.createUser({ email: 'alice@bankkit.dev', password: 'alice-password' }),
    ).rejects.toMatchObject({
      status: 409,
      providerCode: 'conflict',
    });
    expect(await app.getUser(created.uuid)).toEqual(created);

    const auth = await app.authenticateUser({ email: 'alice@bankkit.dev', password: 'alice-password' });
    expect(auth.user.uuid).toBe(created.uuid);

    const renamed = await app.updateUserEmail(created.uuid, {
      password: 'alice-password',
      newEmail: 'alice2@bankkit.dev',
    });
    expect(renamed.email).toBe('alice2@bankkit.dev');
    await app.updateUserPassword(created.uuid, {
      currentPassword: 'alice-password',
      newPassword: 'alice-password-2',
    });
    await expect(
      app.authenticateUser({ email: 'alice2@bankkit.dev', password: 'alice-password-2' }),
    ).resolves.toBeDefined();

    await app.deleteUser(created.uuid, { password: 'alice-password-2' });
    await expect(app.getUser(created.uuid)).rejects.toMatchObject({ status: 404 });
  });

  it('deleteUser without a password sends the placeholder, which Bridge accepts', async () => {
    const app = env.app();
    const created = await app.createUser({ email: 'bob@bankkit.dev', password: 'bob-password' });
    expect(DELETE_USER_PLACEHOLDER_PASSWORD.length).toBeGreaterThanOrEqual(6);
    await app.deleteUser(created.uuid);
    await expect(app.getUser(created.uuid)).rejects.toBeInstanceOf(HttpError);
  });

  it('deleteAllUsers removes every user', async () => {
    const app = env.app();
    await app.deleteAllUsers();
    expect((await app.listUsers()).resources).toEqual([]);
  });

  it('categories: localised names, generatedAt, one category', async () => {
    const app = env.app();
    const en = await app.listCategories({ language: 'en' });
    const fr = await app.listCategories({ language: 'fr' });
    expect(en.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(en.resources.map((c) => c.id)).toEqual(fr.resources.map((c) => c.id));
    expect(en.resources.map((c) => c.name)).not.toEqual(fr.resources.map((c) => c.name));
    const child = en.resources[0]?.categories[0];
    if (!child) throw new Error('no category');
    const category = await app.getCategory(child.id, { language: 'en' });
    expect(category).toMatchObject({ id: child.id, name: child.name, parent_id: en.resources[0]?.id });
  });
});

describe('every UserClient method against the sandbox (realistic nulls)', () => {
  it('email validation, items, refresh, accounts, transactions, stocks', async () => {
    const user = env.user();
    expect((await user.getEmailValidation()).name).toBe('email');

    const [item] = (await user.listItems({ language: 'fr' })).resources;
    if (!item) throw new Error('no item');
    expect(await user.getItem(item.id)).toMatchObject({ id: item.id });
    await user.refreshItem(item.id);
    let status = await user.getItemRefreshStatus(item.id);
    for (let poll = 0; poll < 5 && status.status !== 'finished'; poll++)
      status = await user.getItemRefreshStatus(item.id);
    expect(status.status).toBe('finished');

    const accounts = await (await user.listAccounts()).fetchAll();
    const loan = accounts.find((a) => a.type === 'loan');
    expect(loan?.loan_details).toBeTruthy();
    const account = accounts[0];
    if (!account) throw new Error('no account');
    expect(await user.getAccount(account.id)).toEqual(account);

    const own = await (await user.listAccountTransactions(account.id, { limit: 50 })).fetchAll();
    expect(own.every((t) => t.account_id === account.id)).toBe(true);
    const [transaction] = own;
    if (!transaction) throw new Error('no transaction');
    expect(await user.getTransaction(transaction.id)).toEqual(transaction);
    const since = new Date(env.sandbox.clock.nowMs() - 1000);
    env.sandbox.bridge.control.churnTransactions(env.demo.email, { update: 2, accountId: account.id });
    const changed = await (await user.listAccountUpdatedTransactions(account.id, { since })).fetchAll();
    expect(changed).toHaveLength(2);

    const stocks = await (await user.listStocks()).fetchAll();
    const [stock] = stocks;
    if (!stock) throw new Error('no stock');
    expect(await user.getStock(stock.id)).toEqual(stock);
    const updatedStocks = await (await user.listUpdatedStocks({ since: new Date(0) })).fetchAll();
    expect(updatedStocks.length).toBe(stocks.length);
  });

  it('Connect: add an item, edit it, repair SCA, pro and IBAN flows, delete it', async () => {
    const user = env.user();
    const control = env.sandbox.bridge.control;
    const { redirect_url } = await user.connectItem({
      prefillEmail: env.demo.email,
      country: 'fr',
      context: 'c1',
    });
    const added = control.completeConnectSession(redirect_url, { accounts: 2, transactions: 10 });
    if (added.itemId === null) throw new Error('no item created');
    expect((await user.getItem(added.itemId)).status).toBe(0);

    expect(
      (await user.editItem(added.itemId, { redirectUrl: 'https://app.example.com/back' })).redirect_url,
    ).toMatch(/^https:\/\/connect\.bridgeapi\.io\//);
    control.setItemStatus(added.itemId, 1010);
    expect((await user.getItem(added.itemId)).status).toBe(1010);
    const sync = await user.manageScaSyncItem(added.itemId);
    control.completeConnectSession(sync.redirect_url);
    expect((await user.getItem(added.itemId)).status).toBe(0);

    expect((await user.validateProItems({ context: 'pro' })).redirect_url).toBeTruthy();
    expect((await user.manageAccountsIban()).redirect_url).toBeTruthy();

    await user.deleteItem(added.itemId);
    await expect(user.getItem(added.itemId)).rejects.toMatchObject({ status: 404 });
  });
});

describe('BridgeProvider against the sandbox', () => {
  it('maps every account and every transaction with exact money', async () => {
    const user = env.user();
    const provider = new BridgeProvider(user);
    const accounts = await provider.listAccounts();
    const raw = await (await user.listAccounts()).fetchAll();
    expect(accounts.map((a) => a.id)).toEqual(raw.map((a) => String(a.id)));
    for (const account of accounts) {
      expect(account.balance.amount).toMatch(/^-?\d+\.\d{2}$/);
      expect(['checking', 'savings', 'card', 'loan', 'investment', 'other']).toContain(account.type);
    }

    const transactions = await (await provider.listTransactions()).fetchAll();
    expect(transactions).toHaveLength(env.sandbox.bridge.control.transactionCount(env.demo.email));
    for (const transaction of transactions.slice(0, 50)) {
      const source = transaction.raw as { amount: number };
      expect(Number(transaction.amount.amount)).toBeCloseTo(source.amount, 2);
      expect(transaction.bookingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }

    const [a, b] = accounts;
    if (!a || !b) throw new Error('need two accounts');
    const one = await (await provider.listTransactions({ accountIds: [a.id] })).fetchAll();
    const two = await (await provider.listTransactions({ accountIds: [a.id, b.id] })).fetchAll();
    expect(one.every((t) => t.accountId === a.id)).toBe(true);
    expect(two.filter((t) => t.accountId === a.id).map((t) => t.id)).toEqual(one.map((t) => t.id));
    expect(two.every((t) => t.accountId === a.id || t.accountId === b.id)).toBe(true);
  });
});
