// Smoke test of the packed CLI, run from a fresh npm project on the Node under test: the installed
// `bankkit` binary (found through node_modules/.bin, as npm links it) runs the demo, marks sandbox
// data, and prints completion scripts; `@bankkit/cli` imports.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const manifest = require('@bankkit/cli/package.json');
const { runCli } = await import('@bankkit/cli');
assert.equal(typeof runCli, 'function');

const configDir = mkdtempSync(join(tmpdir(), 'bankkit-smoke-'));
const env = { ...process.env, BANKKIT_CONFIG_DIR: configDir, BANKKIT_NO_BROWSER: '1' };
for (const name of Object.keys(env)) {
  if (name.startsWith('BANKKIT_') && !['BANKKIT_CONFIG_DIR', 'BANKKIT_NO_BROWSER'].includes(name))
    delete env[name];
}
// The binary starts with `#!/usr/bin/env node`: the Node under test must be the first `node` found.
env.PATH = `${dirname(process.execPath)}${delimiter}${env.PATH ?? ''}`;
const bankkit = (...args) => {
  const result = spawnSync(resolve('node_modules/.bin/bankkit'), args, {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, `bankkit ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result;
};
try {
  assert.equal(bankkit('--version').stdout.trim(), manifest.version);
  assert.match(bankkit('demo', '-n', '3').stdout, /^\d+ accounts, [\d,]+ transactions, \d+ pages fetched/m);
  const accounts = bankkit('accounts', '--format', 'json');
  const parsed = JSON.parse(accounts.stdout);
  assert.ok(parsed.length > 0 && parsed.every((account) => account.sandbox === true));
  assert.match(accounts.stderr, /SANDBOX DATA/);
  for (const shell of ['bash', 'zsh', 'fish']) {
    assert.match(bankkit('completion', shell).stdout, /bankkit complete --/);
  }
} finally {
  rmSync(configDir, { recursive: true, force: true });
}
console.log(`CLI smoke test passed on Node ${process.version}`);
