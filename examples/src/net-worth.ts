/**
 * Net worth across banks: the balance of every account summed per currency, exactly, and the
 * latest transactions of all banks merged, newest first.
 *
 * `netWorth()` knows nothing about any bank: it takes `BankingProvider`s, so it works the same with
 * SpareBank 1, Bridge, or any adapter that implements the interface.
 *
 * Run it against the sandbox (after `pnpm build`):
 *
 *     pnpm exec node examples/src/net-worth.ts
 */
import { fileURLToPath } from 'node:url';
import type { BankingProvider, Money, Transaction } from '@bankkit/core';
import { addDecimal } from './decimal.ts';
import { connectSandboxBanks } from './sandbox-banks.ts';

/** What {@link netWorth} finds. */
export interface NetWorth {
  /** Sum of all balances per ISO 4217 currency, as exact decimal strings. */
  totals: Money[];
  /** How many accounts were summed. */
  accounts: number;
  /** The latest transactions across every provider, newest first. */
  recent: Transaction[];
}

/** Sums every account balance per currency and collects the `recent` latest transactions. */
export async function netWorth(
  providers: readonly BankingProvider[],
  options: { recent?: number; signal?: AbortSignal } = {},
): Promise<NetWorth> {
  const recentCount = options.recent ?? 10;
  const signal = options.signal;
  const perProvider = await Promise.all(
    providers.map(async (provider) => {
      const accounts = await provider.listAccounts(signal ? { signal } : {});
      const latest: Transaction[] = [];
      // Each provider lists newest first; its first `recentCount` are all that can make the cut.
      for await (const transaction of await provider.listTransactions(signal ? { signal } : {})) {
        latest.push(transaction);
        if (latest.length >= recentCount) break;
      }
      return { accounts, latest };
    }),
  );

  const totals = new Map<string, string>();
  let accounts = 0;
  for (const result of perProvider) {
    for (const account of result.accounts) {
      accounts += 1;
      const { amount, currency } = account.balance;
      totals.set(currency, addDecimal(totals.get(currency) ?? '0', amount));
    }
  }
  const recent = perProvider
    .flatMap((result) => result.latest)
    .sort((a, b) => b.bookingDate.localeCompare(a.bookingDate))
    .slice(0, recentCount);
  return {
    totals: [...totals]
      .map(([currency, amount]) => ({ currency, amount }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    accounts,
    recent,
  };
}

/** Prints a {@link NetWorth} report. */
export function formatNetWorth(report: NetWorth, providerCount: number): string {
  const lines = [`Net worth across ${providerCount} banks (${report.accounts} accounts):`];
  for (const total of report.totals) lines.push(`  ${total.currency}  ${total.amount.padStart(16)}`);
  lines.push('', `Latest ${report.recent.length} transactions:`);
  for (const transaction of report.recent) {
    const amount = `${transaction.amount.amount} ${transaction.amount.currency}`;
    lines.push(
      `  ${transaction.bookingDate}  ${transaction.provider.padEnd(10)}  ${amount.padStart(16)}  ${transaction.description}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const banks = await connectSandboxBanks();
  try {
    const report = await netWorth(banks.providers, { recent: 10 });
    process.stdout.write(formatNetWorth(report, banks.providers.length));
  } finally {
    await banks.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
