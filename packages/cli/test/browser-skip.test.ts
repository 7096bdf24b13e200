import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VITEST = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url));

describe('without Chromium', () => {
  it('the browser test is skipped with one visible line naming the browser and how to install it', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', NO_COLOR: '1' };
    delete env.CI;
    delete env.VITEST;
    delete env.VITEST_WORKER_ID;
    delete env.VITEST_POOL_ID;
    delete env.NODE_ENV;
    const child = spawn(process.execPath, [VITEST, 'run', '--project', 'cli', 'test/browser-login.test.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    const lines = output.split('\n').filter((line) => line.includes('Chromium'));
    expect(lines).toEqual([
      'skipped: the real-browser login test, because Chromium is missing at /nonexistent/chromium: install it with `sudo apt-get install chromium` (or set CHROMIUM_PATH)',
    ]);
    expect(output).toMatch(/1 skipped/);
  });
});
