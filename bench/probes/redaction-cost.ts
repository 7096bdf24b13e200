// Standalone: `pnpm build && node bench/probes/redaction-cost.ts`. What redaction costs per redacted
// text since it also catches registered secrets in any letter case and by any leading fragment of
// 12+ characters (issue 10, item 8), against the previous exact-match scan, measured in the same
// run. redact() runs when an error is built or a log line is written; a successful call without a
// logger does not redact anything (it only registers the token, a Set lookup).
import { randomBytes } from 'node:crypto';
import { REDACTED, redact, registerSecret } from '@bankkit/core';

/** The previous algorithm: every registered form searched for exactly, one by one. */
function exactScan(text: string, forms: readonly string[]): string {
  let out = text;
  for (const secret of forms) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

function formsOf(values: readonly string[]): string[] {
  const all = new Set<string>();
  for (const value of values) {
    all.add(value);
    all.add(encodeURIComponent(value));
    all.add(new URLSearchParams([['', value]]).toString().slice(1));
  }
  return [...all].sort((a, b) => b.length - a.length);
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Median µs per call of `run` over 15 runs of `count` calls. */
function timeIt(run: () => unknown, count: number): number {
  for (let index = 0; index < count; index++) run();
  const samples: number[] = [];
  for (let round = 0; round < 15; round++) {
    const started = performance.now();
    for (let index = 0; index < count; index++) run();
    samples.push(((performance.now() - started) * 1000) / count);
  }
  return median(samples);
}

const message =
  'sparebank1: GET https://api.sparebank1.no/personal/banking/transactions?accountKey=MzIwOTY4OTQzMDg&fromDate=2026-01-01 ' +
  'failed with HTTP 400 Bad Request (provider code transactions.invalid, "The request was not valid: check the parameters", ' +
  'request id 7f1c2a9e-4b3d-4e21-9a0f-5c6d7e8f9a0b). The provider rejected the request: check its parameters.';

const registered: string[] = [];
const rows: string[] = [];
for (const count of [5, 100, 2000]) {
  while (registered.length < count) {
    const value = `tok-${randomBytes(24).toString('base64url')}`;
    registered.push(value);
    registerSecret(value);
  }
  const forms = formsOf(registered);
  const withSecret = `${message} echoed ${registered[0]?.slice(0, 20).toUpperCase()}`;
  redact(message); // build the index once
  const before = timeIt(() => exactScan(message, forms), count >= 2000 ? 200 : 2000);
  const after = timeIt(() => redact(message), count >= 2000 ? 200 : 2000);
  const afterEcho = timeIt(() => redact(withSecret), count >= 2000 ? 200 : 2000);
  rows.push(
    `secrets=${count}: exact scan ${before.toFixed(2)} µs, new scan ${after.toFixed(2)} µs (ratio ${(after / before).toFixed(2)}), ` +
      `with an altered echo ${afterEcho.toFixed(2)} µs`,
  );
}
// A rotated token invalidates the index: the next redact rebuilds it (2,000 secrets registered now).
const rebuild = timeIt(() => {
  registerSecret(`tok-${randomBytes(24).toString('base64url')}`);
  redact(message);
}, 20);
rows.push(
  `a new token registered, then the first redact (index rebuilt for 2,000 secrets): ${rebuild.toFixed(0)} µs`,
);
console.log(`redaction cost per ${message.length}-character error message (median of 15 runs):`);
for (const row of rows) console.log(`  ${row}`);
