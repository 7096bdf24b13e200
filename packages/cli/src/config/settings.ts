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

/** The Bridge API versions the CLI speaks: 2025-01-15 (`/v3`) and 2021-06-01 (`/v2`). */
export const BRIDGE_API_VERSIONS = ['2025-01-15', '2021-06-01'] as const;

/** A Bridge API version the CLI speaks. */
export type BridgeApiVersionName = (typeof BRIDGE_API_VERSIONS)[number];

/** Client settings for Bridge, from the environment or the config file. */
export interface BridgeSettings {
  clientId: string;
  clientSecret: string;
  /**
   * The API version the Bridge app uses. 2025-01-15 unless the configuration says 2021-06-01, or
   * configures an email or a password without saying (only 2021-06-01 logs in with them).
   */
  apiVersion: BridgeApiVersionName;
  /**
   * 2021-06-01: the user to log in as, with `password`. 2025-01-15: the user's email, pre-filled in
   * Bridge Connect (`user_email`).
   */
  email?: string | undefined;
  password?: string | undefined;
  userUuid?: string | undefined;
  /** Your own id for the user (`external_user_id`). */
  externalUserId?: string | undefined;
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
