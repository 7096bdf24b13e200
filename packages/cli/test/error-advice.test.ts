import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ResponseValidationError } from '@bankkit/core';
import { type Sandbox, startSandbox } from '@bankkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainError } from '../src/errors/explain-error.js';
import { runBankkit, tempConfigDir } from './helpers/run-bankkit.js';

let configDir: { dir: string; remove(): Promise<void> };
let sandbox: Sandbox;
beforeAll(async () => {
  configDir = await tempConfigDir();
  sandbox = await startSandbox({ host: '127.0.0.1' });
});
afterAll(async () => {
  await sandbox?.close();
  await configDir?.remove();
});

async function withBridge(bridge: Record<string, string>) {
  await writeFile(join(configDir.dir, 'config.json'), JSON.stringify({ bridge }), { mode: 0o600 });
  return runBankkit(['accounts'], { configDir: configDir.dir });
}

describe('error advice is given once, and never asks for a flag that is on', () => {
  it('a network failure: one line, one piece of advice', async () => {
    const port = await closedPort();
    const result = await withBridge({
      clientId: 'id',
      clientSecret: 'secret',
      userUuid: 'u',
      baseUrl: `http://127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    // A configuration without an API version is a 2025-01-15 app: the token endpoint is v3's.
    expect(result.stderr).toMatch(
      /^error: Could not reach Bridge: POST http:\/\/127\.0\.0\.1:\d+\/v3\/aggregation\/authorization\/token/,
    );
    expect(result.stderr.match(/\b(retry|try again)\b/gi)).toHaveLength(1);
  });

  it('a network failure of a 2021-06-01 app names the v2 endpoint', async () => {
    const port = await closedPort();
    const result = await withBridge({
      clientId: 'id',
      clientSecret: 'secret',
      userUuid: 'u',
      apiVersion: '2021-06-01',
      baseUrl: `http://127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^error: Could not reach Bridge: POST http:\/\/127\.0\.0\.1:\d+\/v2\/authenticate/,
    );
  });

  it('refused credentials: the advice once', async () => {
    const user = sandbox.bridge.users[0];
    const result = await withBridge({
      clientId: sandbox.bridge.clientId,
      clientSecret: 'not-the-secret',
      email: user?.email ?? '',
      password: user?.password ?? '',
      baseUrl: sandbox.bridge.baseUrl,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: Bridge refused the credentials: /);
    expect(result.stderr.match(/\bcheck\b/gi)).toHaveLength(1);
    expect(result.stderr).not.toContain(user?.password ?? '?');
  });

  it('an unexpected failure asks for --debug, except under --debug', async () => {
    // A config "directory" below a file: the sandbox cannot announce itself there.
    const configDir = '/dev/null/bankkit';
    const plain = await runBankkit(['sandbox'], { configDir });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^error: Unexpected error: ENOTDIR.*: run again with --debug for details$/m);
    const debug = await runBankkit(['sandbox', '--debug'], { configDir });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^error: Unexpected error: ENOTDIR/m);
    expect(debug.stderr).not.toContain('--debug');
  });

  it('does not suggest --debug under --debug', () => {
    const unexpected = new Error('boom');
    expect(explainError(unexpected).hint).toBe('run again with --debug for details');
    expect(explainError(unexpected, { debug: true }).hint).toBeUndefined();
    const drift = new ResponseValidationError('bad shape', { provider: 'bridge', issues: [] });
    expect(explainError(drift).hint).toContain('--debug');
    expect(explainError(drift, { debug: true }).hint).not.toContain('--debug');
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
