import type { SandboxRandom } from '../../runtime/context.js';

interface TokenRecord {
  userUuid: string;
  expiresAtMs: number;
}

/**
 * Bridge user access tokens: `<40 hex>-<uuid v4>`, valid until `expires_at` on the sandbox clock,
 * revoked by logout, by an email or password change, and by deleting the user.
 */
export class TokenRegistry {
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #byUser = new Map<string, Set<string>>();
  readonly #random: SandboxRandom;

  constructor(random: SandboxRandom) {
    this.#random = random;
  }

  /** Issues a token for a user. */
  issue(userUuid: string, nowMs: number, ttlMs: number): { token: string; expiresAtMs: number } {
    const token = `${this.#random.hex(40)}-${this.#random.uuid()}`;
    const expiresAtMs = nowMs + ttlMs;
    this.#tokens.set(token, { userUuid, expiresAtMs });
    let set = this.#byUser.get(userUuid);
    if (set === undefined) {
      set = new Set();
      this.#byUser.set(userUuid, set);
    }
    set.add(token);
    return { token, expiresAtMs };
  }

  /** The user a live token belongs to, or `undefined` (unknown, revoked or expired). */
  resolve(token: string, nowMs: number): string | undefined {
    const record = this.#tokens.get(token);
    if (record === undefined) return undefined;
    if (nowMs >= record.expiresAtMs) {
      this.revoke(token);
      return undefined;
    }
    return record.userUuid;
  }

  /** Revokes one token. */
  revoke(token: string): void {
    const record = this.#tokens.get(token);
    if (record === undefined) return;
    this.#tokens.delete(token);
    this.#byUser.get(record.userUuid)?.delete(token);
  }

  /** Revokes every token of a user. */
  revokeUser(userUuid: string): void {
    for (const token of this.#byUser.get(userUuid) ?? []) this.#tokens.delete(token);
    this.#byUser.delete(userUuid);
  }

  /** Revokes everything. */
  clear(): void {
    this.#tokens.clear();
    this.#byUser.clear();
  }
}
