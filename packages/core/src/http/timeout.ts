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

/**
 * Reads a body as text, rejecting with the signal's reason as soon as it aborts, even when the
 * fetch implementation in use does not tie the body stream to the request's signal.
 */
export function readText(response: Response, signal: AbortSignal): Promise<string> {
  if (signal.aborted) {
    response.body?.cancel(signal.reason).catch(ignore);
    return Promise.reject(signal.reason);
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

function ignore(): void {}
