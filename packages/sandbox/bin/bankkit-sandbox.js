#!/usr/bin/env node
// The command's entry point lives in the source tree, so installing the workspace links it before
// the first build; the program itself is compiled to dist/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'bankkit-sandbox is not built yet: run `pnpm build` in the bankkit repository first.\n',
  );
  process.exit(1);
}
await import(entry.href);
