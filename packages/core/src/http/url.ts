import { ConfigurationError, InvalidInputError } from '../errors/local-errors.js';
import { redactUrl } from '../redaction/redact.js';
import type { QueryValue } from './http-client.js';

/** The query parameters of one request, as {@link RequestOptions.query} takes them. */
export type QueryParams = Record<string, QueryValue | readonly QueryValue[] | undefined | null>;

/** Turns request paths into URLs on one configured origin. */
export interface UrlResolver {
  /** The configured origin, e.g. `https://api.bridgeapi.io`. */
  readonly origin: string;
  /**
   * The URL to request for a path and query.
   * @throws InvalidInputError when the path names another origin (nothing may be sent there) or a
   * query value cannot be encoded.
   */
  resolve(path: string, query?: QueryParams): string;
}

const SCHEME = /^[a-z][a-z\d+.-]*:/i;

/**
 * A resolver for `baseUrl`: relative paths extend its path, absolute paths (`/v2/x?after=y`) are
 * taken as they are on its origin, full URLs must be on its origin. The origin rule is why this is
 * not left to a library's base-URL option: credentials must never be sent to a host a response
 * pointed at. Plain `http:` is accepted only on loopback (the sandbox): anywhere else it would send
 * secrets unencrypted, which is switching TLS off by another name.
 * @throws ConfigurationError when `baseUrl` is not https (or http on loopback), or has a query or fragment.
 */
export function createUrlResolver(baseUrl: string, provider: string): UrlResolver {
  const base = URL.parse(baseUrl);
  if (!base || (base.protocol !== 'https:' && base.protocol !== 'http:')) {
    throw new ConfigurationError(
      `${provider}: baseUrl ${JSON.stringify(redactUrl(baseUrl))} is not an http(s) URL; give the API's origin and base path, e.g. https://api.example.com/v1.`,
      { provider },
    );
  }
  if (base.protocol === 'http:' && !isLoopback(base.hostname)) {
    throw new ConfigurationError(
      `${provider}: baseUrl ${redactUrl(base)} is plain http on a non-loopback host, which would send credentials unencrypted; use https (plain http is accepted only on 127.0.0.1, ::1 and localhost, for the sandbox).`,
      { provider },
    );
  }
  if (base.search || base.hash || base.username || base.password) {
    throw new ConfigurationError(
      `${provider}: baseUrl ${redactUrl(base)} must not carry a query, fragment or credentials; give only the origin and base path.`,
      { provider },
    );
  }
  const origin = base.origin;
  const basePath = base.pathname.replace(/\/+$/, '');
  const relativePrefix = `${origin}${basePath}/`;

  const onOrigin = (target: string, path: string): string => {
    const parsed = URL.parse(target, origin);
    if (!parsed || parsed.origin !== origin) {
      throw new InvalidInputError(
        `${provider}: refusing to request ${redactUrl(parsed ?? path)}: it is not on the configured origin ${origin}, and credentials are only ever sent there. Nothing was sent.`,
        { provider, field: 'path' },
      );
    }
    return parsed.href;
  };

  return {
    origin,
    resolve(path, query) {
      let url: string;
      if (path.startsWith('/')) {
        // `//host/x` is a URL on another host in disguise, not a path.
        url = path.startsWith('//') || path.startsWith('/\\') ? onOrigin(path, path) : origin + path;
      } else if (SCHEME.test(path)) {
        url = onOrigin(path, path);
      } else if (path === '') {
        url = `${origin}${basePath}`;
      } else {
        url = relativePrefix + (path.startsWith('./') ? path.slice(2) : path);
      }
      return query === undefined ? url : appendQuery(url, query, provider);
    },
  };
}

/**
 * Adds query parameters to a URL whose own query is kept as it is: arrays become repeated keys,
 * `undefined` and `null` are dropped, booleans are `true` / `false`.
 */
export function appendQuery(url: string, query: QueryParams, provider: string): string {
  let encoded = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly QueryValue[]) {
        if (item !== undefined && item !== null) encoded += `&${encodePair(key, item, provider)}`;
      }
    } else {
      encoded += `&${encodePair(key, value as QueryValue, provider)}`;
    }
  }
  if (encoded === '') return url;
  const hashAt = url.indexOf('#');
  const head = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const queryAt = head.indexOf('?');
  let joined: string;
  if (queryAt === -1) joined = `${head}?${encoded.slice(1)}`;
  else if (queryAt === head.length - 1 || head.endsWith('&')) joined = head + encoded.slice(1);
  else joined = head + encoded;
  return joined + hash;
}

function encodePair(key: string, value: QueryValue, provider: string): string {
  const type = typeof value;
  if (type === 'string' || type === 'boolean' || (type === 'number' && Number.isFinite(value))) {
    return `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
  }
  throw new InvalidInputError(
    `${provider}: query parameter "${key}" has a value that cannot be sent (${type === 'number' ? String(value) : type}); give a string, a finite number or a boolean.`,
    { provider, field: `query.${key}` },
  );
}

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
