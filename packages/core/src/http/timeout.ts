/** Timers above this fire at once in Node; such a limit means "no limit". */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The abort signal of one attempt: aborted by the caller's signal (with the caller's reason) or by
 * the attempt's time limit, which covers the response headers and the whole body.
 *
 * The caller's signal is linked with a listener that is removed when the attempt ends, rather than
 * with `AbortSignal.any`: the effect is the same, it costs less per request, and a long-lived caller
 * signal does not accumulate dependants.
 */
export class AttemptDeadline {
  /** Aborts when the caller aborts or the time limit passes. */
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #callerSignal: AbortSignal | undefined;
  /** Made only when there is a caller's signal to follow. */
  readonly #onCallerAbort: (() => void) | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  #timedOut = false;

  constructor(timeoutMs: number, callerSignal: AbortSignal | undefined) {
    this.signal = this.#controller.signal;
    this.#callerSignal = callerSignal;
    if (callerSignal) {
      if (callerSignal.aborted) this.#controller.abort(callerSignal.reason);
      else {
        this.#onCallerAbort = () => this.#controller.abort(callerSignal.reason);
        callerSignal.addEventListener('abort', this.#onCallerAbort, { once: true });
      }
    }
    if (timeoutMs < MAX_TIMER_MS && !this.signal.aborted) {
      // A shared function with the deadline as argument: no closure per request.
      this.#timer = setTimeout(expire, timeoutMs, this, timeoutMs);
    }
  }

  /** True once the time limit (not the caller) ended the attempt. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Stops the timer and unlinks the caller's signal; call when the attempt is over. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#onCallerAbort) this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }

  /** @internal Ends the attempt because its time limit passed (called by the timer). */
  expire(timeoutMs: number): void {
    if (this.signal.aborted) return;
    this.#timedOut = true;
    this.#controller.abort(new DOMException(`The attempt took longer than ${timeoutMs} ms`, 'TimeoutError'));
  }
}

function expire(deadline: AttemptDeadline, timeoutMs: number): void {
  deadline.expire(timeoutMs);
}

/** Whether a `Content-Length` alone bounds the bytes a body can decode to. */
function declaredLength(response: Response): number | undefined {
  // A compressed body decodes to more than it declares (a gzip bomb): only the stream can tell.
  if (response.headers.has('content-encoding')) return undefined;
  const value = response.headers.get('content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * Reads a body as text, rejecting with the signal's reason as soon as it aborts (even when the
 * fetch implementation does not tie the body stream to the request's signal), and with
 * `tooLarge(bytes)` as soon as more than `maxBytes` decoded bytes have arrived: the rest is never
 * read. A body whose uncompressed `Content-Length` is within the limit is read in one go, the
 * fast path; any other is counted chunk by chunk as it streams in.
 */
export function readText(
  response: Response,
  signal: AbortSignal,
  maxBytes: number,
  tooLarge: (bytes: number) => Error,
): Promise<string> {
  if (signal.aborted) {
    response.body?.cancel(signal.reason).catch(ignore);
    return Promise.reject(signal.reason);
  }
  const declared = declaredLength(response);
  if (declared !== undefined && declared > maxBytes) {
    response.body?.cancel().catch(ignore);
    return Promise.reject(tooLarge(declared));
  }
  if (declared === undefined && maxBytes !== Number.POSITIVE_INFINITY && response.body !== null) {
    return readCounted(response.body, signal, maxBytes, tooLarge);
  }
  const text = response.text();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    text.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

async function readCounted(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  maxBytes: number,
  tooLarge: (bytes: number) => Error,
): Promise<string> {
  const reader = body.getReader();
  const onAbort = () => {
    reader.cancel(signal.reason).catch(ignore);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw signal.aborted ? signal.reason : error;
      }
      if (signal.aborted) throw signal.reason;
      if (chunk.done) break;
      total += chunk.value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(ignore);
        throw tooLarge(total);
      }
      chunks.push(chunk.value);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return utf8.decode(Buffer.concat(chunks, total));
}

/** Decodes like `Response.text()`: UTF-8, a leading BOM dropped, invalid sequences replaced. */
const utf8 = new TextDecoder();

function ignore(): void {}
