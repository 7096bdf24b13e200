import { fileURLToPath } from 'node:url';
import { defineProject, type TestProjectConfiguration } from 'vitest/config';

/**
 * The test projects, one per package. The root `vitest.config.ts` runs exactly these.
 *
 * Tests import workspace packages through the `bankkit-source` export condition, so they run on
 * `src/` and never on a stale `dist/`. The CLI tests are the exception: they run the built binary.
 */
const sourceConditions = ['bankkit-source', 'import', 'node', 'default'];

/** Runs before every test file of every project. */
const setupFiles = [fileURLToPath(new URL('./test/setup/fresh-pacing-windows.ts', import.meta.url))];

function project(
  name: string,
  root: string,
  overrides: { testTimeout?: number; fileParallelism?: boolean; globalSetup?: string } = {},
) {
  return defineProject({
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['bankkit-source'] } },
    test: {
      name,
      root,
      include: ['test/**/*.test.ts', '*.test.ts'],
      environment: 'node',
      setupFiles,
      testTimeout: overrides.testTimeout ?? 20_000,
      hookTimeout: 30_000,
      fileParallelism: overrides.fileParallelism ?? true,
      ...(overrides.globalSetup ? { globalSetup: [overrides.globalSetup] } : {}),
    },
  });
}

export const projects: TestProjectConfiguration[] = [
  project('core', 'packages/core'),
  project('sandbox', 'packages/sandbox', { testTimeout: 60_000 }),
  project('bridge', 'packages/bridge', { testTimeout: 60_000 }),
  project('sparebank1', 'packages/sparebank1', { testTimeout: 60_000 }),
  project('cli', 'packages/cli', {
    testTimeout: 120_000,
    fileParallelism: false,
    // Says in one line when the real-browser test is skipped for want of Chromium.
    globalSetup: 'test/global-setup.ts',
  }),
  // The fault suite drives both adapters against the sandbox: across packages, so at the root.
  project('reliability', 'test/reliability', { testTimeout: 300_000, fileParallelism: false }),
];

export default projects;
