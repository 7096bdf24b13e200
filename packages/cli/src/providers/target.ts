import { FileTokenStore, MemoryTokenStore, type TokenStore } from '@bankkit/core';
import { loadSettings } from '../config/load-settings.js';
import { type CliSettings, PROVIDER_IDS, type ProviderId } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { ConfigError } from '../errors/cli-errors.js';
import { connectRunningSandbox, connectSandbox, type SandboxConnection } from '../sandbox/connect.js';

/**
 * What a command talks to. Real banks when credentials are configured (and `--sandbox` is not
 * given); otherwise a sandbox: a running `bankkit sandbox` if there is one, else one embedded in
 * this process.
 */
export type Target = RealTarget | SandboxTarget;

/** The real banks, with the configured credentials and `tokens.json`. */
export interface RealTarget {
  kind: 'real';
  settings: CliSettings;
  tokenStore: TokenStore;
  /** The configured providers. */
  providers: ProviderId[];
  close(): Promise<void>;
}

/** A sandbox, with its own token store (never the real one). */
export interface SandboxTarget {
  kind: 'sandbox';
  /** Undefined only when the command asked not to start one (status, logout) and none runs. */
  connection: SandboxConnection | undefined;
  /** `sandbox-tokens.json` for a running sandbox; in memory for an embedded one (its logins die with it). */
  tokenStore: TokenStore;
  providers: ProviderId[];
  close(): Promise<void>;
}

/** Options of {@link resolveTarget}. */
export interface ResolveTargetOptions {
  /** Start an embedded sandbox when none runs. Default true; status and logout only look at files. */
  startEmbedded?: boolean;
  /**
   * Stored logins alone make a real target (status and logout): they are about those logins, and
   * forgetting one must not need the credentials that made it. Default false.
   */
  storedLoginsSuffice?: boolean;
}

/**
 * Decides what the command talks to. The sandbox is used when asked for (`--sandbox`), or on a
 * machine where nothing at all is configured: then the command says so in one stderr line, its
 * data is marked as sandbox data, and it ends with a banner. A user who configured anything (a
 * config file, a credential variable, stored logins) never gets sandbox data without asking: a
 * configuration that names no bank is an error.
 */
export async function resolveTarget(
  context: CommandContext,
  options: ResolveTargetOptions = {},
): Promise<Target> {
  const startEmbedded = options.startEmbedded ?? true;
  if (!context.options.sandbox) {
    const { settings, warnings, configuredIn } = await loadSettings(context.io.env, context.paths.configFile);
    for (const warning of warnings) context.warn(warning);
    const providers = PROVIDER_IDS.filter((id) => settings[id] !== undefined);
    if (providers.length > 0) {
      return {
        kind: 'real',
        settings,
        providers,
        tokenStore: new FileTokenStore(context.paths.tokenFile),
        close: async () => {},
      };
    }
    const tokenStore = new FileTokenStore(context.paths.tokenFile);
    const loggedIn: ProviderId[] = [];
    for (const id of PROVIDER_IDS) {
      if (await tokenStore.get(id)) loggedIn.push(id);
    }
    if (loggedIn.length > 0 && options.storedLoginsSuffice) {
      return { kind: 'real', settings, providers: loggedIn, tokenStore, close: async () => {} };
    }
    if (loggedIn.length > 0) configuredIn.push(`the logins stored in ${context.paths.tokenFile}`);
    if (configuredIn.length > 0) {
      throw new ConfigError(
        `No bank is configured, but this machine is set up for one (${configuredIn.join('; ')}), so bankkit will not show sandbox data instead.`,
        'complete the configuration (client id and secret: see `bankkit --help`), or pass --sandbox for sandbox data',
      );
    }
    context.implicitSandbox = true;
  }
  context.usingSandbox = true;
  const connection = startEmbedded
    ? await connectSandbox(context.paths.sandboxDiscoveryFile)
    : await connectRunningSandbox(context.paths.sandboxDiscoveryFile);
  const notice = sandboxNotice(connection, !context.options.sandbox);
  if (notice) context.info(notice);
  return {
    kind: 'sandbox',
    connection,
    providers: [...PROVIDER_IDS],
    tokenStore:
      connection?.mode === 'embedded'
        ? new MemoryTokenStore()
        : new FileTokenStore(context.paths.sandboxTokenFile),
    close: async () => {
      await connection?.close();
    },
  };
}

/**
 * The one stderr line that says which sandbox a command uses: always when it falls back to the
 * sandbox because nothing is configured, and with `--sandbox` only when the sandbox is embedded
 * (its logins end with the command, which deserves a word).
 */
function sandboxNotice(connection: SandboxConnection | undefined, implicit: boolean): string | undefined {
  const prefix = implicit ? 'No bank credentials are configured: ' : '';
  let what: string | undefined;
  if (connection?.mode === 'embedded') {
    what = 'using an embedded sandbox for this command (`bankkit sandbox` keeps one running, with logins).';
  } else if (!implicit) {
    return undefined;
  } else if (connection?.mode === 'running') {
    what = `using the sandbox running at ${connection.endpoints.bridge.baseUrl}.`;
  } else {
    what = 'using the sandbox files (no sandbox is running; `bankkit sandbox` starts one).';
  }
  const line = `${prefix}${what}`;
  return line.charAt(0).toUpperCase() + line.slice(1);
}
