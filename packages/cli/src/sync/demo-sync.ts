import { SqliteLedger } from '@bankkit/ledger';
import type { Sandbox } from '@bankkit/sandbox';
import type { CommandContext } from '../context.js';
import type { OpenedProvider } from '../providers/open-providers.js';
import { syncBanks } from './sync-banks.js';
import { renderSyncTable } from './sync-report.js';

/** Days back a demo change may touch: inside SpareBank 1's re-read window (14 days). */
const RECENT_DAYS = 7;

function daysAgo(sandbox: Sandbox, days: number): string {
  return new Date(sandbox.clock.nowMs() - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The end of `bankkit demo`: a first sync of both banks into a ledger in memory, then a day of bank
 * activity scripted through the sandbox's controls (new rows, a pending card purchase booked with a
 * tip, a changed amount, a withdrawn row, Bridge booking a pending row under a new id), and a second
 * sync that fetches only those changes. Prints what the second sync found, per account.
 */
export async function demoSync(
  context: CommandContext,
  sandbox: Sandbox,
  providers: readonly OpenedProvider[],
): Promise<void> {
  const ledger = new SqliteLedger(':memory:');
  try {
    // Pending rows the bank will book after the first sync.
    const sb1 = sandbox.sparebank1.control;
    const pendingCard = sb1.addPendingPurchase({ amount: '-320.00' });
    const [bridgeAccount] = sandbox.bridge.control.accounts(sandbox.bridge.users[0]?.uuid ?? '');
    const bridgePending = bridgeAccount
      ? sandbox.bridge.v3.addTransaction({
          accountId: bridgeAccount.id,
          amount: '-64.90',
          future: true,
          description: 'Hôtel',
        })
      : undefined;

    context.info('Sync: first sync of both banks into a ledger (in memory)…');
    await syncBanks(context, providers, ledger);

    context.info(
      'Bank activity in the sandbox: new rows, a pending purchase booked, a changed amount, a withdrawn row…',
    );
    sandbox.clock.advance(60_000);
    const bridgeUser = sandbox.bridge.users[0]?.uuid ?? '';
    // Rows that were there at the first sync, chosen before anything is added.
    const [changed, withdrawn] = sb1
      .accounts()
      .flatMap((account) => sb1.transactions(account.key))
      .filter((row) => row.bookingStatus === 'BOOKED' && row.date >= daysAgo(sandbox, RECENT_DAYS));
    const [bridgeChanged, bridgeWithdrawn] = sandbox.bridge.control
      .transactions(bridgeUser)
      .filter((row) => !row.isFuture);
    sb1.addTransaction({ amount: '-249.00', description: 'Vinmonopolet Grünerløkka' });
    sb1.bookPending({ ref: pendingCard.ref, amount: '-352.00' });
    if (changed) sb1.updateTransaction(changed.ref, { description: `${changed.description} (korrigert)` });
    if (withdrawn) sb1.deleteTransaction(withdrawn.ref);
    if (bridgeAccount) {
      sandbox.bridge.v3.addTransaction({
        accountId: bridgeAccount.id,
        amount: '-18.40',
        description: 'Boulangerie',
      });
    }
    if (bridgeChanged) sandbox.bridge.v3.modifyTransaction(bridgeChanged.id, { amount: '-42.00' });
    if (bridgeWithdrawn) sandbox.bridge.v3.deleteTransaction(bridgeWithdrawn.id);
    if (bridgePending) sandbox.bridge.v3.bookTransaction(bridgePending.id);

    context.info('Sync: second sync, fetching only what changed…');
    const banks = await syncBanks(context, providers, ledger);
    context.clearProgress();
    context.io.stdout.write(
      `\nChanges found by the second sync\n${renderSyncTable(banks, { sandbox: true })}\n`,
    );
  } finally {
    ledger.close();
  }
}
