/** A request as a client sent it: what the raw baseline repeats. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/**
 * A fetch that passes every call on to the global fetch and remembers what was sent, so that the raw
 * baseline can send exactly the URL and headers the client sends.
 */
export function recordingFetch(): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const recording: typeof fetch = (input, init) => {
    // A clone, so that the body of the caller's Request is still there to send.
    const request = new Request(input instanceof Request ? input.clone() : input, init);
    requests.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers) });
    return globalThis.fetch(input, init);
  };
  return { fetch: recording, requests };
}

/** A fetch that counts the requests whose path matches, passing everything on to the global fetch. */
export function countingFetch(path: RegExp): { fetch: typeof fetch; count(): number; reset(): void } {
  let count = 0;
  const counting: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (path.test(new URL(url).pathname)) count++;
    return globalThis.fetch(input, init);
  };
  return {
    fetch: counting,
    count: () => count,
    reset: () => {
      count = 0;
    },
  };
}

/** The raw baseline of one call: global fetch, read the body, JSON.parse. */
export async function rawJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`raw baseline: HTTP ${response.status} from ${url}`);
  return JSON.parse(text);
}
