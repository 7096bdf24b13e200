/**
 * The Bridge API version this package speaks, in one place: the version string, the header that
 * carries it and the path prefix of every endpoint. Version 2025-01-15 (`/v3`) will be a second
 * value of {@link BridgeApiVersion}, not edits scattered through the clients.
 */

/** One version of the Bridge API: what to send and where its endpoints live. */
export interface BridgeApiVersion {
  /** The value of the version header, e.g. `2021-06-01`. */
  readonly version: string;
  /** The header that carries it. */
  readonly header: string;
  /** Path prefix of every endpoint, e.g. `/v2`; `next_uri` values start with it too. */
  readonly basePath: string;
}

/** Bridge API 2021-06-01, served under `/v2`: the version `bridgeapi` targets. */
export const BRIDGE_API_2021_06_01: BridgeApiVersion = Object.freeze({
  version: '2021-06-01',
  header: 'Bridge-Version',
  basePath: '/v2',
});

/**
 * Bridge API 2025-01-15, served under `/v3` (`/v3/aggregation/...`, `/v3/providers`): the version
 * apps created now integrate. Spoken by the clients of `@bankkit/bridge/v3`.
 */
export const BRIDGE_API_2025_01_15: BridgeApiVersion = Object.freeze({
  version: '2025-01-15',
  header: 'Bridge-Version',
  basePath: '/v3',
});

/** The version the clients at the package root use unless told otherwise. */
export const DEFAULT_BRIDGE_API_VERSION: BridgeApiVersion = BRIDGE_API_2021_06_01;

/** The production origin of the Bridge API. */
export const DEFAULT_BRIDGE_BASE_URL = 'https://api.bridgeapi.io';

/** The provider id used in errors, logs and the unified model. */
export const BRIDGE_PROVIDER_ID = 'bridge';

/**
 * The time zone a `Date` passed as a calendar date (`since`, `until`, `from`, `to`) is read in.
 * Bridge is a French aggregator and its banks date transactions in their own (mostly Paris) time.
 */
export const BRIDGE_TIME_ZONE = 'Europe/Paris';
