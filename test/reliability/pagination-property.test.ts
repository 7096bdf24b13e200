import type { BridgeTransaction } from '@bankkit/bridge';
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { rawBridgeTransactionIds } from './support/bridge-raw.js';
import { printSummary } from './support/runs.js';
import { BRIDGE_USER_EMAIL, bridgeUserClient, plantSecrets, startPlantedSandbox } from './support/sandbox.js';
import { LeakScanner } from './support/secrets.js';
import { compareRun, RunTally } from './support/tally.js';

const NUM_RUNS = 15;

/**
 * A page size and a list size: any small size, or one at a page boundary (0, 1 or 2 full pages,
 * plus or minus one item), where off-by-one paging bugs live.
 */
const limitAndCount = fc.integer({ min: 1, max: 500 }).chain((limit) =>
  fc.tuple(
    fc.constant(limit),
    fc.oneof(
      fc.integer({ min: 0, max: 300 }),
      fc
        .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: -1, max: 1 }))
        .map(([pages, offset]) => Math.max(0, pages * limit + offset)),
    ),
  ),
);
const scanner = new LeakScanner();
const planted = plantSecrets(scanner);
const tally = new RunTally();
let pagesFetched = 0;

afterAll(() => {
  printSummary(
    `reliability pagination-property: runs=${NUM_RUNS} traversals=${tally.runs} pages=${pagesFetched} ` +
      `items=${tally.items} lost=${tally.lost} duplicated=${tally.duplicated} reordered=${tally.reordered} ` +
      `leaks=${scanner.leaks().length}`,
  );
});

describe('Bridge pagination, end to end against the sandbox', () => {
  it('fetchAll() and for await give the sandbox’s own list for any limit and size', async () => {
    await fc.assert(
      fc.asyncProperty(
        limitAndCount,
        fc.integer({ min: 1, max: 1_000_000 }),
        async ([limit, count], seed) => {
          const sandbox = await startPlantedSandbox(planted, {
            seed,
            bridge: { transactionsPerUser: count },
          });
          try {
            const expected = (await rawBridgeTransactionIds(sandbox, planted)).map(String);
            expect(expected).toHaveLength(count);
            expect(sandbox.bridge.control.transactionCount(BRIDGE_USER_EMAIL)).toBe(count);

            const client = bridgeUserClient(sandbox, planted, scanner);
            sandbox.requests.clear();
            const all = await (await client.listTransactions({ limit })).fetchAll();
            const streamed: BridgeTransaction[] = [];
            for await (const row of await client.listTransactions({ limit })) streamed.push(row);

            // One request per page, no page fetched twice: ceil(count / limit) pages (one when empty).
            const pages = Math.max(1, Math.ceil(count / limit));
            const requests = sandbox.requests.count({ method: 'GET', path: '/v2/transactions' });
            pagesFetched += requests;
            expect(requests).toBe(2 * pages);

            for (const rows of [all, streamed]) {
              const comparison = compareRun(
                expected,
                rows.map((row) => String(row.id)),
              );
              tally.add(comparison, rows.length);
              expect(comparison).toEqual({ lost: 0, duplicated: 0, identical: true });
            }
          } finally {
            await sandbox.close();
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
    expect(scanner.leaks()).toEqual([]);
  });
});
