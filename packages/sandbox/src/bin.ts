#!/usr/bin/env node
/**
 * Standalone entry: `node packages/sandbox/dist/bin.js [options]` (or `pnpm sandbox`). Starts the
 * sandbox, prints its URLs and demo credentials, and stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { DEMO_USER } from './bridge/options.js';
import { BRIDGE_V3_CONTROL_PREFIX } from './bridge/v3/index.js';
import { type Sandbox, startSandbox } from './runtime/start.js';

const USAGE = `Usage: bankkit-sandbox [options]

  --host <ip>                  interface to bind (default 127.0.0.1)
  --seed <n>                   data seed (default 1)
  --bridge-port <n>            Bridge port (default: a free port)
  --sparebank1-port <n>        SpareBank 1 API port (default: a free port)
  --sparebank1-auth-port <n>   SpareBank 1 auth port (default: a free port)
  --transactions <n>           Bridge transactions of each user (default 300)
  --rate-limits                enforce the providers' documented rate limits
  --webhook <url>              send Bridge v3 webhooks to <url> (repeatable)
  --webhook-secret <secret>    their signing secret (default: a random one, printed)
  -h, --help                   show this help
`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new RangeError(`--${name} must be a non-negative integer, got ${value}`);
  return Number(value);
}

function describe(sandbox: Sandbox): string {
  const { bridge, sparebank1 } = sandbox;
  const demo = bridge.users[0];
  return [
    `bankkit sandbox running (seed ${sandbox.seed})`,
    '',
    'Bridge v2 (Bridge-Version 2021-06-01)',
    `  base URL        ${bridge.baseUrl}   (paths start with /v2)`,
    `  Client-Id       ${bridge.clientId}`,
    `  Client-Secret   ${bridge.clientSecret}`,
    demo === undefined
      ? '  (no seeded users)'
      : `  demo user       ${demo.email} / ${demo.password}   (uuid ${demo.uuid})`,
    '',
    'Bridge v3 (Bridge-Version 2025-01-15), same origin and data',
    `  base URL        ${bridge.baseUrl}   (paths start with /v3)`,
    demo === undefined
      ? '  (no seeded users)'
      : `  demo user       external_user_id ${DEMO_USER.externalUserId} (uuid ${demo.uuid})`,
    `  control API     ${bridge.baseUrl}${BRIDGE_V3_CONTROL_PREFIX}`,
    ...bridge.v3.webhooks.list().map((hook) => `  webhook         ${hook.url}   secret ${hook.secrets[0]}`),
    '',
    'SpareBank 1 (personal client)',
    `  API base URL    ${sparebank1.baseUrl}`,
    `  auth base URL   ${sparebank1.authBaseUrl}`,
    `  client_id       ${sparebank1.clientId}`,
    `  client_secret   ${sparebank1.clientSecret}`,
    `  redirect URIs   ${sparebank1.redirectUris.join(', ')}`,
    '  login           simulated BankID: approve on the consent page',
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      seed: { type: 'string' },
      'bridge-port': { type: 'string' },
      'sparebank1-port': { type: 'string' },
      'sparebank1-auth-port': { type: 'string' },
      transactions: { type: 'string' },
      'rate-limits': { type: 'boolean' },
      webhook: { type: 'string', multiple: true },
      'webhook-secret': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  const transactions = integer('transactions', values.transactions);
  const secret = values['webhook-secret'];
  const webhooks = (values.webhook ?? []).map((url) => (secret === undefined ? { url } : { url, secret }));
  const sandbox = await startSandbox({
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.seed === undefined ? {} : { seed: integer('seed', values.seed) }),
    ports: {
      bridge: integer('bridge-port', values['bridge-port']),
      sparebank1: integer('sparebank1-port', values['sparebank1-port']),
      sparebank1Auth: integer('sparebank1-auth-port', values['sparebank1-auth-port']),
    },
    rateLimits: values['rate-limits'] === true,
    bridge: {
      ...(transactions === undefined ? {} : { transactionsPerUser: transactions }),
      v3: { webhooks },
    },
  });
  process.stdout.write(`${describe(sandbox)}\n`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bankkit sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
