import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsentOverHttp } from '../src/login/consent-follower.js';
import { parseCsv } from './helpers/parse-csv.js';
import { allOutput, collect, runBankkit, spawnBankkit, waitForStderr } from './helpers/run-bankkit.js';
import {
  type RunningTestSandbox,
  readTokenFile,
  startRunningSandbox,
  writeTokenFile,
} from './helpers/test-sandbox.js';

/** A transaction as the CLI prints it in JSON and NDJSON. */
interface PrintedTransaction {
  provider: string;
  id: string;
  accountId: string;
  amount: { amount: string; currency: string };
  bookingDate: string;
  status: string;
  description: string;
}

/** An account as the CLI prints it in JSON. */
interface PrintedAccount {
  provider: string;
  id: string;
  name: string;
  type: string;
  currency: string;
  balance: { amount: string; currency: string };
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const DAY_MS = 86_400_000;

let running: RunningTestSandbox;
/** Every token value seen in the token file during the suite; none may ever be printed. */
const seenTokens = new Set<string>();

const bankkit = (...args: string[]) => runBankkit(args, { configDir: running.configDir });

async function recordTokens(): Promise<void> {
  const file = await readTokenFile(running.tokenFile);
  for (const set of Object.values(file.tokens)) {
    for (const field of ['accessToken', 'refreshToken']) {
      const value = set[field];
      if (typeof value === 'string') seenTokens.add(value);
    }
  }
}

beforeAll(async () => {
  // Enough Bridge transactions for several pages, and for a fetch slow enough to interrupt.
  running = await startRunningSandbox({ bridge: { transactionsPerUser: 1_200 } });
});

afterAll(async () => {
  await running?.close();
});

describe('against a running sandbox', () => {
  it('asks for a login before one was made (exit 3, with the next step)', async () => {
    const result = await bankkit('accounts', '--sandbox');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'error: SpareBank 1 needs a login: run `bankkit login sparebank1 --sandbox`',
    );
    expect(result.stdout).toBe('');

    const bridgeOnly = await bankkit('accounts', '--sandbox', '--provider', 'bridge');
    expect(bridgeOnly.code).toBe(3);
    expect(bridgeOnly.stderr).toContain('run `bankkit login bridge --sandbox`');
  });

  it('reports no login in status', async () => {
    const result = await bankkit('status', '--sandbox');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SpareBank 1 (sandbox): not logged in');
    expect(result.stdout).toContain('Bridge (sandbox): not logged in');
  });

  it('logs in to SpareBank 1 through the authorization-code flow and the callback server', async () => {
    const child = spawnBankkit(['login', 'sparebank1', '--sandbox'], { configDir: running.configDir });
    const finished = collect(child);
    const [url] = await waitForStderr(child, /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+/);
    const authorize = new URL(url);
    expect(authorize.searchParams.get('client_id')).toBe(running.sandbox.sparebank1.clientId);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{32,}$/);
    expect(new URL(authorize.searchParams.get('redirect_uri') ?? '').hostname).toBe('127.0.0.1');

    // The test plays the browser: it loads the consent page and submits the Approve form.
    await approveConsentOverHttp(url);
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Logged in to SpareBank 1');

    const file = await readTokenFile(running.tokenFile);
    expect(Object.keys(file.tokens)).toEqual(['sparebank1']);
    expect((await stat(running.tokenFile)).mode & 0o777).toBe(0o600);
    await recordTokens();
  });

