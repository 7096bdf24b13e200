import { isSecretField } from '../redaction/redact.js';
import { registerSecret } from '../redaction/secret-registry.js';
import type { QueryParams } from './url.js';

/**
 * The HTTP layer sees every secret a request carries, so it registers them (by their header,
 * parameter or field name) before sending: whatever form a server or a proxy echoes them back in,
 * escaped JSON included, the redaction of messages and logs then removes them by value.
 */

/** As a query or form parameter, `code` is an OAuth authorization code. */
function isSecretParam(name: string): boolean {
  return name === 'code' || isSecretField(name);
}

/**
 * How often the secrets a client sends on every request are registered again. The registry forgets
 * its oldest entries beyond its bound, so a secret in use must be registered again now and then; on
 * every request, that cost as much as the rest of building the request.
 */
const STANDING_SECRETS_REFRESH_MS = 1000;

/**
 * The secrets one client sends on every request (its default headers, when they are fixed, and
 * the current bearer token): registered when first seen and then at most once a second, instead
 * of on every request.
 */
export class StandingSecrets {
  readonly #defaults: Record<string, string> | undefined;
  #token: string | undefined;
  #registeredAt = Number.NEGATIVE_INFINITY;

  /** @param defaults the client's default headers, when they are a fixed object. */
  constructor(defaults: Record<string, string> | undefined) {
    this.#defaults = defaults;
  }

  /** Makes sure the default headers' secrets and `token` are registered (and recently so). */
  register(token: string | undefined): void {
    const now = Date.now();
    if (token === this.#token && now - this.#registeredAt < STANDING_SECRETS_REFRESH_MS) return;
    if (this.#defaults) registerHeaderSecrets(this.#defaults);
    if (token !== undefined) registerSecret(token);
    this.#token = token;
    this.#registeredAt = now;
  }
}

/** Registers the values of secret headers (`Authorization`, `Client-Secret`, cookies). */
export function registerHeaderSecrets(headers: Record<string, string> | undefined): void {
  if (!headers) return;
  for (const name in headers) {
    if (!isSecretField(name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    // "Bearer abc" / "Basic dXNlcjpwYXNz": the credential is what matters, wherever it is echoed.
    const space = name.endsWith('authorization') ? value.indexOf(' ') : -1;
    registerSecret(space > 0 ? value.slice(space + 1).trim() : value);
  }
}

/** Registers the values of secret query parameters (`code`, `client_secret`, tokens). */
export function registerQuerySecrets(query: QueryParams | undefined): void {
  if (!query) return;
  for (const name in query) {
    if (!isSecretParam(name)) continue;
    const value = query[name];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') registerSecret(item);
    }
  }
}

/** Registers the values of secret form fields and JSON fields (passwords, tokens, codes). */
export function registerBodySecrets(
  json: unknown,
  form: Record<string, string | undefined> | undefined,
): void {
  if (form) {
    for (const name in form) if (isSecretParam(name)) registerSecret(form[name]);
  }
  if (json !== undefined) registerJsonSecrets(json, 0);
}

function registerJsonSecrets(value: unknown, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 4) return;
  if (Array.isArray(value)) {
    for (const item of value) registerJsonSecrets(item, depth + 1);
    return;
  }
  for (const [name, item] of Object.entries(value)) {
    if (typeof item === 'string' && isSecretField(name)) registerSecret(item);
    else registerJsonSecrets(item, depth + 1);
  }
}
