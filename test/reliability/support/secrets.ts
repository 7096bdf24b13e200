import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { type Logger, MemoryTokenStore, type TokenSet } from '@bankkit/core';

/** Where a secret turned up: which secret, in which captured text, and the text around it. */
export interface Leak {
  secret: string;
  source: string;
  excerpt: string;
}

/** What a scanner has seen so far. */
export interface CaptureCounts {
  errors: number;
  logLines: number;
  secrets: number;
}

/** A value nobody else would write, so that finding it anywhere means it leaked. */
export function plantedSecret(label: string): string {
  return `planted-${label}-${randomBytes(12).toString('hex')}`;
}

/**
 * Collects every secret of a run (the ones planted in the sandbox and the tokens and codes issued
 * during it) and every text bankkit produced that a user could see or store: error messages,
 * serialized errors, `util.inspect` output, log lines. `leaks()` lists every secret found in any of
 * them, also in the encoded forms a secret takes in URLs and form bodies.
 */
export class LeakScanner {
  readonly #secrets = new Map<string, string>();
  readonly #texts: { source: string; text: string }[] = [];
  #errors = 0;
  #logLines = 0;

  /** A logger for every client: each line and its fields are kept as text. */
  readonly logger: Logger = {
    debug: (message, fields) => this.#log('debug', message, fields),
    info: (message, fields) => this.#log('info', message, fields),
    warn: (message, fields) => this.#log('warn', message, fields),
    error: (message, fields) => this.#log('error', message, fields),
  };

  /** Adds a secret to look for; `label` names it in reports (the value itself is never printed). */
  secret(label: string, value: string | undefined | null): void {
    if (typeof value === 'string' && value.length > 0 && !this.#secrets.has(value)) {
      this.#secrets.set(value, label);
    }
  }

  /** Adds the access and refresh token of a token set. */
  tokens(tokens: Pick<TokenSet, 'accessToken' | 'refreshToken'>): void {
    this.secret('access token', tokens.accessToken);
    this.secret('refresh token', tokens.refreshToken);
  }

  /** A memory token store that reports every token set written to it. */
  tokenStore(): MemoryTokenStore {
    const scanner = this;
    return new (class extends MemoryTokenStore {
      override async set(key: string, tokens: TokenSet): Promise<void> {
        scanner.tokens(tokens);
        await super.set(key, tokens);
      }
    })();
  }

  /** Keeps the three forms of an error a user sees: its message, `JSON.stringify`, `util.inspect`. */
  error(error: unknown, where: string): void {
    this.#errors++;
    const message = error instanceof Error ? error.message : String(error);
    this.#texts.push({ source: `${where}: message`, text: message });
    this.#texts.push({ source: `${where}: JSON.stringify`, text: safeStringify(error) });
    this.#texts.push({ source: `${where}: util.inspect`, text: inspect(error, { depth: 5 }) });
    this.#texts.push({ source: `${where}: String`, text: String(error) });
  }

  /** Every secret found in any captured text. */
  leaks(): Leak[] {
    const found: Leak[] = [];
    const forms = [...this.#secrets].flatMap(([value, label]) =>
      encodedForms(value).map((form) => ({ form, label })),
    );
    for (const { source, text } of this.#texts) {
      for (const { form, label } of forms) {
        const at = text.indexOf(form);
        if (at !== -1) {
          const excerpt = text.slice(Math.max(0, at - 40), at).concat('<', label, '>');
          found.push({ secret: label, source, excerpt });
        }
      }
    }
    return found;
  }

  /** How much was captured: errors, log lines and distinct secrets. */
  counts(): CaptureCounts {
    return { errors: this.#errors, logLines: this.#logLines, secrets: this.#secrets.size };
  }

  /** Whether a value is among the secrets (for checks that the scanner was told about a token). */
  has(value: string): boolean {
    return this.#secrets.has(value);
  }

  #log(level: string, message: string, fields: Record<string, unknown> | undefined): void {
    this.#logLines++;
    this.#texts.push({
      source: `log ${level}`,
      text: fields === undefined ? message : `${message} ${safeStringify(fields)} ${inspect(fields)}`,
    });
  }
}

/**
 * The forms a secret takes in text: as is, percent-encoded (URLs) and form-encoded (bodies). A Basic
 * header's base64 does not contain the secret's own base64, so callers add those credentials themselves.
 */
function encodedForms(secret: string): string[] {
  return [
    ...new Set([secret, encodeURIComponent(secret), new URLSearchParams([['', secret]]).toString().slice(1)]),
  ];
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch (error) {
    return `<JSON.stringify threw: ${error instanceof Error ? error.message : String(error)}>`;
  }
}
