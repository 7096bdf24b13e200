/** Client settings for SpareBank 1, from the environment or the config file. */
export interface SpareBank1Settings {
  clientId: string;
  clientSecret: string;
  /** A redirect URI registered for the client; `bankkit login sparebank1` listens on its port and path. */
  redirectUri: string;
  /** The bank (`fid-...`); the user picks one on the login page when omitted. */
  finInst?: string | undefined;
  /** API origin; the adapter's default (the real bank) when omitted. */
  baseUrl?: string | undefined;
  /** OAuth origin; the adapter's default (the real bank) when omitted. */
  authBaseUrl?: string | undefined;
}

/** Client settings for Bridge, from the environment or the config file. */
export interface BridgeSettings {
  clientId: string;
  clientSecret: string;
  /** The Bridge user to log in as (with `password`), or use `userUuid`. */
  email?: string | undefined;
  password?: string | undefined;
  userUuid?: string | undefined;
  /** API origin; the adapter's default (the real Bridge API) when omitted. */
  baseUrl?: string | undefined;
}

/** The real banks the CLI is configured for; a provider is absent when it has no credentials. */
export interface CliSettings {
  sparebank1?: SpareBank1Settings;
  bridge?: BridgeSettings;
}

/** The providers the CLI knows, by their stable id. */
export const PROVIDER_IDS = ['sparebank1', 'bridge'] as const;

/** A provider id the CLI knows. */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** How a provider is named to people. */
export const PROVIDER_NAMES: Record<ProviderId, string> = {
  sparebank1: 'SpareBank 1',
  bridge: 'Bridge',
};

/** True when `value` is a provider id the CLI knows. */
export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}
