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

const registry = new Set<string>();
/** The registered values with their encoded forms, longest first; rebuilt after the set changes. */
let forms: readonly string[] | undefined;

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
