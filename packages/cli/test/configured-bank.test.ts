import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@bankkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsentOverHttp } from '../src/login/consent-follower.js';
import {
  allOutput,
  collect,
  runBankkit,
  spawnBankkit,
  tempConfigDir,
  waitForStderr,
} from './helpers/run-bankkit.js';
import { readTokenFile } from './helpers/test-sandbox.js';

/**
 * The "real bank" path: credentials in config.json and the environment, tokens in tokens.json.
 * The configured base URLs point at a sandbox, since no test reaches a real bank.
 */
let sandbox: Sandbox;
let configDir: { dir: string; remove(): Promise<void> };
let callbackPort: number;
let env: Record<string, string>;

beforeAll(async () => {
  callbackPort = await freePort();
  // The configured redirect URI is registered exactly, as it must be at the bank.
  sandbox = await startSandbox({
    host: '127.0.0.1',
    sparebank1: { redirectUris: [`http://127.0.0.1:${callbackPort}/callback`] },
  });
  configDir = await tempConfigDir();
  await writeFile(
    join(configDir.dir, 'config.json'),
    JSON.stringify({
      sparebank1: {
        clientId: sandbox.sparebank1.clientId,
        clientSecret: sandbox.sparebank1.clientSecret,
        redirectUri: `http://127.0.0.1:${callbackPort}/callback`,
        baseUrl: sandbox.sparebank1.baseUrl,
        authBaseUrl: sandbox.sparebank1.authBaseUrl,
      },
      bridge: { clientId: sandbox.bridge.clientId, baseUrl: sandbox.bridge.baseUrl },
    }),
    { mode: 0o600 },
  );
  const demo = sandbox.bridge.users[0];
  env = {
    BANKKIT_BRIDGE_CLIENT_SECRET: sandbox.bridge.clientSecret,
    BANKKIT_BRIDGE_EMAIL: demo?.email ?? '',
    BANKKIT_BRIDGE_PASSWORD: demo?.password ?? '',
  };
});

afterAll(async () => {
  await sandbox?.close();
  await configDir?.remove();
});

const bankkit = (...args: string[]) => runBankkit(args, { configDir: configDir.dir, env });

describe('with configured credentials', () => {
  it('reports Bridge as not logged in until a token is stored, naming the credentials it will use', async () => {
    const result = await bankkit('status', '--format', 'json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { providers: Array<Record<string, unknown>> };
    const bridge = report.providers.find((entry) => entry.provider === 'bridge');
    expect(bridge?.loggedIn).toBe(false);
    expect(bridge?.note).toBe('logs in with the configured email and password on first use');

    const text = await bankkit('status');
    expect(text.stdout).toContain('Bridge (real banks): not logged in');
    expect(text.stdout).toContain('  logs in with the configured email and password on first use');
  });

  it('needs a SpareBank 1 login, and says so without mentioning the sandbox', async () => {
    const result = await bankkit('accounts');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error: SpareBank 1 needs a login: run `bankkit login sparebank1`');
    expect(result.stderr).not.toMatch(/sandbox/i);
  });

  it('logs in on the configured redirect URI and keeps the tokens in tokens.json', async () => {
    const child = spawnBankkit(['login', 'sparebank1'], { configDir: configDir.dir, env });
    const finished = collect(child);
    const [url] = await waitForStderr(child, /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+/);
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${callbackPort}/callback`);
    await approveConsentOverHttp(url);
    const result = await finished;
    expect(result.code).toBe(0);

    const tokens = await readTokenFile(join(configDir.dir, 'tokens.json'));
    expect(Object.keys(tokens.tokens)).toEqual(['sparebank1']);
    expect(existsSync(join(configDir.dir, 'sandbox-tokens.json'))).toBe(false);
  });

  it('lists both banks, Bridge renewing with the configured email and password', async () => {
    const result = await bankkit('accounts', '--format', 'json');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const accounts = JSON.parse(result.stdout) as Array<{ provider: string }>;
    expect(new Set(accounts.map((account) => account.provider))).toEqual(new Set(['sparebank1', 'bridge']));

    const status = await bankkit('status');
    expect(status.stdout).toContain('SpareBank 1 (real banks): logged in');
    expect(status.stdout).toContain('renews with the configured email and password');
  });

  it('asks for the Bridge password on a terminal only; without one it says how to give it (exit 2)', async () => {
    const result = await runBankkit(['login', 'bridge'], {
      configDir: configDir.dir,
      env: { ...env, BANKKIT_BRIDGE_PASSWORD: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'The Bridge password is needed and stdin is not a terminal to ask for it',
    );
    expect(result.stderr).toContain('BANKKIT_BRIDGE_PASSWORD');
  });

  it('logs in to Bridge by user uuid', async () => {
    const uuid = sandbox.bridge.users[0]?.uuid ?? '';
    const result = await bankkit('login', 'bridge', '--user-uuid', uuid);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Logged in to Bridge as user ${uuid}`);
    // Later commands renew with the configured email and password, not with this uuid.
    expect(result.stderr).toContain('is renewed with the configured email and password afterwards');
    const tokens = await readTokenFile(join(configDir.dir, 'tokens.json'));
    expect(tokens.tokens.bridge?.userUuid).toBe(uuid);
  });

  it('warns when config.json holds secrets that others can read', async () => {
    const file = join(configDir.dir, 'config.json');
    await chmod(file, 0o644);
    try {
      const result = await bankkit('status');
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`warning: ${file} holds client secrets and others can read it`);
    } finally {
      await chmod(file, 0o600);
    }
  });

  it('--sandbox ignores the configured credentials and their tokens', async () => {
    const result = await bankkit('status', '--sandbox');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SpareBank 1 (sandbox): not logged in');
  });

  it('printed no secret', () => {
    const output = allOutput.join('\n');
    for (const secret of [
      sandbox.sparebank1.clientSecret,
      sandbox.bridge.clientSecret,
      sandbox.bridge.users[0]?.password ?? '?',
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
