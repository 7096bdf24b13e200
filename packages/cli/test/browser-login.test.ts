import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium } from './helpers/chromium.js';
import { collect, runBankkit, spawnBankkit, waitForStderr } from './helpers/run-bankkit.js';
import { type RunningTestSandbox, startRunningSandbox } from './helpers/test-sandbox.js';

if (!hasChromium && process.env.CI) {
  // CI installs Debian's chromium (.ci/run); its absence there is a broken setup, not a reason to skip.
  describe('real-browser login', () => {
    it('needs chromium', () => {
      throw new Error(`${CHROMIUM} is missing: install the Debian package \`chromium\` (.ci/run does).`);
    });
  });
}

// Without Chromium, test/global-setup.ts prints one line saying so and how to install it.
describe.skipIf(!hasChromium)('real-browser login', () => {
  let sandbox: RunningTestSandbox;

  beforeAll(async () => {
    sandbox = await startRunningSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('logs in to SpareBank 1 with a click on Approve in headless Chromium', async () => {
    const child = spawnBankkit(['login', 'sparebank1', '--sandbox'], { configDir: sandbox.configDir });
    const finished = collect(child, 60_000);
    const [url] = await waitForStderr(child, /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+/);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.getByRole('button', { name: /approve/i }).click();
      await page.waitForURL(/\/callback\?/);
      expect(await page.locator('h1').textContent()).toBe('Logged in');

      const result = await finished;
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('Logged in to SpareBank 1');
    } finally {
      await browser.close();
    }

    const status = await runBankkit(['status', '--sandbox', '--format', 'json'], {
      configDir: sandbox.configDir,
    });
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as {
      providers: Array<{ provider: string; loggedIn: boolean }>;
    };
    expect(report.providers.find((entry) => entry.provider === 'sparebank1')?.loggedIn).toBe(true);
  });
});
