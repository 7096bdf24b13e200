import { inspect } from 'node:util';
import { redact, redactValue } from '../redaction/redact.js';

/**
 * The kinds of an error, as plain strings on the instance, so that `instanceof` also holds when two
 * copies of `@bankkit/core` are loaded (a bundled CLI and a user's install, `src/` and `dist/`).
 */
const KINDS = Symbol.for('bankkit.error.kinds');

/** Fields every bankkit error may carry, besides the message. */
export interface BankkitErrorOptions {
  /** The provider the failed call was made to, e.g. `bridge` or `sparebank1`. */
  provider?: string | undefined;
  /** The underlying error. It is never serialized; only its redacted message is shown. */
  cause?: unknown;
}

/**
 * Base class of every error bankkit throws. `code` is stable and meant for programs; `message` is
 * for people and says what failed and what to do. Neither ever holds a secret: messages are
 * redacted when the error is built, and serialization (`JSON.stringify`, `util.inspect`) is redacted
 * again and leaves out raw responses and causes.
 */
export class BankkitError extends Error {
  /** The stable kind name `instanceof` checks against, one per class. */
  static readonly kind: string = 'BankkitError';

  // `this` is the class `instanceof` was asked about (a subclass too), hence its use in a static.
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    // biome-ignore lint/complexity/noThisInStatic: polymorphic on purpose
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    // biome-ignore lint/complexity/noThisInStatic: polymorphic on purpose
    return Array.isArray(kinds) && kinds.includes((this as typeof BankkitError).kind);
  }

  /** Stable, machine-readable error code, e.g. `rate_limited`. */
  readonly code: string;
  /** The provider the failed call was made to. */
  readonly provider?: string | undefined;

  constructor(code: string, message: string, options: BankkitErrorOptions = {}) {
    super(redact(message));
    this.code = code;
    if (options.provider !== undefined) this.provider = options.provider;
    const kinds: string[] = [];
    for (let ctor = new.target as typeof BankkitError | undefined; ctor?.kind; ) {
      kinds.push(ctor.kind);
      const parent = Object.getPrototypeOf(ctor) as typeof BankkitError;
      ctor = parent === ctor ? undefined : parent;
    }
    Object.defineProperty(this, KINDS, { value: [...new Set(kinds)], enumerable: false });
    Object.defineProperty(this, 'name', { value: new.target.kind, enumerable: false, configurable: true });
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, configurable: true });
    }
    if (this.stack) this.stack = redact(this.stack);
  }

  /** The redacted, JSON-safe fields of this error: what `JSON.stringify(error)` gives. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value === undefined || typeof value === 'function' || value instanceof Response) continue;
      fields[key] = value;
    }
    const cause = (this as { cause?: unknown }).cause;
    if (cause instanceof Error) fields.cause = `${cause.name}: ${redact(cause.message)}`;
    return redactValue(fields) as Record<string, unknown>;
  }

  /** What `console.log(error)` and `util.inspect(error)` print: stack and redacted fields, no raw response. */
  [inspect.custom](
    depth: number,
    options: { stylize?: unknown },
    inspectFn: typeof inspect = inspect,
  ): string {
    const { name: _name, message: _message, ...fields } = this.toJSON();
    const body = Object.keys(fields).length > 0 ? ` ${inspectFn(fields, { ...options, depth })}` : '';
    return `${redact(this.stack ?? `${this.name}: ${this.message}`)}${body}`;
  }
}
