import { defineConfig } from 'vitest/config';
import { projects } from './vitest.workspace.ts';

// The machines ship Node 20; the pinned Node 24 comes from the `node` devDependency. If its install
// script was skipped, tests would run on the wrong runtime and fail in confusing ways.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  throw new Error(
    `bankkit tests need Node >= 22 but run on ${process.version}. Run them through \`pnpm test\` after \`pnpm install\` (which installs Node 24 from the \`node\` devDependency; check that pnpm-workspace.yaml allows its build).`,
  );
}

export default defineConfig({
  test: {
    projects,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
