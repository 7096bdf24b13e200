import type { UserClient } from '@bankkit/bridge';
import { bridgeUserClient, recordCall } from '../lib/bridge-setup.ts';
import { rawJson, recordingFetch } from '../lib/recording-fetch.ts';
import { cpuGoal, type ResultRow } from '../lib/report.ts';
import type { SandboxInfo } from '../lib/sandbox-process.ts';
import { loggedInSpareBank1 } from '../lib/sparebank1-setup.ts';
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
        { runs: 31, warmup: 4 },
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
  rows.push(...(await spareBank1Calls(info)));
  return rows;
}

/** `SpareBank1Client.listAccounts` and `getAccount` against raw fetch of the same request, at concurrency 1. */
async function spareBank1Calls(info: SandboxInfo): Promise<ResultRow[]> {
  const client = await loggedInSpareBank1(info);
  const [first] = await client.listAccounts();
  if (!first) throw new Error('the SpareBank 1 demo user has no account');
  const calls = [
    { name: 'SpareBank1Client.listAccounts', call: (sb1: typeof client) => sb1.listAccounts() },
    { name: 'SpareBank1Client.getAccount', call: (sb1: typeof client) => sb1.getAccount(first.key) },
  ];
  const rows: ResultRow[] = [];
  for (const { name, call } of calls) {
    const recorder = recordingFetch();
    await call(await loggedInSpareBank1(info, { fetch: recorder.fetch }));
    const recorded = recorder.requests.at(-1);
    if (!recorded) throw new Error(`${name} made no request`);
    const count = CALLS[1] ?? 50;
    const result = await compare(
      () => withConcurrency(count, 1, () => rawJson(recorded.url, recorded.headers)),
      () => withConcurrency(count, 1, () => call(client)),
      { runs: 31, warmup: 4 },
    );
    rows.push({
      section: '3. SpareBank 1 calls',
      name: `${name}, concurrency 1 (${count} calls a run)`,
      baselineLabel: 'raw fetch + JSON.parse',
      baseline: result.baseline.ms / count,
      value: result.candidate.ms / count,
      unit: 'ms/call',
      ...cpuGoal(result, TARGET),
      details: {
        url: new URL(recorded.url).pathname,
        baselineCpuMsPerCall: result.baseline.cpuMs / count,
        bankkitCpuMsPerCall: result.candidate.cpuMs / count,
      },
    });
  }
  return rows;
}
