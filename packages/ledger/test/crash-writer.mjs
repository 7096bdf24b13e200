// Child process of crash.test.ts: commits numbered batches into a ledger until it is killed.
import { SqliteLedger } from '../dist/index.js';

const ledger = new SqliteLedger(process.argv[2]);
for (let n = 1; ; n++) {
  const added = Array.from({ length: 50 }, (_, i) => ({
    provider: 'crash',
    id: `${n}-${i}`,
    accountId: 'a',
    amount: { amount: '-1.00', currency: 'EUR' },
    bookingDate: '2026-01-01',
    status: 'booked',
    description: 'x'.repeat(200),
    raw: {},
  }));
  await ledger.applyBatch('crash', { added, modified: [], removed: [], cursor: `c${n}`, hasMore: true });
  if (n === 3) process.send?.('ready');
}
