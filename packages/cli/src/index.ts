/**
 * @bankkit/cli: the `bankkit` command. The binary is `dist/bin.js`; this entry runs the same command
 * line inside another program (`runCli`) and exposes the pieces that are useful on their own.
 *
 * @packageDocumentation
 */
export { type ConfigPaths, resolveConfigPaths } from './config/paths.js';
export type { BridgeSettings, CliSettings, ProviderId, SpareBank1Settings } from './config/settings.js';
export { PROVIDER_IDS } from './config/settings.js';
export type { CliIo, GlobalOptions } from './context.js';
export {
  CliError,
  ExitCode,
  type ExitCodeValue,
  LoginRequiredError,
  UsageError,
} from './errors/cli-errors.js';
export { type ExplainedError, explainError } from './errors/explain-error.js';
export { approveConsentOverHttp } from './login/consent-follower.js';
export { cliVersion, createProgram } from './program.js';
export { type RunOptions, runCli } from './run.js';
export { readDiscoveryFile, writeDiscoveryFile } from './sandbox/discovery.js';
export type { SandboxDiscovery, SandboxEndpoints } from './sandbox/endpoints.js';
