import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The path of an executable on PATH or in one of `extraDirs`, or undefined. */
export function findBinary(name: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** Debian keeps PostgreSQL's server binaries off PATH, in /usr/lib/postgresql/<version>/bin. */
export function debianPostgresDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql')
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => `/usr/lib/postgresql/${version}/bin`);
  } catch {
    return [];
  }
}

const ANNOUNCED = Symbol.for('bankkit.test.missing-binaries');

/**
 * What to do when a server binary is missing: under CI the run fails (CI installs it); elsewhere
 * the tests that need it are skipped, with one line saying what to install.
 */
export function missingBinary(binary: string, debianPackage: string): void {
  const message = `${binary} not found: install the Debian package "${debianPackage}" (apt-get install -y ${debianPackage}) to run the ${debianPackage} tests.`;
  if (process.env.CI === 'true' || process.env.CI === '1')
    throw new Error(`${message} (CI=true: failing the run)`);
  // Several test projects start servers; say it once per run.
  const holder = globalThis as { [ANNOUNCED]?: Set<string> };
  holder[ANNOUNCED] ??= new Set();
  const said = holder[ANNOUNCED];
  if (said.has(binary)) return;
  said.add(binary);
  console.warn(`SKIPPED: ${message}`);
}
