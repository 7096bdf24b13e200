import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What the sandbox's node listener passes to a provider app as its Hono `env` (`c.env`). Absent when
 * an app is called directly (`app.request(...)` in a unit test), so read it optionally.
 */
export interface SandboxBindings {
  /** The raw node request. */
  incoming: IncomingMessage;
  /** The raw node response. */
  outgoing: ServerResponse;
  /**
   * The body of a GET or HEAD request, which the fetch `Request` cannot carry. Some real clients send
   * parameters as a JSON body on a GET (Bridge `connect/items/edit` in the Python reference client).
   */
  getRequestBody?: string;
}

/** Anything with a fetch-style handler: a Hono app. */
export interface FetchApp {
  /** Serves one request. */
  fetch(request: Request, env?: SandboxBindings): Response | Promise<Response>;
}
