import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addDecimal } from '../../../examples/src/decimal.ts';

const NET_WORTH = fileURLToPath(new URL('../../../examples/src/net-worth.ts', import.meta.url));
const CORE_DIST = fileURLToPath(new URL('../../core/dist/index.js', import.meta.url));

describe('examples', () => {
  it('adds decimal amounts exactly', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(addDecimal('1234.50', '-0.75')).toBe('1233.75');
    expect(addDecimal('-130.50', '130.5')).toBe('0.00');
    expect(addDecimal('0', '-0.05')).toBe('-0.05');
    expect(addDecimal('9007199254740993.01', '1')).toBe('9007199254740994.01');
    expect(addDecimal('100', '-250')).toBe('-150');
    expect(() => addDecimal('1e3', '1')).toThrow(/Not a decimal amount/);
  });

  it('net-worth runs against the sandbox through BankingProvider only', async () => {
    if (!existsSync(CORE_DIST))
      throw new Error('The examples run on the built packages: run `pnpm build` first.');
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve, reject) => {
      const child = spawn(process.execPath, [NET_WORTH], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        err += chunk;
      });
      child.once('error', reject);
      child.once('close', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Net worth across 2 banks \(\d+ accounts\):$/m);
    const totals = [...stdout.matchAll(/^ {2}([A-Z]{3}) +(-?\d+\.\d{2})$/gm)].map((match) => match[1]);
    expect(totals).toEqual(['EUR', 'NOK']);
    const dates = [...stdout.matchAll(/^ {2}(\d{4}-\d{2}-\d{2}) {2}(sparebank1|bridge) /gm)].map(
      (match) => match[1],
    );
    expect(dates).toHaveLength(10);
    expect([...dates].sort().reverse()).toEqual(dates);
  });
});
