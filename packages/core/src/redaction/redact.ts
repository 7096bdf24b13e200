import { asciiLowerCase, MIN_SECRET_FRAGMENT, registeredSecretIndex, startHash } from './secret-registry.js';

/** What every redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Field names (JSON, structured records) whose values are always secret. */
const SECRET_FIELDS = [
  'authorization',
  'proxy-authorization',
  'client[-_]?secret',
  'password',
  'current_password',
  'new_password',
  'access[-_]?token',
  'refresh[-_]?token',
  'id[-_]?token',
  'code[-_]?verifier',
  'assertion',
  'cookie',
  'set-cookie',
];
/**
 * Query and form parameters add the OAuth authorization `code`; as a JSON field `code` is an
 * ordinary error code (SpareBank 1's `{ errors: [{ code }] }`) and stays readable.
 */
const SECRET_PARAMS = [...SECRET_FIELDS, 'code'];
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'client-secret', 'cookie', 'set-cookie'];

const FIELD = `(?:${SECRET_FIELDS.join('|')})`;
const PARAM = `(?:${SECRET_PARAMS.join('|')})`;
const HEADER = `(?:${SECRET_HEADERS.join('|')})`;

const PATTERNS: Array<[RegExp, string]> = [
  // Authorization schemes wherever they appear: "Bearer abc", "Basic dXNlcjpwYXNz".
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // JSON fields: "password":"...", "access_token": "..."
  [new RegExp(`("${FIELD}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  // Object literals as util.inspect prints them: { client_secret: 'abc', 'client-secret': "a'b" }
  [
    new RegExp(`((?:^|[\\s{,(])(['"]?)${FIELD}\\2\\s*:\\s*)(['"])(?:(?!\\3)[^\\\\]|\\\\.)*\\3`, 'gi'),
    `$1$3${REDACTED}$3`,
  ],
  // Query strings and form bodies: ?code=...&client_secret=...
  [new RegExp(`(^|[?&;\\s])(${PARAM}=)[^&#\\s"';]*`, 'gi'), `$1$2${REDACTED}`],
  // Header lines: "Client-Secret: ...", "authorization: ..."
  [new RegExp(`(^|\\n|[{,]\\s*)(${HEADER})(\\s*:\\s*)(?!\\s*")[^\\n,}]+`, 'gi'), `$1$2$3${REDACTED}`],
];

/**
 * Removes secrets from a piece of text: every value registered with {@link registerSecret} (as it
 * is, URL- or form-encoded, in any letter case, and any leading fragment of 12 or more of its
 * characters, as a server that truncates or upper-cases what it echoes would send it), and the
 * values of well-known sensitive headers, query parameters and JSON or form fields.
 */
export function redact(text: string): string {
  let out = redactRegistered(text);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * One pass over the text: at each position, the registered forms starting with the next 12
 * characters (in lower case) are looked up, and the longest run they share with the text is
 * replaced. The cost grows with the text's length, not with the number of registered secrets.
 */
function redactRegistered(text: string): string {
  const { byLength, starts } = registeredSecretIndex();
  if (byLength.size === 0) return text;
  const lower = asciiLowerCase(text);
  let out = '';
  let copiedTo = 0;
  const last = text.length - 3;
  for (let position = 0; position <= last; ) {
    if (starts[startHash(lower, position)] === 0) {
      position++;
      continue;
    }
    let matched = 0;
    for (const [keyLength, byStart] of byLength) {
      if (position + keyLength > text.length) continue;
      const candidates = byStart.get(lower.slice(position, position + keyLength));
      if (candidates === undefined) continue;
      for (const candidate of candidates) {
        const length = sharedLength(lower, position, candidate);
        // A value shorter than a fragment must appear whole (its key is the whole value).
        if (length >= Math.min(candidate.length, MIN_SECRET_FRAGMENT) && length > matched) matched = length;
      }
    }
    if (matched === 0) {
      position++;
      continue;
    }
    out += text.slice(copiedTo, position) + REDACTED;
    position += matched;
    copiedTo = position;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

/** How many characters of `candidate` appear in `text` from `start` on. */
function sharedLength(text: string, start: number, candidate: string): number {
  let length = 0;
  while (length < candidate.length && text.charCodeAt(start + length) === candidate.charCodeAt(length))
    length++;
  return length;
}

const SECRET_FIELD_NAME = new RegExp(`^${FIELD}$`, 'i');
const SECRET_PARAM_NAME = new RegExp(`^${PARAM}$`, 'i');

/** True when a header or a JSON field of this name always holds a secret. */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD_NAME.test(name);
}

/**
 * A URL fit for messages and logs: sensitive query parameters and user info replaced, registered
 * secrets removed. Unparseable input is redacted as text.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return redact(String(url));
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM_NAME.test(key)) parsed.searchParams.set(key, REDACTED);
  }
  return redact(parsed.toString());
}

/**
 * Deep-copies a JSON-like value with sensitive fields replaced and strings redacted, for structured
 * log records and serialized errors.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Date) return value;
  if (value instanceof URL) return redactUrl(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretField(key) ? REDACTED : redactValue(item, depth + 1);
  }
  return out;
}
