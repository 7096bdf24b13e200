import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the sandbox checks the clients, so it shares no code with them', () => {
  it('imports no bankkit package anywhere in its source', () => {
    const offenders = sources(SRC).filter((file) =>
      /\b(?:from|import)\s*\(?\s*['"]@bankkit\//.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
    expect(sources(join(SRC, 'bridge/v3')).length).toBeGreaterThan(10);
  });

  it('declares no bankkit dependency', () => {
    const manifest = JSON.parse(readFileSync(join(SRC, '../package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      expect(Object.keys(manifest[field] ?? {}).filter((name) => name.startsWith('@bankkit/'))).toEqual([]);
    }
  });
});
