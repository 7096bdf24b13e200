import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/run.js';
import { BIN, cliEnv, runBankkit, tempConfigDir } from './helpers/run-bankkit.js';

/** Completion scripts call `bankkit` by name: a PATH entry that runs the built binary. */
let pathDir: { dir: string; remove(): Promise<void> };
beforeAll(async () => {
  pathDir = await tempConfigDir();
  const wrapper = join(pathDir.dir, 'bankkit');
  await writeFile(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  await chmod(wrapper, 0o755);
});
afterAll(async () => {
  await pathDir.remove();
});

const run = (...args: string[]) => runBankkit(args, { configDir: pathDir.dir });

/** The suggestions of `bankkit complete -- <words>`, one value per line, without the directive. */
async function suggestions(...words: string[]): Promise<string[]> {
  const result = await run('complete', '--', ...words);
  expect(result.code).toBe(0);
  return result.stdout
    .trimEnd()
    .split('\n')
    .filter((line) => !line.startsWith(':'))
    .map((line) => line.split('\t')[0] ?? '');
}

/** Runs a shell script with the wrapper first on PATH. */
function shell(program: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = cliEnv({ configDir: pathDir.dir });
  env.PATH = `${pathDir.dir}:${env.PATH ?? ''}`;
  const result = spawnSync(program, args, { env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bankkit completion', () => {
  it.each(['bash', 'zsh', 'fish'])('prints a %s script that asks bankkit itself', async (name) => {
    const result = await run('completion', name);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('bankkit complete --');
    expect(result.stderr).toBe('');
  });

  it('writes to the streams runCli was given, inside another program', async () => {
    const stdout = new PassThrough();
    let text = '';
    stdout.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    const processWrite = vi.spyOn(process.stdout, 'write');
    const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} };
    try {
      expect(await runCli(['complete', '--', 'transactions', '--format', ''], { io })).toBe(0);
      expect(await runCli(['completion', 'fish'], { io })).toBe(0);
    } finally {
      processWrite.mockRestore();
    }
    expect(text).toContain('table\t\njson\t\nndjson\t\ncsv\t\n:4\n');
    expect(text).toContain('complete -c bankkit');
    expect(processWrite).not.toHaveBeenCalled();
  });

  it('refuses a shell it does not know (exit 2)', async () => {
    const result = await run('completion', 'tcsh');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish, powershell/,
    );
  });

  it('completes from the command definitions: every command of --help, options, and their values', async () => {
    const help = await run('--help');
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]);
    expect(commands).toContain('transactions');
    const top = await suggestions('');
    for (const command of commands) expect(top).toContain(command);
    expect(top).not.toContain('complete');

    expect(await suggestions('tra')).toEqual(['transactions']);
    expect(await suggestions('transactions', '--format', '')).toEqual(['table', 'json', 'ndjson', 'csv']);
    expect(await suggestions('accounts', '--format', '')).toEqual(['table', 'json', 'csv']);
    expect(await suggestions('accounts', '--provider', '')).toEqual(['sparebank1', 'bridge']);
    expect(await suggestions('logout', '')).toEqual(['sparebank1', 'bridge']);
    expect(await suggestions('login', '')).toEqual(['sparebank1', 'bridge']);
    const options = await suggestions('transactions', '--');
    for (const option of ['--provider', '--account', '--from', '--to', '--format', '--output']) {
      expect(options).toContain(option);
    }
  });

  // CI installs the shells (.ci/run); elsewhere a missing one skips its test.
  const missing = (path: string) => !existsSync(path) && !process.env.CI;
  const bashCompletion = '/usr/share/bash-completion/bash_completion';
  it.skipIf(missing(bashCompletion))('completes in a real bash (with bash-completion)', () => {
    const script = [
      `source ${bashCompletion}`,
      'source <(bankkit completion bash)',
      'COMP_WORDS=(bankkit transactions --format "")',
      'COMP_CWORD=3',
      'COMP_LINE="bankkit transactions --format "',
      `COMP_POINT=\${#COMP_LINE}`,
      '__bankkit_complete 2>/dev/null',
      `printf "%s\\n" "\${COMPREPLY[@]}"`,
    ].join('\n');
    const result = shell('bash', ['-c', script]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual(['csv', 'json', 'ndjson', 'table']);
  });

  it.skipIf(missing('/usr/bin/fish'))('completes in a real fish', () => {
    const result = shell('fish', ['-c', 'bankkit completion fish | source; complete -C "bankkit logout "']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual(['bridge', 'sparebank1']);
  });

  it.skipIf(missing('/usr/bin/zsh'))('writes a zsh script that zsh parses', () => {
    const result = shell('zsh', [
      '-c',
      'bankkit completion zsh > "$1" && zsh -n "$1"',
      'zsh',
      join(pathDir.dir, 'c.zsh'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
