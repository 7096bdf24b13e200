import { defineProject, type TestProjectConfiguration } from 'vitest/config';

/**
 * The test projects, one per package. The root `vitest.config.ts` runs exactly these.
 *
 * Tests import workspace packages through the `bankkit-source` export condition, so they run on
 * `src/` and never on a stale `dist/`. The CLI tests are the exception: they run the built binary.
 */
const sourceConditions = ['bankkit-source', 'import', 'node', 'default'];

function pkg(name: string, overrides: { testTimeout?: number; fileParallelism?: boolean } = {}) {
  return defineProject({
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['bankkit-source'] } },
    test: {
      name,
      root: `packages/${name}`,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: overrides.testTimeout ?? 20_000,
      hookTimeout: 30_000,
      fileParallelism: overrides.fileParallelism ?? true,
    },
  });
}

export const projects: TestProjectConfiguration[] = [
  pkg('core'),
  pkg('sandbox', { testTimeout: 60_000 }),
  pkg('bridge', { testTimeout: 60_000 }),
  pkg('sparebank1', { testTimeout: 60_000 }),
  pkg('cli', { testTimeout: 120_000, fileParallelism: false }),
];

export default projects;
