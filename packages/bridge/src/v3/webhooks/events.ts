import { InvalidInputError } from '@bankkit/core';
import { z } from 'zod';
import { BRIDGE_PROVIDER_ID } from '../../api-version.js';
import { flexibleId } from '../schemas/aggregation.js';

const itemRef = { item_id: flexibleId, user_uuid: z.string() };
const accountRef = { ...itemRef, account_id: flexibleId };

/** `content` of each documented aggregation event. Unknown fields are kept. */
const contentSchemas = {
  'user.deleted': z.looseObject({ user_uuid: z.string() }),
  'item.created': z.looseObject(itemRef),
  'item.refreshed': z.looseObject({
    ...itemRef,
    status_code: z.int().nullish(),
    status_code_info: z.string().nullish(),
    full_refresh: z.boolean().nullish(),
    refresh_trigger: z.string().nullish(),
    account_types: z.string().nullish(),
    authentication_expires_at: z.string().nullish(),
  }),
  'item.deleted': z.looseObject(itemRef),
  'item.account.created': z.looseObject({ ...accountRef, balance: z.number().nullish() }),
  'item.account.updated': z.looseObject({
    ...accountRef,
    balance: z.number().nullish(),
    nb_new_transactions: z.int(),
    nb_updated_transactions: z.int(),
    nb_deleted_transactions: z.int(),
  }),
  'item.account.deleted': z.looseObject(accountRef),
} as const;

type ContentSchemas = typeof contentSchemas;

/** The event types Bridge documents for aggregation. */
export type KnownWebhookEventType = keyof ContentSchemas;

/** The documented event types, in Bridge's order. */
export const WEBHOOK_EVENT_TYPES = Object.freeze(
  Object.keys(contentSchemas),
) as readonly KnownWebhookEventType[];

/** A documented event: its `type`, its typed `content`, and Bridge's `timestamp` (epoch ms). */
export type KnownWebhookEvent = {
  [Type in KnownWebhookEventType]: {
    readonly known: true;
    readonly type: Type;
    readonly timestamp: number;
    readonly content: z.infer<ContentSchemas[Type]>;
  };
}[KnownWebhookEventType];

/**
 * An event of a type this version of bankkit does not know (Bridge adds events): returned as it
 * came, never thrown, so a receiver can acknowledge it and move on.
 */
export interface UnknownWebhookEvent {
  readonly known: false;
  /** The type as Bridge sent it. */
  readonly type: string;
  readonly timestamp: number;
  readonly content: Readonly<Record<string, unknown>>;
}

/** A parsed Bridge webhook. Narrow on `known`, then on `type`. */
export type BridgeWebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

/** `user.deleted`. */
export type UserDeletedEvent = Extract<KnownWebhookEvent, { type: 'user.deleted' }>;
/** `item.created`. */
export type ItemCreatedEvent = Extract<KnownWebhookEvent, { type: 'item.created' }>;
/** `item.refreshed`. */
export type ItemRefreshedEvent = Extract<KnownWebhookEvent, { type: 'item.refreshed' }>;
/** `item.deleted`. */
export type ItemDeletedEvent = Extract<KnownWebhookEvent, { type: 'item.deleted' }>;
/** `item.account.created`. */
export type ItemAccountCreatedEvent = Extract<KnownWebhookEvent, { type: 'item.account.created' }>;
/** `item.account.updated`, with the counts of new, updated and deleted transactions. */
export type ItemAccountUpdatedEvent = Extract<KnownWebhookEvent, { type: 'item.account.updated' }>;
/** `item.account.deleted`. */
export type ItemAccountDeletedEvent = Extract<KnownWebhookEvent, { type: 'item.account.deleted' }>;

const envelopeSchema = z.looseObject({
  type: z.string().min(1),
  timestamp: z.number(),
  content: z.record(z.string(), z.unknown()),
});

/**
 * Parses a Bridge webhook body `{ type, timestamp, content }` into a {@link BridgeWebhookEvent}: one
 * of the seven documented aggregation events with its content checked, or an unknown type returned
 * as such. Verify the signature first ({@link verifyWebhookSignature}) on the same raw body.
 * @throws InvalidInputError when the body is not JSON, not the envelope, or a documented event's
 *   content lacks a documented field (the message names the paths).
 */
export function parseWebhookEvent(rawBody: string | Uint8Array): BridgeWebhookEvent {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('the body is not JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success)
    throw invalid(`the body is not { type, timestamp, content } (${issues(envelope.error)})`);
  const { type, timestamp, content } = envelope.data;
  if (!Object.hasOwn(contentSchemas, type)) return { known: false, type, timestamp, content };
  const known = type as KnownWebhookEventType;
  const parsed = contentSchemas[known].safeParse(content);
  if (!parsed.success)
    throw invalid(`the content of a ${type} event does not match (${issues(parsed.error)})`);
  return { known: true, type: known, timestamp, content: parsed.data } as KnownWebhookEvent;
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function invalid(what: string): InvalidInputError {
  return new InvalidInputError(`Bridge webhook: ${what}.`, {
    field: 'rawBody',
    provider: BRIDGE_PROVIDER_ID,
  });
}
