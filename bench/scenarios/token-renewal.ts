import { bridgeUserClient } from '../lib/bridge-setup.ts';
import { countingFetch } from '../lib/recording-fetch.ts';
import type { ResultRow } from '../lib/report.ts';
import type { SandboxProcess } from '../lib/sandbox-process.ts';
import { loggedInSpareBank1 } from '../lib/sparebank1-setup.ts';
import { measure, median } from '../lib/stats.ts';

const SECTION = '4. Token renewal';
const CALLS = 1000;
const REPEATS = 5;
/** Bridge user tokens live 2 h; SpareBank 1 access tokens 10 min (the sandbox's defaults). */
const BRIDGE_TTL_MS = 7200_000;
const SPAREBANK1_TTL_MS = 600_000;

/** One provider's case: how to call, and how expiry is brought about. */
interface RenewalCase {
  provider: string;
  /** The renewal request counted (`POST /v2/authenticate`, `POST /oauth/token`). */
  renewal: string;
  call: () => Promise<unknown>;
  counter: { count(): number; reset(): void };
  /** Lets the current token expire; returns once it has. */
  expire: () => Promise<void>;
}

/** 1,000 calls at once, all started before any settles. */
async function burst(call: () => Promise<unknown>): Promise<void> {
  await Promise.all(Array.from({ length: CALLS }, call));
}

async function measureCase(testCase: RenewalCase, kind: string): Promise<ResultRow[]> {
  const valid: number[] = [];
  const expired: number[] = [];
  const renewals: number[] = [];
  await burst(testCase.call); // warm-up: connections open, code paths compiled
  for (let i = 0; i < REPEATS; i++) {
    valid.push((await measure(() => burst(testCase.call))).ms);
    await testCase.expire();
    testCase.counter.reset();
    expired.push((await measure(() => burst(testCase.call))).ms);
    renewals.push(testCase.counter.count());
  }
  const validMs = median(valid);
  const expiredMs = median(expired);
  const maxRenewals = Math.max(...renewals);
  return [
    {
      section: SECTION,
      name: `${testCase.provider}: ${testCase.renewal} requests for ${CALLS} concurrent calls, ${kind}`,
      baselineLabel: 'required',
      baseline: 1,
      value: maxRenewals,
      unit: 'requests',
      target: 'exactly 1',
      pass: renewals.every((count) => count === 1),
      details: { renewalsPerRepeat: renewals },
    },
    {
      section: SECTION,
      name: `${testCase.provider}: ${CALLS} concurrent calls, ${kind}`,
      baselineLabel: 'valid token',
      baseline: validMs,
      value: expiredMs,
      unit: 'ms',
      ratio: expiredMs / validMs,
      details: { addedLatencyMs: expiredMs - validMs, validRunMs: valid, expiredRunMs: expired },
    },
  ];
}

/**
 * 1,000 concurrent calls right after the token expired: how many renewal requests go out (must be
 * one) and how much later the burst completes than the same burst with a valid token. "Expired" is
 * measured two ways: expired on both clocks (the client renews before sending), and expired on the
 * server only (every call gets a 401 and the client renews once on it).
 */
export async function tokenRenewal(sandbox: SandboxProcess): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];

  // Client and server clocks move together: the client sees the expiry and renews first.
  let bridgeOffset = 0;
  const bridgeCounter = countingFetch(/\/v2\/authenticate$/);
  const bridge = bridgeUserClient(sandbox.info, {
    fetch: bridgeCounter.fetch,
    now: () => Date.now() + bridgeOffset,
  });
  const account = (await bridge.listAccounts()).resources[0];
  if (!account) throw new Error('the demo user has no account');
  const bridgeCall = () => bridge.getAccount(account.id);
  rows.push(
    ...(await measureCase(
      {
        provider: 'Bridge',
        renewal: '/v2/authenticate',
        call: bridgeCall,
        counter: bridgeCounter,
        expire: async () => {
          await sandbox.advanceClock(BRIDGE_TTL_MS);
          bridgeOffset += BRIDGE_TTL_MS;
        },
      },
      'token expired',
    )),
  );
  // Only the server's clock moves: the client still trusts its token until the 401s come back.
  rows.push(
    ...(await measureCase(
      {
        provider: 'Bridge',
        renewal: '/v2/authenticate',
        call: bridgeCall,
        counter: bridgeCounter,
        expire: () => sandbox.advanceClock(BRIDGE_TTL_MS),
      },
      'token dead on the server (401)',
    )),
  );

  let sparebank1Offset = 0;
  const sparebank1Counter = countingFetch(/\/oauth\/token$/);
  const sparebank1 = await loggedInSpareBank1(sandbox.info, {
    fetch: sparebank1Counter.fetch,
    now: () => Date.now() + sparebank1Offset,
  });
  const [firstAccount] = await sparebank1.listAccounts();
  if (!firstAccount) throw new Error('the SpareBank 1 demo user has no account');
  rows.push(
    ...(await measureCase(
      {
        provider: 'SpareBank 1',
        renewal: '/oauth/token (refresh grant)',
        call: () => sparebank1.getAccount(firstAccount.key),
        counter: sparebank1Counter,
        expire: async () => {
          await sandbox.advanceClock(SPAREBANK1_TTL_MS);
          sparebank1Offset += SPAREBANK1_TTL_MS;
        },
      },
      'token expired',
    )),
  );
  return rows;
}
