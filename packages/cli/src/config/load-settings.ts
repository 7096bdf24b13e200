import { readFile, stat } from 'node:fs/promises';
import { registerSecret } from '@bankkit/core';
import { ConfigError } from '../errors/cli-errors.js';
import { closestName } from './closest-name.js';
import {
  BRIDGE_API_VERSIONS,
  type BridgeApiVersionName,
  type BridgeSettings,
  type CliSettings,
  type SpareBank1Settings,
} from './settings.js';

/** Environment variables per setting; each one overrides the same field of the config file. */
const SPAREBANK1_ENV = {
  clientId: 'BANKKIT_SPAREBANK1_CLIENT_ID',
  clientSecret: 'BANKKIT_SPAREBANK1_CLIENT_SECRET',
  redirectUri: 'BANKKIT_SPAREBANK1_REDIRECT_URI',
  finInst: 'BANKKIT_SPAREBANK1_FIN_INST',
} as const;

const BRIDGE_ENV = {
  clientId: 'BANKKIT_BRIDGE_CLIENT_ID',
  clientSecret: 'BANKKIT_BRIDGE_CLIENT_SECRET',
  email: 'BANKKIT_BRIDGE_EMAIL',
  password: 'BANKKIT_BRIDGE_PASSWORD',
  userUuid: 'BANKKIT_BRIDGE_USER_UUID',
  externalUserId: 'BANKKIT_BRIDGE_EXTERNAL_USER_ID',
  apiVersion: 'BANKKIT_BRIDGE_API_VERSION',
} as const;

/** Settings only the config file holds (no environment variable). */
const SPAREBANK1_FILE_ONLY = ['baseUrl', 'authBaseUrl'] as const;
const BRIDGE_FILE_ONLY = ['baseUrl'] as const;

/** Every field a section of `config.json` may hold. */
const CONFIG_FIELDS = {
  sparebank1: [...Object.keys(SPAREBANK1_ENV), ...SPAREBANK1_FILE_ONLY],
  bridge: [...Object.keys(BRIDGE_ENV), ...BRIDGE_FILE_ONLY],
} as const;

/**
 * Every `BANKKIT_*` variable the CLI reads. Any other is a mistake (a misspelt name would otherwise
 * leave a bank unconfigured without a word), so {@link checkEnvironmentNames} refuses it.
 */
export const KNOWN_ENVIRONMENT_VARIABLES: readonly string[] = [
  ...Object.values(SPAREBANK1_ENV),
  ...Object.values(BRIDGE_ENV),
  'BANKKIT_CONFIG_DIR',
  'BANKKIT_NO_BROWSER',
];

/** The variables that configure a bank (not where files live or whether a browser opens). */
const CREDENTIAL_VARIABLES: readonly string[] = [
  ...Object.values(SPAREBANK1_ENV),
  ...Object.values(BRIDGE_ENV),
];

type Section = Record<string, string | undefined>;

/** What a config file may hold, after its values were checked to be strings. */
interface ConfigFileContent {
  sparebank1?: Section;
  bridge?: Section;
}

/** Warnings found while loading (e.g. a config file with secrets that others can read). */
export interface LoadedSettings {
  settings: CliSettings;
  warnings: string[];
  /**
   * Where the user configured something, even when it configures no bank (an empty config file):
   * such a user never gets sandbox data without asking for it. Empty on an unconfigured machine.
   */
  configuredIn: string[];
}

/**
 * Refuses any `BANKKIT_*` variable the CLI does not read, naming the closest one it does: a typo
 * such as `BANKKIT_SPAREBANK_CLIENT_ID` must not quietly leave the bank unconfigured.
 * @throws ConfigError naming the variable and the closest known one.
 */
export function checkEnvironmentNames(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(env)) {
    if (!name.startsWith('BANKKIT_') || KNOWN_ENVIRONMENT_VARIABLES.includes(name)) continue;
    const closest = closestName(name, KNOWN_ENVIRONMENT_VARIABLES);
    throw new ConfigError(
      `Unknown environment variable ${name}: did you mean ${closest}?`,
      `rename it, or unset it (docs/cli.md lists every variable)`,
    );
  }
}

/**
 * Reads the real-bank settings: the config file (when present) with the environment on top. A
 * provider is configured when its client id is set; a client id without the rest is an error that
 * names what is missing. Every secret found is registered for redaction.
 */
export async function loadSettings(env: NodeJS.ProcessEnv, configFile: string): Promise<LoadedSettings> {
  checkEnvironmentNames(env);
  const warnings: string[] = [];
  const file = await readConfigFile(configFile, warnings);
  const sparebank1 = merge(file?.sparebank1, env, SPAREBANK1_ENV, SPAREBANK1_FILE_ONLY);
  const bridge = merge(file?.bridge, env, BRIDGE_ENV, BRIDGE_FILE_ONLY);
  const configuredIn: string[] = [];
  if (file) configuredIn.push(configFile);
  const variables = CREDENTIAL_VARIABLES.filter((name) => env[name]?.trim());
  if (variables.length > 0) configuredIn.push(variables.join(', '));
  const settings: CliSettings = {};
  if (sparebank1) settings.sparebank1 = requireSpareBank1(sparebank1, configFile);
  if (bridge) settings.bridge = requireBridge(bridge, configFile);
  for (const secret of [
    settings.sparebank1?.clientSecret,
    settings.bridge?.clientSecret,
    settings.bridge?.password,
  ]) {
    registerSecret(secret);
  }
  return { settings, warnings, configuredIn };
}

