import { join } from 'node:path';
import envPaths from 'env-paths';

/** Where the CLI keeps its files: the config file, the token files and the sandbox discovery file. */
export interface ConfigPaths {
  /** The directory itself (`BANKKIT_CONFIG_DIR`, or the platform's config directory for `bankkit`). */
  dir: string;
  /** `config.json`: client credentials and settings. */
  configFile: string;
  /** `tokens.json`: logins at the real banks. */
  tokenFile: string;
  /** `sandbox-tokens.json`: logins at a running sandbox, kept apart so they never mix with real ones. */
  sandboxTokenFile: string;
  /** `sandbox.json`: written by `bankkit sandbox` so other commands can find it. */
  sandboxDiscoveryFile: string;
}

/**
 * The CLI's paths. `BANKKIT_CONFIG_DIR` wins (tests and scripts point it at a temporary directory);
 * otherwise the platform's config directory, e.g. `~/.config/bankkit` on Linux.
 */
export function resolveConfigPaths(env: NodeJS.ProcessEnv): ConfigPaths {
  const override = env.BANKKIT_CONFIG_DIR?.trim();
  const dir = override ? override : envPaths('bankkit', { suffix: '' }).config;
  return {
    dir,
    configFile: join(dir, 'config.json'),
    tokenFile: join(dir, 'tokens.json'),
    sandboxTokenFile: join(dir, 'sandbox-tokens.json'),
    sandboxDiscoveryFile: join(dir, 'sandbox.json'),
  };
}
