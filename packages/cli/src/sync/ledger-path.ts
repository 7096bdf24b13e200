import { join } from 'node:path';
import envPaths from 'env-paths';

/**
 * Where `bankkit sync` keeps its ledger unless `--db` says otherwise: the platform's data folder
 * (`~/.local/share/bankkit` on Linux), or the config folder when `BANKKIT_CONFIG_DIR` names one
 * (tests and scripts isolate everything with that one variable). Sandbox data goes to a file of
 * its own, so it never mixes with real transactions.
 */
export function defaultLedgerPath(env: NodeJS.ProcessEnv, sandbox: boolean): string {
  const override = env.BANKKIT_CONFIG_DIR?.trim();
  const dir = override ? override : envPaths('bankkit', { suffix: '' }).data;
  return join(dir, sandbox ? 'sandbox-ledger.db' : 'ledger.db');
}