/** The config file's content; undefined when there is no file. */
async function readConfigFile(path: string, warnings: string[]): Promise<ConfigFileContent | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`Cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(
      `The config file ${path} is not valid JSON.`,
      'fix it or remove it (see `bankkit --help` and docs/cli.md for its format)',
    );
  }
  if (!isRecord(parsed)) throw new ConfigError(`The config file ${path} must hold a JSON object.`);
  const sections = Object.keys(CONFIG_FIELDS) as Array<keyof typeof CONFIG_FIELDS>;
  for (const key of Object.keys(parsed)) {
    if (!(sections as string[]).includes(key)) throw unknownKey(path, `"${key}"`, key, sections, '');
  }
  const content: ConfigFileContent = {};
  for (const name of sections) {
    const section = parsed[name];
    if (section === undefined) continue;
    if (!isRecord(section)) throw new ConfigError(`"${name}" in ${path} must be an object.`);
    const values: Section = {};
    for (const [key, value] of Object.entries(section)) {
      const fields: readonly string[] = CONFIG_FIELDS[name];
      if (!fields.includes(key)) throw unknownKey(path, `"${name}.${key}"`, key, fields, `${name}.`);
      if (typeof value !== 'string') throw new ConfigError(`"${name}.${key}" in ${path} must be a string.`);
      values[key] = value;
    }
    content[name] = values;
  }
  const holdsSecrets = Boolean(content.sparebank1?.clientSecret || content.bridge?.clientSecret);
  if (holdsSecrets && process.platform !== 'win32') {
    const { mode } = await stat(path);
    if ((mode & 0o077) !== 0) {
      warnings.push(`${path} holds client secrets and others can read it: run \`chmod 600 ${path}\`.`);
    }
  }
  return content;
}

function unknownKey(
  path: string,
  shown: string,
  key: string,
  known: readonly string[],
  prefix: string,
): ConfigError {
  return new ConfigError(
    `Unknown key ${shown} in ${path}: did you mean "${prefix}${closestName(key, known)}"?`,
    `rename it, or remove it (docs/cli.md lists every key)`,
  );
}

function merge(
  file: Section | undefined,
  env: NodeJS.ProcessEnv,
  names: Record<string, string>,
  fileOnly: readonly string[],
): Section | undefined {
  const merged: Section = {};
  for (const [field, variable] of Object.entries(names)) {
    const value = env[variable]?.trim() || file?.[field]?.trim();
    if (value) merged[field] = value;
  }
  for (const field of fileOnly) {
    const value = file?.[field]?.trim();
    if (value) merged[field] = value;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

function requireSpareBank1(values: Section, configFile: string): SpareBank1Settings {
  const missing = missingFields(values, ['clientId', 'clientSecret', 'redirectUri'], SPAREBANK1_ENV);
  if (missing.length > 0) {
    throw new ConfigError(
      `SpareBank 1 is only partly configured: ${missing.join(', ')} missing.`,
      `set them, or the "sparebank1" section of ${configFile}`,
    );
  }
  return {
    clientId: values.clientId as string,
    clientSecret: values.clientSecret as string,
    redirectUri: values.redirectUri as string,
    finInst: values.finInst,
    baseUrl: values.baseUrl,
    authBaseUrl: values.authBaseUrl,
  };
}

function requireBridge(values: Section, configFile: string): BridgeSettings {
  const missing = missingFields(values, ['clientId', 'clientSecret'], BRIDGE_ENV);
  if (missing.length > 0) {
    throw new ConfigError(
      `Bridge is only partly configured: ${missing.join(', ')} missing.`,
      `set them, or the "bridge" section of ${configFile}`,
    );
  }
  const apiVersion = bridgeApiVersion(values, configFile);
  if (apiVersion === '2025-01-15' && values.password) {
    throw new ConfigError(
      'Bridge 2025-01-15 has no email + password users, but a password is configured.',
      `identify the user with ${BRIDGE_ENV.userUuid} or ${BRIDGE_ENV.externalUserId}, or set ${BRIDGE_ENV.apiVersion}=2021-06-01 for an older app`,
    );
  }
  return {
    clientId: values.clientId as string,
    clientSecret: values.clientSecret as string,
    apiVersion,
    email: values.email,
    password: values.password,
    userUuid: values.userUuid,
    externalUserId: values.externalUserId,
    baseUrl: values.baseUrl,
  };
}

/**
 * The Bridge API version of the configuration: as stated, else 2021-06-01 when an email or a
 * password is configured (a login only that version has, so such a configuration predates the
 * setting), else 2025-01-15, the version apps created now use. With 2025-01-15 stated, an email is
 * the one pre-filled in Bridge Connect.
 */
function bridgeApiVersion(values: Section, configFile: string): BridgeApiVersionName {
  const stated = values.apiVersion;
  if (stated === undefined) return values.email || values.password ? '2021-06-01' : '2025-01-15';
  if (!(BRIDGE_API_VERSIONS as readonly string[]).includes(stated)) {
    throw new ConfigError(
      `Unknown Bridge API version "${stated}" (${BRIDGE_ENV.apiVersion} or "bridge.apiVersion" in ${configFile}).`,
      `use one of ${BRIDGE_API_VERSIONS.join(', ')}`,
    );
  }
  return stated as BridgeApiVersionName;
}

function missingFields(values: Section, required: string[], names: Record<string, string>): string[] {
  return required.filter((field) => !values[field]).map((field) => names[field] ?? field);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
