import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/**
 * Runs a bench script in a fresh Node process (same Node binary) with `input` as JSON in argv[2],
 * and returns the JSON of the last line it prints.
 */
export async function runInChild<T>(
  script: URL,
  input: unknown,
  nodeArgs: readonly string[] = [],
): Promise<T> {
  const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(script), JSON.stringify(input)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    output += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${fileURLToPath(script)} exited with ${code}`);
  const last = output.trim().split('\n').at(-1);
  if (!last) throw new Error(`${fileURLToPath(script)} printed nothing`);
  return JSON.parse(last) as T;
}
