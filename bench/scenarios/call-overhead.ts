import type { UserClient } from '@bankkit/bridge';
import { bridgeUserClient, recordCall } from '../lib/bridge-setup.ts';
import { rawJson } from '../lib/recording-fetch.ts';
import { cpuGoal, type ResultRow } from '../lib/report.ts';
import type { SandboxInfo } from '../lib/sandbox-process.ts';
import { compare, withConcurrency } from '../lib/stats.ts';

const TARGET = 1.15;
const SECTION = '1. Call overhead';

/** Calls per measured run at each concurrency. */
const CALLS: Record<number, number> = { 1: 50, 16: 160 };

/**
 * `UserClient.getAccount` and `listAccounts` (one small page) against raw fetch + JSON.parse of the
 * same URL with the same headers, at concurrency 1 and 16.
 */
export async function callOverhead(info: SandboxInfo): Promise<ResultRow[]> {
  const client = bridgeUserClient(info);
  const firstPage = await client.listAccounts();
  const account = firstPage.resources[0];
  if (!account) throw new Error('the demo user has no account');

  const calls: { name: string; call: (client: UserClient) => Promise<unknown> }[] = [
    { name: 'getAccount', call: (user) => user.getAccount(account.id) },
    { name: 'listAccounts (1 page)', call: (user) => user.listAccounts() },
  ];
  const rows: ResultRow[] = [];
  for (const { name, call } of calls) {
    const recorded = await recordCall(info, call);
    for (const concurrency of [1, 16]) {
      const count = CALLS[concurrency] ?? 100;
      const result = await compare(
        () => withConcurrency(count, concurrency, () => rawJson(recorded.url, recorded.headers)),
        () => withConcurrency(count, concurrency, () => call(client)),
        { runs: 41, warmup: 4 },
      );
      rows.push({
        section: SECTION,
        name: `${name}, concurrency ${concurrency} (${count} calls a run)`,
        baselineLabel: 'raw fetch + JSON.parse',
        baseline: result.baseline.ms / count,
        value: result.candidate.ms / count,
        unit: 'ms/call',
        ...cpuGoal(result, TARGET),
        details: {
          url: new URL(recorded.url).pathname,
          calls: count,
          concurrency,
          runs: result.runs,
          ratioOfMedians: result.ratioOfMedians,
          baselineCpuMsPerCall: result.baseline.cpuMs / count,
          bankkitCpuMsPerCall: result.candidate.cpuMs / count,
          baselineRunMs: result.baseline.samples,
          bankkitRunMs: result.candidate.samples,
        },
      });
    }
  }
  return rows;
}
