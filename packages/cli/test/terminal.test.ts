import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allOutput, BIN, cliEnv, requireBuiltCli, tempConfigDir } from './helpers/run-bankkit.js';
import { screenLines } from './helpers/screen.js';
import { type RunningTestSandbox, readTokenFile, startRunningSandbox } from './helpers/test-sandbox.js';

/** util-linux `script` runs a command on a pseudo-terminal, as a person at a terminal would. */
const SCRIPT = '/usr/bin/script';
const hasScript = existsSync(SCRIPT);

/**
 * Runs `bankkit <args>` on a terminal (`columns` wide, 40 lines); `answer` is typed when the output
 * contains `prompt`. stdout and stderr both reach the terminal, as they do for a person.
 */
function runOnTerminal(
  args: string,
  configDir: string,
  typing?: { prompt: string; answer: string },
  columns = 120,
): Promise<{ code: number | null; output: string }> {
  requireBuiltCli();
  const command = `stty cols ${columns} rows 40; '${process.execPath}' '${BIN}' ${args}`;
  const child = spawn(SCRIPT, ['-q', '-e', '-c', command, '/dev/null'], {
    env: { ...cliEnv({ configDir }), TERM: 'dumb' },
  });
  let output = '';
  let typed = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (typing && !typed && output.includes(typing.prompt)) {
      typed = true;
      child.stdin.write(`${typing.answer}\r`);
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit within 30 s; output:\n${output}`));
    }, 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      allOutput.push(output);
      resolve({ code, output });
    });
  });
}

describe.skipIf(!hasScript)(
  `on a terminal${hasScript ? '' : ' (skipped: /usr/bin/script is missing)'}`,
  () => {
    let running: RunningTestSandbox;

    beforeAll(async () => {
      running = await startRunningSandbox({ bridge: { users: 2, transactionsPerUser: 400 } });
    });
    afterAll(async () => {
      await running?.close();
    });

    it('asks for the Bridge password without echoing it', async () => {
      const user = running.sandbox.bridge.users[1];
      if (!user) throw new Error('the sandbox seeded one user only');
      const { code, output } = await runOnTerminal(
        `login bridge --sandbox --email ${user.email}`,
        running.configDir,
        {
          prompt: `Bridge password for ${user.email}`,
          answer: user.password,
        },
      );
      expect(code).toBe(0);
      expect(output).toContain('*'.repeat(user.password.length));
      expect(output).not.toContain(user.password);
      expect(output).toContain(`Logged in to Bridge as user ${user.uuid}`);
      const tokens = await readTokenFile(running.tokenFile);
      expect(tokens.tokens.bridge?.userUuid).toBe(user.uuid);
    });

    it('shows fetch progress on stderr while the export goes to a file', async () => {
      const target = join(running.configDir, 'all.ndjson');
      const { code, output } = await runOnTerminal(
        `transactions --sandbox --provider bridge --format ndjson --output '${target}'`,
        running.configDir,
      );
      expect(code).toBe(0);
      // The provider asks Bridge for pages of 500, so the 400 rows come in one page.
      expect(output).toContain('\r\u001b[2KFetching transactions: 1 page, 400 items');
      expect(output).toContain('Wrote 400 transactions to');
      // Nothing of the export itself reached the terminal.
      expect(output).not.toContain('"accountId"');
    });

    it('clears the progress line before the table: the screen shows the table alone', async () => {
      const { code, output } = await runOnTerminal(
        'transactions --sandbox --provider bridge',
        running.configDir,
      );
      expect(code).toBe(0);
      // The progress line was drawn...
      expect(output).toContain('Fetching transactions: 1 page, 400 items');
      // ...and is gone from the screen, which starts with the table's top border on a line of its own.
      const screen = screenLines(output).filter((line) => line !== '');
      expect(screen.some((line) => line.includes('Fetching transactions'))).toBe(false);
      expect(screen[0]).toMatch(/^┌─+┬/);
      expect(screen.at(-1)).toMatch(/^└─+┴.*┘$/);
      const rows = screen.filter((line) => /^│ \d{4}-\d{2}-\d{2} │/.test(line));
      expect(rows).toHaveLength(400);
    });

    it('shows no progress line while the rows themselves stream to the terminal', async () => {
      const { code, output } = await runOnTerminal(
        'transactions --sandbox --provider bridge --format ndjson',
        running.configDir,
      );
      expect(code).toBe(0);
      expect(output).not.toContain('Fetching transactions');
      const rows = screenLines(output).filter((line) => line.startsWith('{'));
      expect(rows).toHaveLength(400);
      for (const row of rows) expect((JSON.parse(row) as { sandbox?: unknown }).sandbox).toBe(true);
    });

    it.each([120, 80, 70])('fits tables of both banks in a terminal %i columns wide', async (columns) => {
      // An empty config dir: an embedded sandbox, logged in to both banks by the CLI itself.
      const empty = await tempConfigDir();
      for (const args of ['transactions --sandbox', 'accounts --sandbox']) {
        const { code, output } = await runOnTerminal(args, empty.dir, undefined, columns);
        expect(code).toBe(0);
        const screen = screenLines(output).filter((line) => line !== '');
        expect(screen.length).toBeGreaterThan(3);
        const table = screen.filter((line) => /^[│┌├└]/.test(line));
        // Still a table, every line as wide as the others, and as wide as the terminal allows.
        const widths = new Set(table.map((line) => [...line].length));
        expect(widths.size).toBe(1);
        expect([...widths][0]).toBeLessThanOrEqual(columns);
        // The sandbox mark is never cut.
        expect(screen.filter((line) => /^│ .*\(sandbox\)/.test(line)).length).toBeGreaterThan(5);
      }
      await empty.remove();
    });
  },
);
