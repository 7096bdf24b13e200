import type { FaultKind, ProviderName } from './faults.js';

/** Which sandbox server received a request. */
export type SandboxServerName = 'bridge' | 'sparebank1' | 'sparebank1Auth';

/** One request as the sandbox saw it. */
export interface RequestLogEntry {
  /** Position in the log, from 1. */
  seq: number;
  /** Provider of the server that received it. */
  provider: ProviderName;
  /** The server that received it (SpareBank 1 has an API and an auth origin). */
  server: SandboxServerName;
  /** HTTP method, upper case. */
  method: string;
  /** The pathname, without the query. */
  path: string;
  /** The query string (with a leading `?`, or empty). Secret-bearing parameters are redacted. */
  query: string;
  /** The status sent, or `'reset'` when the connection was destroyed without a response. */
  status: number | 'reset';
  /** Time from receipt to the response being ready (the body write itself is not counted), in ms. */
  ms: number;
  /** The injected fault, if any. */
  fault?: FaultKind;
  /** Sandbox time of receipt, ISO 8601. */
  at: string;
}

/** A filter for {@link RequestLog.count} and {@link RequestLog.list}: every given field must match. */
export interface RequestLogFilter {
  provider?: ProviderName;
  server?: SandboxServerName;
  method?: string;
  /** Exact pathname, a prefix when it ends with `*`, or a RegExp searched in the pathname. */
  path?: string | RegExp;
  status?: number | 'reset';
  /** A fault kind, or `null` for requests served without a fault. */
  fault?: FaultKind | null;
}

/** The request log handed to tests. */
export interface RequestLogView {
  /** Every entry (optionally filtered), oldest first. */
  list(filter?: RequestLogFilter | ((entry: RequestLogEntry) => boolean)): RequestLogEntry[];
  /** How many entries match. */
  count(filter?: RequestLogFilter | ((entry: RequestLogEntry) => boolean)): number;
  /** Forgets every entry. */
  clear(): void;
}

const SECRET_PARAMETERS = new Set([
  'client_secret',
  'code',
  'code_verifier',
  'refresh_token',
  'access_token',
  'password',
  'token',
]);

/** Redacts query parameters that carry secrets, keeping the rest readable. */
export function redactQuery(search: string): string {
  if (search === '' || search === '?') return '';
  const params = new URLSearchParams(search);
  let redacted = false;
  for (const name of new Set(params.keys())) {
    if (SECRET_PARAMETERS.has(name.toLowerCase())) {
      params.set(name, '[REDACTED]');
      redacted = true;
    }
  }
  return redacted ? `?${params.toString()}` : search.startsWith('?') ? search : `?${search}`;
}

function matches(entry: RequestLogEntry, filter: RequestLogFilter): boolean {
  if (filter.provider !== undefined && entry.provider !== filter.provider) return false;
  if (filter.server !== undefined && entry.server !== filter.server) return false;
  if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  if (filter.fault !== undefined && (entry.fault ?? null) !== filter.fault) return false;
  const { path } = filter;
  if (path !== undefined) {
    if (typeof path !== 'string') return entry.path.search(path) !== -1;
    return path.endsWith('*') ? entry.path.startsWith(path.slice(0, -1)) : entry.path === path;
  }
  return true;
}

/** In-memory request log. It keeps the newest `capacity` entries so a long-running sandbox stays bounded. */
export class RequestLog implements RequestLogView {
  #entries: RequestLogEntry[] = [];
  #seq = 0;
  readonly #capacity: number;

  /** @param capacity - Entries kept; the oldest are dropped beyond it. */
  constructor(capacity = 100_000) {
    this.#capacity = capacity;
  }

  /** Appends an entry (the sequence number is assigned here). */
  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full: RequestLogEntry = { seq: ++this.#seq, ...entry };
    this.#entries.push(full);
    if (this.#entries.length > this.#capacity) {
      this.#entries = this.#entries.slice(this.#entries.length - Math.floor(this.#capacity / 2));
    }
    return full;
  }

  list(filter?: RequestLogFilter | ((entry: RequestLogEntry) => boolean)): RequestLogEntry[] {
    if (filter === undefined) return this.#entries.map((entry) => ({ ...entry }));
    const test = typeof filter === 'function' ? filter : (entry: RequestLogEntry) => matches(entry, filter);
    return this.#entries.filter(test).map((entry) => ({ ...entry }));
  }

  count(filter?: RequestLogFilter | ((entry: RequestLogEntry) => boolean)): number {
    if (filter === undefined) return this.#entries.length;
    const test = typeof filter === 'function' ? filter : (entry: RequestLogEntry) => matches(entry, filter);
    let n = 0;
    for (const entry of this.#entries) if (test(entry)) n++;
    return n;
  }

  clear(): void {
    this.#entries = [];
  }
}
