import { type SpareBank1Client, SpareBank1Provider } from '@bankkit/sparebank1';
import { rawJson, recordingFetch } from '../lib/recording-fetch.ts';
import { cpuGoal, type ResultRow } from '../lib/report.ts';
import type { SandboxInfo } from '../lib/sandbox-process.ts';
import { loggedInSpareBank1 } from '../lib/sparebank1-setup.ts';
import { compare } from '../lib/stats.ts';

const SECTION = '3. SpareBank 1';
/** Wide enough for every seeded row, so that none is filtered out by the provider's window. */
const WINDOW = { from: '2000-01-01', to: '2099-12-31' } as const;

/**
 * 10,000 SpareBank 1 transactions listed and mapped to the unified `Transaction` through
 * `SpareBank1Provider`, against raw fetch + JSON.parse of the same request. The client's own
 * listing (HTTP layer + zod, no mapping) is measured too, to split the cost.
 */
export async function spareBank1Mapping(info: SandboxInfo, expected: number): Promise<ResultRow[]> {
  const client = await loggedInSpareBank1(info);
  const provider = new SpareBank1Provider(client);
  const accounts = await provider.listAccounts();
  const accountIds = accounts.map((account) => account.id);

  const recorder = recordingFetch();
  const probe = await loggedInSpareBank1(info, { fetch: recorder.fetch });
  await new SpareBank1Provider(probe).listTransactions({ ...WINDOW, accountIds });
  const recorded = recorder.requests.at(-1);
  if (!recorded) throw new Error('the provider made no request');

  const raw = async (): Promise<void> => {
    const body = (await rawJson(recorded.url, recorded.headers)) as { transactions: unknown[] };
    if (body.transactions.length !== expected) {
      throw new Error(`raw listing got ${body.transactions.length} rows, not ${expected}`);
    }
  };
  const mapped = async (): Promise<void> => {
    const page = await provider.listTransactions({ ...WINDOW, accountIds });
    if (page.resources.length !== expected) {
      throw new Error(`the provider mapped ${page.resources.length} rows, not ${expected}`);
    }
  };
  const listed = (sb1: SpareBank1Client) => async (): Promise<void> => {
    const page = await sb1.listTransactions({
      accountKeys: accountIds,
      fromDate: WINDOW.from,
      toDate: WINDOW.to,
    });
    if (page.resources.length !== expected)
      throw new Error(`the client listed ${page.resources.length} rows`);
  };

  const checks = await checkMapping(provider, accountIds, expected);
  const rows: ResultRow[] = [];
  const cases = [
    {
      name: `SpareBank1Provider.listTransactions: ${expected.toLocaleString('en-US')} rows to unified`,
      run: mapped,
      // Mapping at 0.85 or more of the raw parse throughput: a CPU ratio of at most 1 / 0.85.
      goal: [1 / 0.85, 'throughput >= 0.85 x raw (CPU ratio <= 1.176)'] as const,
    },
    {
      name: `SpareBank1Client.listTransactions: ${expected.toLocaleString('en-US')} rows (no mapping)`,
      run: listed(client),
      goal: [1.15, 'CPU ratio <= 1.15'] as const,
    },
  ];
  for (const { name, run, goal } of cases) {
    const result = await compare(raw, run, { runs: 9, warmup: 2 });
    rows.push({
      section: SECTION,
      name,
      baselineLabel: 'raw fetch + JSON.parse',
      baseline: expected / (result.baseline.ms / 1000),
      value: expected / (result.candidate.ms / 1000),
      unit: 'rows/s',
      ...cpuGoal(result, goal[0], goal[1]),
      details: {
        ratioIs: 'bankkit time / raw time',
        ...(run === mapped ? { checks } : {}),
        baselineMs: result.baseline.ms,
        bankkitMs: result.candidate.ms,
        baselineCpuMs: result.baseline.cpuMs,
        bankkitCpuMs: result.candidate.cpuMs,
        runs: result.runs,
        ratioOfMedians: result.ratioOfMedians,
        baselineRunMs: result.baseline.samples,
        bankkitRunMs: result.candidate.samples,
      },
    });
  }
  return rows;
}

/**
 * What the timed listing must deliver, checked once outside the timing: two fetches give the same
 * set of unique ids (the bank's own ids change on every call), every booking date is an Oslo
 * `YYYY-MM-DD`, and every amount is an exact decimal string with a currency.
 */
async function checkMapping(
  provider: SpareBank1Provider,
  accountIds: string[],
  expected: number,
): Promise<{
  uniqueIds: number;
  stableAcrossFetches: boolean;
  datesAreIsoDays: boolean;
  amountsAreDecimalStrings: boolean;
}> {
  const first = (await provider.listTransactions({ ...WINDOW, accountIds })).resources;
  const second = (await provider.listTransactions({ ...WINDOW, accountIds })).resources;
  const ids = new Set(first.map((transaction) => transaction.id));
  const checks = {
    uniqueIds: ids.size,
    stableAcrossFetches:
      second.length === first.length && second.every((transaction) => ids.has(transaction.id)),
    datesAreIsoDays: first.every((transaction) => /^\d{4}-\d{2}-\d{2}$/.test(transaction.bookingDate)),
    amountsAreDecimalStrings: first.every(
      (transaction) =>
        /^-?\d+(\.\d+)?$/.test(transaction.amount.amount) && /^[A-Z]{3}$/.test(transaction.amount.currency),
    ),
  };
  if (
    ids.size !== expected ||
    !checks.stableAcrossFetches ||
    !checks.datesAreIsoDays ||
    !checks.amountsAreDecimalStrings
  ) {
    throw new Error(`SpareBank 1 mapping check failed: ${JSON.stringify(checks)}`);
  }
  return checks;
}
