import type { Hono } from 'hono';
import type { BankAccount } from '../data/model.js';
import { minorToNumber } from '../data/money.js';
import { jsonText, withJsonVersion } from '../http/api-guard.js';
import { ACCOUNT_VERSIONS, CHILD_ACCOUNT_VERSIONS, isJsonContentType } from '../http/media-types.js';
import { accountDetailsJson, accountJson, accountRolesJson } from '../serialize/accounts.js';
import type { SpareBank1Env, SpareBank1State } from '../state.js';

const BASE = '/personal/banking/accounts';

/**
 * Which accounts each `include*` flag controls, and its default when the flag is absent. Only the
 * card rule is observed (cards need `includeCreditCardAccounts=true`); the other defaults are choices:
 * NOK accounts and BSU by default, currency, ASK and pension on request.
 */
const INCLUDE_FLAGS: ReadonlyArray<{
  flag: string;
  fallback: boolean;
  matches: (a: BankAccount) => boolean;
}> = [
  {
    flag: 'includeNokAccounts',
    fallback: true,
    matches: (a) => a.kind === 'checking' || a.kind === 'savings',
  },
  { flag: 'includeCurrencyAccounts', fallback: false, matches: (a) => a.kind === 'currency' },
  { flag: 'includeBsuAccounts', fallback: true, matches: (a) => a.kind === 'bsu' },
  { flag: 'includeCreditCardAccounts', fallback: false, matches: (a) => a.kind === 'creditCard' },
  { flag: 'includeAskAccounts', fallback: false, matches: (a) => a.kind === 'ask' },
  { flag: 'includePensionAccounts', fallback: false, matches: (a) => a.kind === 'pension' },
];

function parseFlag(value: string | undefined, fallback: boolean): boolean | undefined {
  if (value === undefined || value === '') return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

/** The Accounts API: list, one account, default, details, roles, keys, balance, child accounts. */
export function registerAccountRoutes(app: Hono<SpareBank1Env>, state: SpareBank1State): void {
  const { bank, errors } = state;
  const json = (value: unknown, version: number) => jsonText(JSON.stringify(value), version);
  const notFound = () =>
    errors.response(404, { code: 'NOT_FOUND', message: 'Account not found', resource: 'accountKey' });

  app.get(BASE, (c) =>
    withJsonVersion(c, state, ACCOUNT_VERSIONS, (version) => {
      const included = new Map<(a: BankAccount) => boolean, boolean>();
      for (const { flag, fallback, matches } of INCLUDE_FLAGS) {
        const value = parseFlag(c.req.query(flag), fallback);
        if (value === undefined) {
          return errors.response(400, {
            code: 'BAD_REQUEST',
            message: `Invalid value for parameter ${flag}; expected true or false`,
            resource: flag,
          });
        }
        included.set(matches, value);
      }
      const accounts = bank
        .accounts()
        .filter((account) => !account.properties.isHidden)
        .filter((account) => [...included].some(([matches, on]) => on && matches(account)))
        .map((account) => accountJson(bank, account));
      return json({ accounts, errors: [] }, version);
    }),
  );

  app.get(`${BASE}/default`, (c) =>
    withJsonVersion(c, state, ACCOUNT_VERSIONS, (version) => {
      const account = bank.defaultAccount();
      return account ? json(accountJson(bank, account), version) : notFound();
    }),
  );

  app.get(`${BASE}/keys`, (c) =>
    withJsonVersion(c, state, ACCOUNT_VERSIONS, (version) => {
      const accountKeysMap: Record<string, string> = {};
      for (const accountNumber of c.req.queries('accountNumber') ?? []) {
        const account = bank.accountByNumber(accountNumber);
        if (account) accountKeysMap[accountNumber] = account.key;
      }
      return json({ accountKeysMap }, version);
    }),
  );

  app.post(`${BASE}/balance`, (c) =>
    withJsonVersion(c, state, ACCOUNT_VERSIONS, async (version) => {
      if (!isJsonContentType(c.req.header('content-type'))) {
        return errors.status(415, 'Content-Type must be application/vnd.sparebank1.v1+json; charset=utf-8');
      }
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return errors.status(400, 'The request body is not valid JSON');
      }
      const accountNumber =
        typeof body === 'object' && body !== null
          ? (body as Record<string, unknown>).accountNumber
          : undefined;
      if (typeof accountNumber !== 'string' || accountNumber === '') {
        return errors.response(400, {
          code: 'BAD_REQUEST',
          message: 'accountNumber is required',
          resource: 'accountNumber',
        });
      }
      const account = bank.accountByNumber(accountNumber);
      if (!account) {
        return errors.response(404, {
          code: 'NOT_FOUND',
          message: 'Account not found',
          resource: 'accountNumber',
        });
      }
      if (account.creditCard) {
        return errors.response(400, {
          code: 'account.type.not.supported',
          message: 'Balance is not available for credit card accounts',
          resource: 'accountNumber',
        });
      }
      return json({ accountBalance: minorToNumber(account.balanceMinor), name: account.name }, version);
    }),
  );

  app.get(`${BASE}/child/:id`, (c) =>
    // The demo user has no children; the route exists so that its v5-only rule can be exercised.
    withJsonVersion(c, state, CHILD_ACCOUNT_VERSIONS, (version) =>
      json({ accounts: [], errors: [] }, version),
    ),
  );

  app.get(`${BASE}/:key`, (c) =>
    withJsonVersion(c, state, ACCOUNT_VERSIONS, (version) => {
      const account = bank.accountByKey(c.req.param('key'));
      return account ? json(accountJson(bank, account), version) : notFound();
    }),
  );

  app.get(`${BASE}/:key/details`, (c) =>
    withJsonVersion(c, state, ACCOUNT_VERSIONS, (version) => {
      const account = bank.accountByKey(c.req.param('key'));
      return account ? json(accountDetailsJson(bank, account), version) : notFound();
    }),
  );

  app.get(`${BASE}/:key/roles`, (c) =>
    withJsonVersion(c, state, ACCOUNT_VERSIONS, (version) => {
      const account = bank.accountByKey(c.req.param('key'));
      return account ? json(accountRolesJson(account), version) : notFound();
    }),
  );
}
