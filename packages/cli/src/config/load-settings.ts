import { readFile, stat } from 'node:fs/promises';
import { registerSecret } from '@bankkit/core';
import { ConfigError } from '../errors/cli-errors.js';
import type { BridgeSettings, CliSettings, SpareBank1Settings } from './settings.js';

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
} as const;

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
}

/**
 * Reads the real-bank settings: the config file (when present) with the environment on top. A
 * provider is configured when its client id is set; a client id without the rest is an error that
 * names what is missing. Every secret found is registered for redaction.
 */
export async function loadSettings(env: NodeJS.ProcessEnv, configFile: string): Promise<LoadedSettings> {
  const warnings: string[] = [];
  const file = await readConfigFile(configFile, warnings);
  const sparebank1 = merge(file.sparebank1, env, SPAREBANK1_ENV, ['baseUrl', 'authBaseUrl']);
  const bridge = merge(file.bridge, env, BRIDGE_ENV, ['baseUrl']);
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
  return { settings, warnings };
}

async function readConfigFile(path: string, warnings: string[]): Promise<ConfigFileContent> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
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
  const content: ConfigFileContent = {};
  for (const name of ['sparebank1', 'bridge'] as const) {
    const section = parsed[name];
    if (section === undefined) continue;
    if (!isRecord(section)) throw new ConfigError(`"${name}" in ${path} must be an object.`);
    const values: Section = {};
    for (const [key, value] of Object.entries(section)) {
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
  return {
    clientId: values.clientId as string,
    clientSecret: values.clientSecret as string,
    email: values.email,
    password: values.password,
    userUuid: values.userUuid,
    baseUrl: values.baseUrl,
  };
}

function missingFields(values: Section, required: string[], names: Record<string, string>): string[] {
  return required.filter((field) => !values[field]).map((field) => names[field] ?? field);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
