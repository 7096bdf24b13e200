import { isBankkitError, TransferOutcomeUnknownError } from '@bankkit/core';
import type { Sandbox } from '@bankkit/sandbox';
import type { SpareBank1Client } from '@bankkit/sparebank1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSummary } from './support/runs.js';
import { loggedInSpareBank1Client, plantSecrets, startPlantedSandbox } from './support/sandbox.js';
import { LeakScanner } from './support/secrets.js';
import { compareRun } from './support/tally.js';

const TRANSFER_PATH = '/personal/banking/transfer/debit';
const EVERY_NTH = 3;
/**
 * Two phases of the same rule, so that both ways of failing after the bank applied the transfer
 * are covered: a 500 answer, then a connection reset before any answer. 51 + 49 calls with every
 * third one faulted: 17 + 16 = 33 ambiguous outcomes out of 100.
 */
const PHASES = [
  { calls: 51, reset: false },
  { calls: 49, reset: true },
] as const;
const TRANSFERS = PHASES.reduce((sum, phase) => sum + phase.calls, 0);
/** Oslo morning of a bank day: every transfer is due and booked today, before the cut-off. */
const SANDBOX_START = '2026-03-11T08:00:00Z';

interface Call {
  amount: string;
  message: string;
  faulted: boolean;
  outcome: 'made' | 'unknown' | 'other';
  paymentId?: string;
  error?: unknown;
}

const scanner = new LeakScanner();
const planted = plantSecrets(scanner);
let sandbox: Sandbox;
const calls: Call[] = [];
let summary = { held: 0, posts: 0, lost: 0, duplicated: 0, injected: 0, balanceExact: false };

beforeAll(async () => {
  sandbox = await startPlantedSandbox(planted, { seed: 20_260_703, now: SANDBOX_START });
});

afterAll(async () => {
  const unknown = calls.filter((call) => call.outcome === 'unknown').length;
  const resets = sandbox?.requests.count({ path: TRANSFER_PATH, fault: 'fail-after-apply', status: 'reset' });
  printSummary(
    `reliability money: transfers=${calls.length} faults=${summary.injected} (fail-after-apply 500=${summary.injected - (resets ?? 0)} reset=${resets ?? 0}) ` +
      `outcome-unknown=${unknown} held-by-bank=${summary.held} transfer-posts=${summary.posts} ` +
      `lost=${summary.lost} duplicated=${summary.duplicated} balances-exact=${summary.balanceExact} ` +
      `leaks=${scanner.leaks().length}`,
  );
  await sandbox?.close();
});

/** Decimal string to øre, exactly. */
function minor(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  return amount.startsWith('-') ? -value : value;
}

describe('transfers when the bank applies them and then fails', () => {
  it(`${TRANSFERS} transfers: one held per call, every ambiguous one reported, none repeated`, async () => {
    const client: SpareBank1Client = await loggedInSpareBank1Client(sandbox, planted, scanner);
    const before = sandbox.sparebank1.control.accounts();
    const checking = before.find((account) => account.kind === 'checking');
    const savings = before.find((account) => account.kind === 'savings');
    if (!checking || !savings) throw new Error('the sandbox lacks a checking and a savings account');

    // Distinct amounts (the bank flags an identical transfer as a duplicate), 1.00 to 100.99 NOK.
    const inputs = Array.from({ length: TRANSFERS }, (_, index) => ({
      amount: `${index + 1}.${String(index % 100).padStart(2, '0')}`,
      message: `reliability transfer ${index + 1}`,
    }));
    const total = inputs.reduce((sum, input) => sum + minor(input.amount), 0n);
    expect(minor(checking.availableBalance)).toBeGreaterThan(total);

    sandbox.requests.clear();
    let next = 0;
    let injected = 0;
    for (const phase of PHASES) {
      sandbox.faults.set({
        provider: 'sparebank1',
        method: 'POST',
        path: TRANSFER_PATH,
        kind: 'fail-after-apply',
        everyNth: EVERY_NTH,
        reset: phase.reset,
      });
      for (let position = 1; position <= phase.calls; position++) {
        const input = inputs[next++];
        if (!input) throw new Error('ran out of transfer inputs');
        const call: Call = { ...input, faulted: position % EVERY_NTH === 0, outcome: 'other' };
        try {
          const result = await client.createTransfer({
            amount: input.amount,
            fromAccount: checking.accountNumber,
            toAccount: savings.accountNumber,
            message: input.message,
          });
          call.outcome = 'made';
          call.paymentId = result.paymentId;
        } catch (error) {
          scanner.error(error, `transfer ${next}`);
          call.error = error;
          call.outcome = error instanceof TransferOutcomeUnknownError ? 'unknown' : 'other';
        }
        calls.push(call);
      }
      injected += sandbox.faults.stats().byKind['fail-after-apply'];
      sandbox.faults.clear();
    }
    summary.injected = injected;

    // Every faulted call, and only those, surfaced as an unknown outcome; the others succeeded.
    const unexpected = calls.filter((call) => call.outcome !== (call.faulted ? 'unknown' : 'made'));
    expect(unexpected.map((call) => ({ ...call, error: String(call.error) }))).toEqual([]);
    expect(calls.filter((call) => call.outcome === 'unknown')).toHaveLength(injected);
    expect(injected).toBe(33);
    for (const call of calls.filter((c) => c.outcome === 'unknown')) {
      expect(isBankkitError(call.error)).toBe(true);
      expect((call.error as Error).message).toMatch(/Check the account/);
    }

    // The bank holds exactly one transfer per call, matched by message and amount.
    const held = sandbox.sparebank1.control.transfers();
    const comparison = compareRun(
      calls.map((call) => `${call.message}|${call.amount}`),
      held.map((transfer) => `${transfer.message}|${transfer.amount}`),
    );
    summary = { ...summary, held: held.length, lost: comparison.lost, duplicated: comparison.duplicated };
    expect(comparison).toMatchObject({ lost: 0, duplicated: 0 });
    expect(held).toHaveLength(TRANSFERS);
    for (const transfer of held) {
      expect(transfer).toMatchObject({
        fromAccount: checking.accountNumber,
        toAccount: savings.accountNumber,
      });
      expect(transfer.warnings).not.toContain('DUPLICATE_PAYMENT_EXISTS');
    }
    const paymentIds = new Map(held.map((transfer) => [transfer.message, transfer.paymentId]));
    for (const call of calls.filter((c) => c.outcome === 'made')) {
      expect(call.paymentId).toBe(paymentIds.get(call.message));
    }

    // None repeated: one POST per call reached the bank.
    summary.posts = sandbox.requests.count({ method: 'POST', path: TRANSFER_PATH });
    expect(summary.posts).toBe(TRANSFERS);

    // The money moved once: both balances changed by exactly the sum of the amounts.
    const after = sandbox.sparebank1.control.accounts();
    const balance = (key: string) => minor(after.find((account) => account.key === key)?.balance ?? 'NaN');
    expect(balance(savings.key) - minor(savings.balance)).toBe(total);
    expect(minor(checking.balance) - balance(checking.key)).toBe(total);
    summary.balanceExact = true;
  });

  it('no planted or issued secret appears in any error or log line', () => {
    expect(scanner.counts().errors).toBe(33);
    expect(scanner.leaks()).toEqual([]);
  });
});
