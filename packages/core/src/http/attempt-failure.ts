/** Why one attempt failed. */
export type AttemptFailureKind = 'status' | 'network' | 'timeout';

/**
 * One failed attempt, inside the retry loop only: it carries what the retry decision needs, and is
 * turned into a typed bankkit error once no attempt is left, when the number of attempts is known.
 * Never thrown to callers.
 */
export class AttemptFailure extends Error {
  readonly kind: AttemptFailureKind;
  /** The non-2xx response (kind `status`), its body already read into {@link text}. */
  readonly response: Response | undefined;
  readonly text: string;
  /** What the response's `Retry-After` asked for, when it said. */
  readonly retryAfterMs: number | undefined;
  /** How long the failed exchange took, for logs. */
  readonly durationMs: number | undefined;

  constructor(
    kind: AttemptFailureKind,
    details: {
      response?: Response;
      text?: string;
      retryAfterMs?: number | undefined;
      durationMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(`attempt failed: ${kind}`, { cause: details.cause });
    this.kind = kind;
    this.response = details.response;
    this.text = details.text ?? '';
    this.retryAfterMs = details.retryAfterMs;
    this.durationMs = details.durationMs;
  }

  /** The HTTP status, for kind `status`. */
  get status(): number | undefined {
    return this.response?.status;
  }
}
