/**
 * Known secret values (client secrets, passwords, tokens) registered by the clients that hold them,
 * so that any text leaving bankkit (error messages, serialized errors, log lines) can be scrubbed by
 * value, wherever the secret ended up: a header, a URL, a body echoed back by a server.
 *
 * Bounded: with rotating tokens the set would otherwise grow for the life of the process.
 */
const MAX_SECRETS = 2_000;
/** Shorter values are too likely to match ordinary text (and too weak to be worth hiding). */
const MIN_SECRET_LENGTH = 6;

/**
 * A server may echo a secret back cut short or in another letter case (`X-Request-Id`, an error
 * message): a leading fragment this long, in any case, is redacted too. Shorter fragments are too
 * likely to occur by chance.
 */
export const MIN_SECRET_FRAGMENT = 12;

const registry = new Set<string>();
/** The registered values with their encoded forms, longest first; rebuilt after the set changes. */
let forms: readonly string[] | undefined;
/** The forms in lower case, by the lower-cased start they are looked up with; rebuilt with `forms`. */
let index: SecretIndex | undefined;

/**
 * @internal Registered forms (lower-cased, ASCII letters only) by the length of the start they are
 * found by (`MIN_SECRET_FRAGMENT`, or a shorter secret's whole length), then by that start. Each
 * list is longest first. `starts` marks the hashes of the forms' first three characters
 * ({@link startHash}), so that most positions of a text are passed over without a lookup.
 */
export interface SecretIndex {
  readonly byLength: ReadonlyMap<number, ReadonlyMap<string, readonly string[]>>;
  readonly starts: Uint8Array;
}

/** @internal A 16-bit hash of the three characters of `text` from `at` (registered values are at least 6 long). */
export function startHash(text: string, at: number): number {
  return (
    ((text.charCodeAt(at) * 961 + text.charCodeAt(at + 1) * 31 + text.charCodeAt(at + 2)) & 0xffff) >>> 0
  );
}

/**
 * Registers a value that must never appear in bankkit's error messages, serialized errors or logs.
 * Values shorter than six characters are ignored.
 */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  if (registry.has(value)) {
    registry.delete(value);
  } else {
    if (registry.size >= MAX_SECRETS) {
      const oldest = registry.values().next().value;
      if (oldest !== undefined) registry.delete(oldest);
    }
    forms = undefined;
    index = undefined;
  }
  registry.add(value);
}

/** @internal Iterates the registered values, longest first, so a secret that contains another is replaced whole. */
export function registeredSecrets(): string[] {
  return [...registry].sort((a, b) => b.length - a.length);
}

/**
 * @internal Every registered value as it may appear in text: as is, percent-encoded in a URL
 * (`encodeURIComponent`) and form-encoded in a body (`+` for spaces, `!'()~` escaped), longest
 * first. Cached, as it is read for every redacted string.
 */
export function registeredSecretForms(): readonly string[] {
  if (forms === undefined) {
    const all = new Set<string>();
    for (const secret of registry) {
      all.add(secret);
      all.add(encodeURIComponent(secret));
      all.add(new URLSearchParams([['', secret]]).toString().slice(1));
    }
    forms = [...all].sort((a, b) => b.length - a.length);
  }
  return forms;
}

/**
 * @internal The lookup {@link redact} scans text with: every form of every registered value,
 * lower-cased, keyed by its first {@link MIN_SECRET_FRAGMENT} characters (a shorter value by all of
 * them). Cached until the registry changes.
 */
export function registeredSecretIndex(): SecretIndex {
  if (index === undefined) {
    const built = new Map<number, Map<string, string[]>>();
    const starts = new Uint8Array(0x10000);
    for (const form of registeredSecretForms()) {
      const lower = asciiLowerCase(form);
      starts[startHash(lower, 0)] = 1;
      const keyLength = Math.min(lower.length, MIN_SECRET_FRAGMENT);
      let byStart = built.get(keyLength);
      if (!byStart) {
        byStart = new Map();
        built.set(keyLength, byStart);
      }
      const start = lower.slice(0, keyLength);
      const list = byStart.get(start);
      if (!list) byStart.set(start, [lower]);
      else if (!list.includes(lower)) list.push(lower);
    }
    // Forms come longest first, so every list already is.
    index = { byLength: built, starts };
  }
  return index;
}

/** Lower-cases ASCII letters only, so that the result has the input's length and indexes. */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}
