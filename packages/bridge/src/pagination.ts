import { Page, PaginationError } from '@bankkit/core';
import type { z } from 'zod';
import { BRIDGE_PROVIDER_ID } from './api-version.js';
import type { BridgeTransport, CallOptions } from './http/transport.js';
import type { ResponseSource } from './http/with-response.js';
import { type Envelope, envelopeSchema } from './schemas/envelope.js';

/** What a page of a Bridge list adds to core's {@link Page}. */
export interface BridgePageExtras {
  /** `generated_at` of `GET /v2/categories` (the only list that has it); undefined elsewhere. */
  readonly generatedAt?: string | null | undefined;
  /** `pagination.next_uri` as Bridge sent it (null on the last page): what a sync cursor keeps. */
  readonly nextUri?: string | null | undefined;
}

/** A page of a Bridge list: core's {@link Page} (awaitable, iterable, `fetchAll()`). */
export type BridgePage<T> = Page<T> & BridgePageExtras;

/**
 * Fetches one page of a Bridge list and builds a core {@link Page} from its
 * `{ resources, pagination: { next_uri } }` envelope. The next page is `next_uri` requested as it is
 * (it carries every query parameter plus the cursor), through the same transport, so the user's
 * token comes along and may be renewed mid-iteration.
 */
export async function fetchBridgePage<T>(
  transport: BridgeTransport,
  path: string,
  item: z.ZodType<T>,
  options: CallOptions = {},
  pageNumber = 0,
): Promise<BridgePage<T>> {
  const result = await transport.http.json(transport.request('GET', path, options), envelopeSchema(item));
  return buildPage(transport, result.data, result, item, options, pageNumber);
}

function buildPage<T>(
  transport: BridgeTransport,
  envelope: Envelope<T>,
  source: ResponseSource,
  item: z.ZodType<T>,
  options: CallOptions,
  pageNumber: number,
): BridgePage<T> {
  const nextUri = envelope.pagination.next_uri;
  const fetchNext =
    typeof nextUri === 'string' && nextUri !== ''
      ? (signal?: AbortSignal) =>
          fetchBridgePage(
            transport,
            followablePath(nextUri, transport.origin),
            item,
            // The query is in next_uri already; the language header is not.
            { language: options.language, signal: signal ?? options.signal },
            pageNumber + 1,
          )
      : undefined;
  const page: BridgePage<T> = new Page<T>({
    resources: envelope.resources,
    // Read on first access only: a page of 500 rows would pay for a copy of its response on every
    // fetch otherwise, though most callers never look at it.
    response: () => source.response,
    pageNumber,
    fetchNext,
    // The loop guard: a next_uri this listing already followed from another page ends it.
    nextCursor: fetchNext && typeof nextUri === 'string' ? nextUri : undefined,
    maxEmptyPages: transport.maxEmptyPages,
  });
  Object.defineProperty(page, 'nextUri', { value: nextUri ?? null, enumerable: false });
  if ('generated_at' in envelope) {
    Object.defineProperty(page, 'generatedAt', { value: envelope.generated_at, enumerable: true });
  }
  return page;
}

/**
 * `next_uri` as an absolute path on the configured origin. Bridge sends `/v2/...`; a path without
 * its leading slash is read from the origin too (not appended to `/v2/`, which doubled the prefix in
 * bridgeapi). A URL on any other origin is refused before anything is sent, so the app's client
 * secret and the user's token never leave for another host.
 */
export function followablePath(nextUri: string, origin: string): string {
  let url: URL;
  try {
    url = new URL(nextUri, `${origin}/`);
  } catch {
    throw new PaginationError(`Bridge returned a next_uri that is not a URL or path: ${nextUri}`, {
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  if (url.origin !== origin) {
    throw new PaginationError(
      `Bridge returned a next_uri on another origin (${url.origin}, expected ${origin}); it was not followed, so no credentials were sent there.`,
      { provider: BRIDGE_PROVIDER_ID },
    );
  }
  return `${url.pathname}${url.search}`;
}
