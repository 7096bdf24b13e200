import { ConfigurationError, InvalidInputError, registerSecret } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../api-version.js';

/** Legacy authentication (apps created before 23/10/2023): the user's email and password. */
export interface EmailPasswordCredentials {
  /** The user's email. */
  email: string;
  /** The user's password (registered as a secret: never logged). */
  password: string;
}

/** Authentication by the user's Bridge uuid (apps created after 23/10/2023). */
export interface UserUuidCredentials {
  /** The user's Bridge uuid. */
  userUuid: string;
}

/** Authentication by your own id for the user (apps created after 23/10/2023). */
export interface ExternalUserIdCredentials {
  /** The id your application gave the user. */
  externalUserId: string;
}

/** The three ways `POST /v2/authenticate` accepts to identify a user. */
export type UserCredentials = EmailPasswordCredentials | UserUuidCredentials | ExternalUserIdCredentials;

/** The JSON body of `POST /v2/authenticate` for these credentials. */
export type AuthenticateBody =
  | { email: string; password: string }
  | { user_uuid: string }
  | { external_user_id: string };

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Checks credentials handed to `authenticateUser` and builds the request body.
 * @throws InvalidInputError when they match none of the three forms, or more than one.
 */
export function authenticateBody(credentials: UserCredentials): AuthenticateBody {
  const given = credentials as Partial<
    EmailPasswordCredentials & UserUuidCredentials & ExternalUserIdCredentials
  >;
  const forms = [
    given.email !== undefined || given.password !== undefined,
    given.userUuid !== undefined,
    given.externalUserId !== undefined,
  ].filter(Boolean).length;
  if (forms !== 1) {
    throw new InvalidInputError(
      'Bridge authentication needs exactly one of { email, password }, { userUuid } or { externalUserId }.',
      { field: 'credentials', provider: BRIDGE_PROVIDER_ID },
    );
  }
  if (given.email !== undefined || given.password !== undefined) {
    if (!nonEmpty(given.email) || !nonEmpty(given.password)) {
      throw new InvalidInputError(
        'Bridge authentication by email needs both a non-empty email and password.',
        {
          field: nonEmpty(given.email) ? 'password' : 'email',
          provider: BRIDGE_PROVIDER_ID,
        },
      );
    }
    registerSecret(given.password);
    return { email: given.email, password: given.password };
  }
  if (given.userUuid !== undefined) {
    if (!nonEmpty(given.userUuid)) {
      throw new InvalidInputError('userUuid must be a non-empty string.', {
        field: 'userUuid',
        provider: BRIDGE_PROVIDER_ID,
      });
    }
    return { user_uuid: given.userUuid };
  }
  if (!nonEmpty(given.externalUserId)) {
    throw new InvalidInputError('externalUserId must be a non-empty string.', {
      field: 'externalUserId',
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  return { external_user_id: given.externalUserId };
}

/** The user-identifying options of a `UserClient`. */
export interface UserAuthOptions {
  /** With `password`: legacy authentication. */
  email?: string | undefined;
  /** With `email`: legacy authentication. */
  password?: string | undefined;
  /** Authentication by uuid, or the owner of externally managed tokens. */
  userUuid?: string | undefined;
  /** Authentication by external user id. */
  externalUserId?: string | undefined;
  /** An externally managed access token (with `userUuid` and `expiresAt`). */
  accessToken?: string | undefined;
  /** When `accessToken` expires: a Date or an ISO 8601 string with a time zone. */
  expiresAt?: Date | string | undefined;
}

/** Tokens obtained elsewhere and handed to the client. */
export interface ExternalTokens {
  /** The user the token belongs to. */
  userUuid: string;
  /** The bearer token. */
  accessToken: string;
  /** When it expires. */
  expiresAt: Date;
}

/** The resolved authentication setup of a user client. */
export interface UserAuthSetup {
  /** How the client (re)authenticates the user. */
  credentials: UserCredentials;
  /** Tokens to start from, when given. */
  externalTokens?: ExternalTokens | undefined;
  /** Who the user is, for the token store key: `email:...`, `uuid:...` or `external:...`. */
  identity: string;
}

function configError(message: string): ConfigurationError {
  return new ConfigurationError(`Bridge UserClient: ${message}`, { provider: BRIDGE_PROVIDER_ID });
}

/**
 * Reads a `UserClient`'s options into a credential strategy (email + password, else external user
 * id, else user uuid) and optional external tokens, which must come as `userUuid` + `accessToken` +
 * `expiresAt` together.
 * @throws ConfigurationError naming what is missing or malformed.
 */
export function resolveUserAuth(options: UserAuthOptions): UserAuthSetup {
  for (const name of ['email', 'password', 'userUuid', 'externalUserId', 'accessToken'] as const) {
    const value = options[name];
    if (value !== undefined && !nonEmpty(value)) throw configError(`${name} must be a non-empty string.`);
  }
  const externalTokens = resolveExternalTokens(options);
  if ((options.email === undefined) !== (options.password === undefined)) {
    throw configError(
      `${options.email === undefined ? 'email' : 'password'} is missing: email and password go together.`,
    );
  }
  if (options.email !== undefined && options.password !== undefined) {
    registerSecret(options.password);
    return {
      credentials: { email: options.email, password: options.password },
      externalTokens,
      identity: `email:${options.email}`,
    };
  }
  if (options.externalUserId !== undefined) {
    return {
      credentials: { externalUserId: options.externalUserId },
      externalTokens,
      identity: `external:${options.externalUserId}`,
    };
  }
  if (options.userUuid !== undefined) {
    return {
      credentials: { userUuid: options.userUuid },
      externalTokens,
      identity: `uuid:${options.userUuid}`,
    };
  }
  throw configError(
    'no way to authenticate the user: pass email + password, userUuid or externalUserId (or externally managed tokens: userUuid + accessToken + expiresAt).',
  );
}

const OFFSET_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

function resolveExternalTokens(options: UserAuthOptions): ExternalTokens | undefined {
  if (options.accessToken === undefined && options.expiresAt === undefined) return undefined;
  const missing = (['userUuid', 'accessToken', 'expiresAt'] as const).filter(
    (name) => options[name] === undefined,
  );
  if (missing.length > 0) {
    throw configError(
      `externally managed tokens need userUuid, accessToken and expiresAt together; missing: ${missing.join(', ')}.`,
    );
  }
  registerSecret(options.accessToken);
  return {
    userUuid: options.userUuid as string,
    accessToken: options.accessToken as string,
    expiresAt: parseExpiresAt(options.expiresAt as Date | string),
  };
}

/**
 * `expiresAt` as a Date. A string must carry its time zone (`Z` or an offset): a naive timestamp
 * would be read in whatever zone the process runs in (bridgeapi accepted one and failed later).
 */
export function parseExpiresAt(value: Date | string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw configError('expiresAt is an invalid Date.');
    return new Date(value.getTime());
  }
  if (typeof value !== 'string') throw configError('expiresAt must be a Date or an ISO 8601 string.');
  if (!OFFSET_TIMESTAMP.test(value)) {
    throw configError(
      `expiresAt must be a Date or an ISO 8601 timestamp with a time zone (Z or +hh:mm), got ${JSON.stringify(value)}; a timestamp without one is ambiguous.`,
    );
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw configError(`expiresAt is not a valid timestamp: ${JSON.stringify(value)}.`);
  return new Date(time);
}
