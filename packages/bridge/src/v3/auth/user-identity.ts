import { InvalidInputError } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../../api-version.js';

/** A user named by their Bridge uuid. */
export interface ByUserUuid {
  /** The user's Bridge uuid. */
  userUuid: string;
}

/** A user named by the id your application gave them (`external_user_id`). */
export interface ByExternalUserId {
  /** Your id for the user. */
  externalUserId: string;
}

/** Who a token is for: exactly one of `userUuid` or `externalUserId`. */
export type UserIdentity = ByUserUuid | ByExternalUserId;

/** The body of `POST /v3/aggregation/authorization/token`. */
export type AuthorizationTokenBody = { user_uuid: string } | { external_user_id: string };

/** A user identity, checked, with the request body and the token-store suffix it gives. */
export interface ResolvedIdentity {
  body: AuthorizationTokenBody;
  /** `uuid:<uuid>` or `external:<id>`. */
  key: string;
}

/**
 * Checks that exactly one of `userUuid` / `externalUserId` is a non-empty string.
 * @throws InvalidInputError otherwise, naming the field.
 */
export function resolveIdentity(identity: Partial<ByUserUuid & ByExternalUserId>): ResolvedIdentity {
  const { userUuid, externalUserId } = identity ?? {};
  if ((userUuid === undefined) === (externalUserId === undefined)) {
    throw new InvalidInputError('Bridge v3 needs exactly one of userUuid or externalUserId.', {
      field: 'userUuid',
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  const [field, value] =
    userUuid !== undefined
      ? (['userUuid', userUuid] as const)
      : (['externalUserId', externalUserId] as const);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInputError(`${field} must be a non-empty string.`, {
      field,
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  return field === 'userUuid'
    ? { body: { user_uuid: value }, key: `uuid:${value}` }
    : { body: { external_user_id: value }, key: `external:${value}` };
}
