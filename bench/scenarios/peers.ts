import { request as octokitRequest } from '@octokit/request';
import ky from 'ky';
import * as oidc from 'openid-client';
import { request as undiciRequest } from 'undici';
import { bridgeUserClient, recordCall } from '../lib/bridge-setup.ts';
import { rawJson } from '../lib/recording-fetch.ts';
import { cpuGoal, type ResultRow } from '../lib/report.ts';
import type { SandboxInfo } from '../lib/sandbox-process.ts';
import { compareMany, withConcurrency } from '../lib/stats.ts';

const SECTION = '6. Peers';
const CALLS: Record<number, number> = { 1: 50, 16: 160 };

/**
 * The same `GET /v2/accounts/{id}` (same URL, same headers, JSON parsed) through bankkit and the
 * libraries people would use instead: ky, `@octokit/request`, openid-client's
 * `fetchProtectedResource`, and undici's own `request` (below fetch: the floor). All against raw
 * fetch + `JSON.parse` in the same rounds, in rotating order.
 */
export async function peers(info: SandboxInfo): Promise<ResultRow[]> {
  const client = bridgeUserClient(info);
  const account = (await client.listAccounts()).resources[0];
  if (!account) throw new Error('the demo user has no account');
  const recorded = await recordCall(info, (user) => user.getAccount(account.id));
  const { url, headers } = recorded;
  const { authorization = '', ...appHeaders } = headers;
  const accessToken = authorization.replace(/^Bearer /, '');

  const config = new oidc.Configuration({ issuer: new URL(url).origin }, info.bridge.clientId);
  oidc.allowInsecureRequests(config); // the sandbox is plain http on loopback
  const target = new URL(url);
  const oidcHeaders = new Headers(appHeaders);

  const calls = {
    'undici request (floor)': async () => {
      const { body } = await undiciRequest(url, { headers });
      await body.json();
    },
    ky: async () => {
      await ky.get(url, { headers, retry: 0, timeout: false }).json();
    },
    '@octokit/request': async () => {
      await octokitRequest({ method: 'GET', url, headers: { ...headers, accept: 'application/json' } });
    },
    'openid-client fetchProtectedResource': async () => {
      const response = await oidc.fetchProtectedResource(
        config,
        accessToken,
        target,
        'GET',
        undefined,
        oidcHeaders,
      );
      await response.json();
    },
    bankkit: async () => {
      await client.getAccount(account.id);
    },
  };
  type Name = keyof typeof calls;

  const rows: ResultRow[] = [];
  for (const concurrency of [1, 16]) {
    const count = CALLS[concurrency] ?? 100;
    const times = (call: () => Promise<unknown>) => () => withConcurrency(count, concurrency, call);
    const contenders = Object.fromEntries(
      Object.entries(calls).map(([name, call]) => [name, times(call)]),
    ) as Record<Name, () => Promise<void>>;
    const results = await compareMany(
      times(() => rawJson(url, headers)),
      contenders,
      { runs: 15, warmup: 2 },
    );
    for (const name of Object.keys(calls) as Name[]) {
      const result = results[name];
      rows.push({
        section: SECTION,
        name: `${name}: getAccount, concurrency ${concurrency} (${count} calls a run)`,
        baselineLabel: 'raw fetch + JSON.parse',
        baseline: result.baseline.ms / count,
        value: result.candidate.ms / count,
        unit: 'ms/call',
        ...cpuGoal(result, undefined),
        details: {
          baselineCpuMsPerCall: result.baseline.cpuMs / count,
          cpuMsPerCall: result.candidate.cpuMs / count,
          runs: result.runs,
        },
      });
    }
  }
  return rows;
}
