import { BridgeProvider, type BridgeProviderOptions, UserClient } from '@bankkit/bridge';
import {
  BridgeProvider as BridgeV3Provider,
  type BridgeProviderOptions as BridgeV3ProviderOptions,
  UserClient as BridgeV3UserClient,
} from '@bankkit/bridge/v3';
import type { Transaction } from '@bankkit/core';
import { SqliteLedger } from '@bankkit/ledger';
import { type Sandbox, type SandboxOptions, startSandbox } from '@bankkit/sandbox';
import { SpareBank1Client, SpareBank1Provider, type SpareBank1ProviderOptions } from '@bankkit/sparebank1';
import { approveConsent } from '../../support/consent.js';

/** Retries as fast as possible: a fault costs milliseconds. */
export const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 5 };

/** A small sandbox: a few rows per account, so one property run is a handful of milliseconds. */
export function startSmallSandbox(seed: number, options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({
    seed,
    ...options,
    bridge: { users: 1, accountsPerUser: 2, transactionsPerUser: 20, ...options.bridge },
    sparebank1: {
      accounts: ['checking', 'creditCard'],
      transactionsPerAccount: 6,
      historyDays: 20,
      ...options.sparebank1,
    },
  });
}

/** The seeded Bridge user. */
export function bridgeUser(sandbox: Sandbox): { email: string; password: string } {
  const [user] = sandbox.bridge.users;
  if (!user) throw new Error('no seeded Bridge user');
  return { email: user.email, password: user.password };
}

/** A Bridge provider for the seeded user. */
export function bridgeProvider(sandbox: Sandbox, options: BridgeProviderOptions = {}): BridgeProvider {
  const user = bridgeUser(sandbox);
  const client = new UserClient({
    clientId: sandbox.bridge.clientId,
    clientSecret: sandbox.bridge.clientSecret,
    baseUrl: sandbox.bridge.baseUrl,
    email: user.email,
    password: user.password,
    retry: FAST_RETRY,
  });
  return new BridgeProvider(client, options);
}

/** A Bridge 2025-01-15 provider for the seeded user (by uuid). */
export function bridgeV3Provider(sandbox: Sandbox, options: BridgeV3ProviderOptions = {}): BridgeV3Provider {
  const [user] = sandbox.bridge.users;
  if (!user) throw new Error('no seeded Bridge user');
  const client = new BridgeV3UserClient({
    clientId: sandbox.bridge.clientId,
    clientSecret: sandbox.bridge.clientSecret,
    baseUrl: sandbox.bridge.baseUrl,
    userUuid: user.uuid,
    retry: FAST_RETRY,
  });
  return new BridgeV3Provider(client, options);
}

/** A SpareBank 1 provider logged in through the consent page. Its clock is the sandbox clock. */
export async function sparebank1Provider(
  sandbox: Sandbox,
  options: SpareBank1ProviderOptions = {},
): Promise<SpareBank1Provider> {
  const { baseUrl, authBaseUrl, clientId, clientSecret, redirectUris } = sandbox.sparebank1;
  const client = new SpareBank1Client({
    clientId,
    clientSecret,
    redirectUri: redirectUris[0] ?? '',
    baseUrl,
    authBaseUrl,
    retry: FAST_RETRY,
    now: () => sandbox.clock.nowMs(),
  });
  const { url, state } = client.createAuthorizationUrl({ finInst: 'fid-smn' });
  await client.handleCallback(await approveConsent(url), { expectedState: state });
  return new SpareBank1Provider(client, { now: () => sandbox.clock.nowMs(), ...options });
}

/** A fresh ledger in memory. */
export function memoryLedger(): SqliteLedger {
  return new SqliteLedger(':memory:');
}

/** What a caller compares of a row: everything but the raw payload. */
export function essence(row: Transaction): string {
  return JSON.stringify([
    row.id,
    row.accountId,
    row.bookingDate,
    row.amount.amount,
    row.amount.currency,
    row.status,
    row.description,
    row.valueDate ?? '',
  ]);
}

/** Lost, duplicated and stale rows of `ledger` against `bank` (both unified). */
export function compareRows(
  ledger: readonly Transaction[],
  bank: readonly Transaction[],
): { lost: string[]; duplicated: string[]; stale: string[]; extra: string[] } {
  const byId = new Map<string, Transaction>();
  const duplicated: string[] = [];
  for (const row of ledger) {
    if (byId.has(row.id)) duplicated.push(row.id);
    byId.set(row.id, row);
  }
  const lost: string[] = [];
  const stale: string[] = [];
  const bankIds = new Set<string>();
  for (const row of bank) {
    bankIds.add(row.id);
    const stored = byId.get(row.id);
    if (stored === undefined) lost.push(row.id);
    else if (essence(stored) !== essence(row)) stale.push(row.id);
  }
  const extra = [...byId.keys()].filter((id) => !bankIds.has(id));
  return { lost, duplicated, stale, extra };
}
