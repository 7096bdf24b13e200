import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** The CPU the measuring process runs on, and the one the sandbox gets, when pinning is possible. */
export const CLIENT_CPU = 0;
export const SANDBOX_CPU = 1;

/**
 * True when this is a Linux machine with `taskset` and at least two CPUs to keep apart, and
 * `BENCH_PIN=0` does not turn pinning off.
 */
export const canPin: boolean =
  process.env.BENCH_PIN !== '0' &&
  process.platform === 'linux' &&
  availableParallelism() >= 2 &&
  spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * Pins every thread of a process to one CPU (`taskset -a -p`). Child processes started afterwards
 * inherit it. Returns false when pinning is not possible here.
 */
export function pinProcess(pid: number, cpu: number): boolean {
  if (!canPin) return false;
  return spawnSync('taskset', ['-a', '-cp', String(cpu), String(pid)], { stdio: 'ignore' }).status === 0;
}

/** The command that starts `args` on one CPU (taskset), or `args` as they are when pinning is not possible. */
export function onCpu(cpu: number, command: string, args: readonly string[]): [string, string[]] {
  return canPin ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, [...args]];
}
