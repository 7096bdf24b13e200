import { createHash, timingSafeEqual } from 'node:crypto';
import type { ResolvedSpareBank1Options } from '../options.js';

/** Outcome of checking client credentials at the token endpoint. */
export type ClientCheck = 'ok' | 'unknown-client' | 'wrong-secret' | 'secret-expired';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The OAuth client registered in the developer portal: id, secret, redirect URIs. */
export class ClientRegistry {
  private secretExpired = false;

  constructor(private readonly options: ResolvedSpareBank1Options) {}

  isKnownClient(clientId: string | undefined): boolean {
    return clientId === this.options.clientId;
  }

  /**
   * Exact string match against the registered URIs (the real rule). With `allowLoopbackRedirects`, a
   * loopback `http` URI also matches a registered loopback URI with the same path on any port.
   */
  isRegisteredRedirect(uri: string | undefined): boolean {
    if (!uri) return false;
    if (this.options.redirectUris.includes(uri)) return true;
    if (!this.options.allowLoopbackRedirects) return false;
    const candidate = parseUrl(uri);
    if (candidate?.protocol !== 'http:' || !LOOPBACK_HOSTS.has(candidate.hostname)) return false;
    return this.options.redirectUris.some((registered) => {
      const target = parseUrl(registered);
      return (
        target !== undefined &&
        target.protocol === 'http:' &&
        target.hostname === candidate.hostname &&
        target.pathname === candidate.pathname &&
        target.search === candidate.search &&
        candidate.hash === ''
      );
    });
  }

  /** Checks a client id and secret in constant time. */
  check(clientId: string | undefined, clientSecret: string | undefined): ClientCheck {
    if (!this.isKnownClient(clientId)) return 'unknown-client';
    if (
      clientSecret === undefined ||
      !timingSafeEqual(digest(clientSecret), digest(this.options.clientSecret))
    ) {
      return 'wrong-secret';
    }
    return this.secretExpired ? 'secret-expired' : 'ok';
  }

  /** Simulates the portal secret running out: the token endpoint then answers `invalid_client`. */
  expireSecret(): void {
    this.secretExpired = true;
  }

  /** Undoes {@link expireSecret}. */
  renewSecret(): void {
    this.secretExpired = false;
  }
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
