import { bridgeUserClient, recordCall } from '../lib/bridge-setup.ts';
import { rawJson } from '../lib/recording-fetch.ts';
import { cpuGoal, type ResultRow } from '../lib/report.ts';
import type { SandboxInfo } from '../lib/sandbox-process.ts';
import { compare } from '../lib/stats.ts';

const TARGET = 1.1;
const LIMIT = 500;

interface RawPage {
  resources: unknown[];
  pagination: { next_uri: string | null };
}

/**
 * `fetchAll()` of every transaction of the demo user (100,000 in the paging sandbox) at limit 500,
 * against a raw fetch loop that follows `next_uri`, parses the JSON and collects the resources.
 */
export async function paging(info: SandboxInfo, expected: number): Promise<ResultRow[]> {
  const client = bridgeUserClient(info);
  const recorded = await recordCall(info, (user) => user.listTransactions({ limit: LIMIT }));
  const origin = new URL(recorded.url).origin;

  const raw = async (): Promise<void> => {
    const items: unknown[] = [];
    let url: string | null = recorded.url;
    while (url !== null) {
      const page = (await rawJson(url, recorded.headers)) as RawPage;
      for (const item of page.resources) items.push(item);
      const next = page.pagination.next_uri;
      url = next ? origin + next : null;
    }
    if (items.length !== expected) throw new Error(`raw paging got ${items.length} items, not ${expected}`);
  };
  const bankkit = async (): Promise<void> => {
    const items = await (await client.listTransactions({ limit: LIMIT })).fetchAll();
    if (items.length !== expected) throw new Error(`fetchAll() got ${items.length} items, not ${expected}`);
  };

  const result = await compare(raw, bankkit, { runs: 9, warmup: 1 });
  return [
    {
      section: '2. Paging',
      name: `fetchAll() of ${expected.toLocaleString('en-US')} transactions, limit ${LIMIT}`,
      baselineLabel: 'raw fetch loop on next_uri',
      baseline: result.baseline.ms,
      value: result.candidate.ms,
      unit: 'ms',
      ...cpuGoal(result, TARGET),
      details: {
        pages: Math.ceil(expected / LIMIT),
        runs: result.runs,
        ratioOfMedians: result.ratioOfMedians,
        baselineCpuMs: result.baseline.cpuMs,
        bankkitCpuMs: result.candidate.cpuMs,
        baselineRunMs: result.baseline.samples,
        bankkitRunMs: result.candidate.samples,
      },
    },
  ];
}