  it('refuses a forged callback: wrong state, no code exchange, no login', async () => {
    const before = await readFile(running.tokenFile, 'utf8');
    const child = spawnBankkit(['login', 'sparebank1', '--sandbox'], { configDir: running.configDir });
    const finished = collect(child);
    const [url] = await waitForStderr(child, /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+/);
    const redirectUri = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
    const tokenRequests = running.sandbox.requests.count({ path: '/oauth/token' });

    const forged = new URL(redirectUri);
    forged.searchParams.set('code', '0123456789abcdef0123456789abcdef');
    forged.searchParams.set('state', 'not-the-state');
    const page = await fetch(forged);
    expect(page.status).toBe(400);

    const result = await finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: The login callback did not belong to this login (its state did not match)',
    );
    expect(result.stderr).toContain('bankkit login sparebank1 --sandbox');
    expect(running.sandbox.requests.count({ path: '/oauth/token' })).toBe(tokenRequests);
    expect(await readFile(running.tokenFile, 'utf8')).toBe(before);
  });

  it('reports a denied consent in plain words (exit 1), keeping the stored login', async () => {
    const before = await readFile(running.tokenFile, 'utf8');
    const child = spawnBankkit(['login', 'sparebank1', '--sandbox'], { configDir: running.configDir });
    const finished = collect(child);
    const [url] = await waitForStderr(child, /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+/);
    // Press "Deny" like a browser: post the deny form, then follow the redirect to the callback.
    const page = await (await fetch(url)).text();
    const form = page.match(/<form[^>]*action="([^"]+)"[^>]*>((?:(?!<\/form>)[\s\S])*?>Deny<\/button>)/);
    expect(form).not.toBeNull();
    const fields = new URLSearchParams(
      [...(form?.[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
        (field) => [field[1] ?? '', field[2] ?? ''] as [string, string],
      ),
    );
    const decision = await fetch(new URL(form?.[1] ?? '', url), {
      method: 'POST',
      body: fields,
      redirect: 'manual',
    });
    const callback = decision.headers.get('location') ?? '';
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    expect((await fetch(callback)).status).toBe(400);

    const result = await finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: SpareBank 1 login was not approved (access denied');
    expect(result.stderr).toContain('run `bankkit login sparebank1 --sandbox` again');
    expect(await readFile(running.tokenFile, 'utf8')).toBe(before);
  });

  it('logs in to Bridge as the demo user', async () => {
    const result = await bankkit('login', 'bridge', '--sandbox');
    expect(result.code).toBe(0);
    const demo = running.sandbox.bridge.users[0];
    expect(result.stderr).toContain(`Logged in to Bridge as user ${demo?.uuid}`);
    expect(result.stderr).toContain("is renewed with the user's uuid afterwards");
    const file = await readTokenFile(running.tokenFile);
    expect(Object.keys(file.tokens).sort()).toEqual(['bridge', 'sparebank1']);
    expect(file.tokens.bridge?.userUuid).toBe(demo?.uuid);
    await recordTokens();
  });

  it('shows both logins in status, with SpareBank 1 refresh-token expiries', async () => {
    const text = await bankkit('status', '--sandbox');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('SpareBank 1 (sandbox): logged in');
    expect(text.stdout).toMatch(
      /refresh token expires\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(in (29|30) days/,
    );
    expect(text.stdout).toMatch(/login expires\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(in 36[45] days/);
    expect(text.stdout).toContain('Bridge (sandbox): logged in as user');
    expect(text.stdout).not.toContain('warning');

    const json = await bankkit('status', '--sandbox', '--format', 'json');
    const report = JSON.parse(json.stdout) as {
      target: string;
      providers: Array<Record<string, string | boolean | undefined>>;
    };
    expect(report.target).toBe('sandbox');
    const spareBank1 = report.providers.find((entry) => entry.provider === 'sparebank1');
    const now = Date.now();
    expect(spareBank1?.loggedIn).toBe(true);
    const access = Date.parse(String(spareBank1?.accessTokenExpiresAt));
    expect(access - now).toBeGreaterThan(5 * 60_000);
    expect(access - now).toBeLessThanOrEqual(10 * 60_000);
    expect(Date.parse(String(spareBank1?.refreshTokenExpiresAt)) - now).toBeGreaterThan(29 * DAY_MS);
    expect(Date.parse(String(spareBank1?.refreshTokenAbsoluteExpiresAt)) - now).toBeGreaterThan(364 * DAY_MS);
  });

  let accounts: PrintedAccount[] = [];

  it('lists accounts of both banks as JSON with exact decimal balances', async () => {
    const result = await bankkit('accounts', '--sandbox', '--format', 'json');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    accounts = JSON.parse(result.stdout) as PrintedAccount[];
    expect(new Set(accounts.map((account) => account.provider))).toEqual(new Set(['sparebank1', 'bridge']));
    for (const account of accounts) {
      expect(account.balance.amount).toMatch(DECIMAL);
      expect(account.balance.currency).toMatch(/^[A-Z]{3}$/);
      expect(account).not.toHaveProperty('raw');
    }
  });

  it('prints the same accounts as CSV and as a table', async () => {
    const csv = await bankkit('accounts', '--sandbox', '--format', 'csv');
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows.map((row) => [row.provider, row.id, row.name, row.balance, row.currency])).toEqual(
      accounts.map((account) => [
        account.provider,
        account.id,
        account.name,
        account.balance.amount,
        account.currency,
      ]),
    );

    const table = await bankkit('accounts', '--sandbox');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Provider\s*│\s*Name/);
    for (const account of accounts) {
      expect(table.stdout).toContain(`${account.balance.amount} ${account.balance.currency}`);
    }
  });

  let transactions: PrintedTransaction[] = [];

  it('streams transactions of both banks as NDJSON, newest first', async () => {
    const result = await bankkit('transactions', '--sandbox', '--format', 'ndjson');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    transactions = lines.map((line) => JSON.parse(line) as PrintedTransaction);
    expect(new Set(transactions.map((transaction) => transaction.provider))).toEqual(
      new Set(['sparebank1', 'bridge']),
    );
    expect(transactions.filter((transaction) => transaction.provider === 'bridge').length).toBe(1_200);
    for (let index = 1; index < transactions.length; index += 1) {
      expect((transactions[index - 1]?.bookingDate ?? '') >= (transactions[index]?.bookingDate ?? '')).toBe(
        true,
      );
    }
    for (const transaction of transactions) expect(transaction.amount.amount).toMatch(DECIMAL);
    expect(new Set(transactions.map((transaction) => `${transaction.provider}:${transaction.id}`)).size).toBe(
      transactions.length,
    );
  });

  it('gives the same transactions as JSON and CSV', async () => {
    const json = await bankkit('transactions', '--sandbox', '--format', 'json');
    expect(json.code).toBe(0);
    const fromJson = JSON.parse(json.stdout) as PrintedTransaction[];
    expect(fromJson.map(({ provider, id, amount }) => [provider, id, amount.amount])).toEqual(
      transactions.map(({ provider, id, amount }) => [provider, id, amount.amount]),
    );

    const csv = await bankkit('transactions', '--sandbox', '--format', 'csv');
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows.map((row) => [row.provider, row.id, row.amount, row.currency, row.booking_date])).toEqual(
      transactions.map((transaction) => [
        transaction.provider,
        transaction.id,
        transaction.amount.amount,
        transaction.amount.currency,
        transaction.bookingDate,
      ]),
    );
  });

  it('prints transactions as a table with account names, newest first', async () => {
    const result = await bankkit('transactions', '--sandbox', '--provider', 'sparebank1');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Date\s*│\s*Provider\s*│\s*Account\s*│\s*Description\s*│\s*Amount\s*│\s*Status/,
    );
    // Every row says where its data came from.
    const rows = [
      ...result.stdout.matchAll(/^│ (\d{4}-\d{2}-\d{2}) │ SpareBank 1 \(sandbox\) │ (.+?)\s*│/gm),
    ];
    const expected = transactions.filter((transaction) => transaction.provider === 'sparebank1');
    expect(rows.map((row) => row[1])).toEqual(expected.map((transaction) => transaction.bookingDate));
    const names = new Set(
      accounts.filter((account) => account.provider === 'sparebank1').map((account) => account.name),
    );
    for (const row of rows) expect(names.has(row[2] ?? '')).toBe(true);
  });

  it('filters by provider, account and dates', async () => {
    const account = accounts.find((candidate) => candidate.provider === 'bridge');
    const ofAccount = transactions.filter(
      (transaction) => transaction.provider === 'bridge' && transaction.accountId === account?.id,
    );
    expect(ofAccount.length).toBeGreaterThan(2);
    const to = ofAccount[0]?.bookingDate ?? '';
    const from = ofAccount[Math.floor(ofAccount.length / 2)]?.bookingDate ?? '';
    const result = await bankkit(
      'transactions',
      '--sandbox',
      '--provider',
      'bridge',
      '--account',
      account?.id ?? '',
      '--from',
      from,
      '--to',
      to,
      '--format',
      'ndjson',
    );
    expect(result.code).toBe(0);
    const filtered = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as PrintedTransaction);
    const expected = ofAccount.filter(
      (transaction) => transaction.bookingDate >= from && transaction.bookingDate <= to,
    );
    expect(filtered.map((transaction) => transaction.id)).toEqual(
      expected.map((transaction) => transaction.id),
    );

    const unknown = await bankkit('transactions', '--sandbox', '--account', 'no-such-account');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No account with id "no-such-account"');

    // One provider chosen, a machine format: still checked against its accounts, not left to the bank.
    for (const provider of ['sparebank1', 'bridge']) {
      const single = await bankkit(
        'transactions',
        '--sandbox',
        '--provider',
        provider,
        '--account',
        'no-such-account',
        '--format',
        'json',
      );
      expect(single.code).toBe(2);
      expect(single.stderr).toContain('No account with id "no-such-account"');
      expect(single.stdout).toBe('');
    }
    const mixed = await bankkit(
      'transactions',
      '--sandbox',
      '--provider',
      'bridge',
      '--account',
      `${account?.id},no-such-account`,
      '--format',
      'csv',
    );
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('error: No account with id "no-such-account": `bankkit accounts`');
    expect(mixed.stdout).toBe('');
  });

  it('names the bank that holds an --account id which --provider leaves out', async () => {
    const spareBank1Account = accounts.find((candidate) => candidate.provider === 'sparebank1');
    const result = await bankkit(
      'transactions',
      '--sandbox',
      '-p',
      'bridge',
      '-a',
      spareBank1Account?.id ?? '?',
      '--format',
      'json',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error: Account "${spareBank1Account?.id}" belongs to SpareBank 1, which --provider bridge leaves out: add --provider sparebank1, or drop --provider`,
    );
    expect(result.stdout).toBe('');
  });

  it('marks every record as sandbox data in JSON, NDJSON and CSV', async () => {
    expect(accounts.every((account) => (account as { sandbox?: unknown }).sandbox === true)).toBe(true);
    expect(transactions.every((transaction) => (transaction as { sandbox?: unknown }).sandbox === true)).toBe(
      true,
    );
    const csv = await bankkit('accounts', '--sandbox', '--format', 'csv');
    const rows = parseCsv(csv.stdout);
    expect(rows.length).toBe(accounts.length);
    expect(rows.every((row) => row.sandbox === 'true')).toBe(true);
    // Asked for with --sandbox: no banner, the rows say it.
    expect(csv.stderr).toBe('');
  });

  it('checks --output before asking any bank: a missing folder or a folder is a usage error', async () => {
    const before = running.sandbox.requests.count();
    const missing = join(running.configDir, 'no-such-folder', 'x.csv');
    const result = await bankkit('transactions', '--sandbox', '--format', 'csv', '-o', missing);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: --output ${missing}: the folder ${join(running.configDir, 'no-such-folder')} does not exist: create it first, or choose another path\n`,
    );
    const folder = await bankkit('transactions', '--sandbox', '-o', running.configDir, '--debug');
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`error: --output ${running.configDir} is a folder, not a file`);
    // --debug is on: no message asks for it.
    expect(folder.stderr).not.toContain('run again with --debug');
    expect(running.sandbox.requests.count()).toBe(before);
    expect((await readdir(running.configDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes --output atomically to a private file, saying where on stderr', async () => {
    const target = join(running.configDir, 'export.csv');
    const result = await bankkit('transactions', '--sandbox', '--format', 'csv', '--output', target);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `Wrote ${transactions.length.toLocaleString('en-US')} transactions to ${target}`,
    );
    expect(parseCsv(await readFile(target, 'utf8'))).toHaveLength(transactions.length);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readdir(running.configDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('warns when the SpareBank 1 login ends within 7 days', async () => {
    const original = await readTokenFile(running.tokenFile);
    const soon = structuredClone(original);
    const spareBank1 = soon.tokens.sparebank1;
    if (!spareBank1) throw new Error('no SpareBank 1 login stored');
    spareBank1.refreshTokenAbsoluteExpiresAt = new Date(Date.now() + 3 * DAY_MS).toISOString();
    await writeTokenFile(running.tokenFile, soon);
    try {
      const status = await bankkit('status', '--sandbox');
      expect(status.stdout).toMatch(/warning: the SpareBank 1 login expires in (2|3) days/);
      expect(status.stdout).toContain('run `bankkit login sparebank1 --sandbox` before then');

      const accountsRun = await bankkit(
        'accounts',
        '--sandbox',
        '--provider',
        'sparebank1',
        '--format',
        'json',
      );
      expect(accountsRun.code).toBe(0);
      expect(accountsRun.stderr).toMatch(/^warning: the SpareBank 1 login expires in (2|3) days/m);
      expect(() => JSON.parse(accountsRun.stdout)).not.toThrow();
    } finally {
      const now = await readTokenFile(running.tokenFile);
      if (now.tokens.sparebank1 && original.tokens.sparebank1) {
        now.tokens.sparebank1.refreshTokenAbsoluteExpiresAt =
          original.tokens.sparebank1.refreshTokenAbsoluteExpiresAt;
      }
      await writeTokenFile(running.tokenFile, now);
      await recordTokens();
    }
  });

  it('keeps --debug output free of secrets through a token refresh', async () => {
    // Past the access token's 10 minutes on the sandbox clock: the next call is refused and the
    // client spends its refresh token, so the debug output covers a token request and its answer.
    const refreshes = running.sandbox.requests.count({ path: '/oauth/token' });
    running.sandbox.clock.advance(11 * 60_000);
    const result = await bankkit(
      'transactions',
      '--sandbox',
      '--provider',
      'sparebank1',
      '--format',
      'json',
      '--debug',
    );
    expect(result.code).toBe(0);
    expect(running.sandbox.requests.count({ path: '/oauth/token' })).toBe(refreshes + 1);
    expect(result.stderr).toMatch(/^debug: POST http:\/\/127\.0\.0\.1:\d+\/oauth\/token -> 200/m);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    await recordTokens();
  });

  it('leaves the token file intact when Ctrl-C interrupts a long fetch (exit 130)', async () => {
    await recordTokens();
    const before = await readTokenFile(running.tokenFile);
    const target = join(running.configDir, 'interrupted.ndjson');
    running.sandbox.faults.set({
      provider: 'bridge',
      path: '/v3/aggregation/transactions*',
      kind: 'latency',
      latencyMs: 400,
    });
    running.sandbox.requests.clear();
    try {
      const child = spawnBankkit(
        ['transactions', '--sandbox', '--provider', 'bridge', '--format', 'ndjson', '--output', target],
        { configDir: running.configDir },
      );
      const finished = collect(child);
      await until(() => running.sandbox.requests.count({ path: '/v3/aggregation/transactions*' }) >= 2);
      child.kill('SIGINT');
      const result = await finished;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('Interrupted.');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      running.sandbox.faults.clear();
    }
    const after = await readTokenFile(running.tokenFile);
    expect(Object.keys(after.tokens).sort()).toEqual(Object.keys(before.tokens).sort());
    expect(after.version).toBe(before.version);
    // An interrupted export leaves neither the file nor its temporary.
    const names = await readdir(running.configDir);
    expect(names).not.toContain('interrupted.ndjson');
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('says the login expired when the refresh token is dead (exit 3)', async () => {
    const original = await readTokenFile(running.tokenFile);
    const expired = structuredClone(original);
    const spareBank1 = expired.tokens.sparebank1;
    if (!spareBank1) throw new Error('no SpareBank 1 login stored');
    spareBank1.expiresAt = new Date(Date.now() - 60 * DAY_MS).toISOString();
    spareBank1.refreshTokenExpiresAt = new Date(Date.now() - 30 * DAY_MS).toISOString();
    await writeTokenFile(running.tokenFile, expired);

    const result = await bankkit('accounts', '--sandbox');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'error: SpareBank 1 login has expired: run `bankkit login sparebank1 --sandbox`',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');

    const status = await bankkit('status', '--sandbox');
    expect(status.stdout).toContain('SpareBank 1 (sandbox): not logged in');
    expect(status.stdout).toMatch(/the login expired \d+ days ago/);

    // The same failure with --debug adds details, still without a secret.
    const debug = await bankkit('accounts', '--sandbox', '--debug');
    expect(debug.code).toBe(3);
    expect(debug.stderr).toContain('ReauthorizationRequiredError');
  });

  it('logs out of one provider, then of all', async () => {
    const bridge = await bankkit('logout', 'bridge', '--sandbox');
    expect(bridge.code).toBe(0);
    expect(bridge.stderr).toContain('Bridge: logged out.');
    let file = await readTokenFile(running.tokenFile);
    expect(Object.keys(file.tokens)).toEqual(['sparebank1']);
    const status = await bankkit('status', '--sandbox');
    expect(status.stdout).toContain('Bridge (sandbox): not logged in');

    const all = await bankkit('logout', '--sandbox');
    expect(all.code).toBe(0);
    expect(all.stderr).toContain('SpareBank 1: logged out.');
    expect(all.stderr).toContain('Bridge: not logged in.');
    file = await readTokenFile(running.tokenFile);
    expect(file.tokens).toEqual({});
  });

  it('never printed a secret: client secrets, the demo password, any token', () => {
    const secrets = [
      running.sandbox.sparebank1.clientSecret,
      running.sandbox.bridge.clientSecret,
      ...running.sandbox.bridge.users.map((user) => user.password),
      ...seenTokens,
    ];
    expect(seenTokens.size).toBeGreaterThanOrEqual(2);
    const output = allOutput.join('\n');
    expect(output.length).toBeGreaterThan(1_000);
    for (const secret of secrets) expect(output).not.toContain(secret);
  });
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
