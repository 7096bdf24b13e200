import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redact } from '@bankkit/core';
import { CliError, ConfigError, InterruptedError } from '../errors/cli-errors.js';

/** Only loopback hosts; the server itself always binds 127.0.0.1, never a public interface. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);
const BIND_HOST = '127.0.0.1';

/** A callback server listening on a redirect URI's port and path. */
export interface CallbackServer {
  /** The redirect URI with the port actually bound (differs only when the URI said port 0). */
  readonly redirectUri: string;
  /**
   * Waits for the browser to arrive at the redirect URI with a `code` or an `error`, hands that URL
   * to `exchange` (which validates state and exchanges the code) and shows the outcome in the
   * browser tab. Only the first callback is used; later ones are refused.
   */
  handleCallback<T>(
    exchange: (callbackUrl: URL) => Promise<T>,
    options: { timeoutMs: number; signal?: AbortSignal | undefined },
  ): Promise<T>;
  /** Stops listening. */
  close(): Promise<void>;
}

/**
 * Checks that a redirect URI can be served by the CLI: plain `http` on a loopback host with an
 * explicit port (port `0` picks a free one, which only a sandbox accepts).
 * @throws ConfigError naming what to register instead.
 */
export function parseLoopbackRedirectUri(redirectUri: string): URL {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new ConfigError(`The redirect URI "${redirectUri}" is not a URL.`);
  }
  const hint = 'register a redirect URI like http://127.0.0.1:8321/callback for your client and configure it';
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ConfigError(
      `The redirect URI ${url.origin}${url.pathname} is not a loopback address the CLI can listen on.`,
      hint,
    );
  }
  if (url.port === '') throw new ConfigError(`The redirect URI ${url.origin} has no port.`, hint);
  return url;
}

/** What a callback must carry to be handled; other requests to its path get 400. */
export interface CallbackShape {
  /** The query parameters, any of which makes a request a callback. */
  anyOf: readonly string[];
  /** Shown when none is there. */
  refusal: string;
}

/** An OAuth callback: `code` or `error`. */
const OAUTH_CALLBACK: CallbackShape = {
  anyOf: ['code', 'error'],
  refusal: 'The address carries no authorization code.',
};

/** Starts the callback server on 127.0.0.1 at the redirect URI's port and path. */
export async function startCallbackServer(
  redirectUri: URL,
  shape: CallbackShape = OAUTH_CALLBACK,
): Promise<CallbackServer> {
  const path = redirectUri.pathname;
  let onCallback: ((url: URL, response: ServerResponse) => void) | undefined;
  let used = false;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://${BIND_HOST}`);
    if (request.method !== 'GET' || url.pathname !== path) {
      sendPage(response, 404, 'Not found', 'This is the bankkit login callback; nothing else lives here.');
      return;
    }
    if (!shape.anyOf.some((name) => url.searchParams.has(name))) {
      sendPage(response, 400, 'Not a login callback', shape.refusal);
      return;
    }
    if (used || !onCallback) {
      sendPage(response, 409, 'Already handled', 'This login was already completed or abandoned.');
      return;
    }
    used = true;
    onCallback(url, response);
  });
  await listen(server, Number(redirectUri.port));
  const port = (server.address() as AddressInfo).port;
  const bound = new URL(redirectUri);
  bound.port = String(port);

  return {
    redirectUri: bound.toString(),
    handleCallback<T>(
      exchange: (callbackUrl: URL) => Promise<T>,
      options: { timeoutMs: number; signal?: AbortSignal | undefined },
    ): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const cleanup = () => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          onCallback = undefined;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new CliError(`No login arrived within ${Math.round(options.timeoutMs / 1000)} seconds.`, {
              hint: 'run the login command again and approve in the browser',
            }),
          );
        }, options.timeoutMs);
        const onAbort = () => {
          cleanup();
          reject(new InterruptedError());
        };
        if (options.signal?.aborted) return onAbort();
        options.signal?.addEventListener('abort', onAbort, { once: true });
        onCallback = (url, response) => {
          cleanup();
          // The callback URL is reassembled on the redirect URI's own origin (localhost stays localhost).
          const callbackUrl = new URL(`${url.pathname}${url.search}`, bound);
          exchange(callbackUrl).then(
            (value) => {
              sendPage(response, 200, 'Logged in', 'bankkit is logged in. You can close this tab.');
              resolve(value);
            },
            (error: unknown) => {
              const message = error instanceof Error ? error.message : String(error);
              sendPage(response, 400, 'Login failed', `${message} Go back to the terminal for details.`);
              reject(error);
            },
          );
        };
      });
    },
    close: () => closeServer(server),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new CliError(`Port ${port} on 127.0.0.1 is in use, so the login callback cannot be received.`, {
            hint: 'stop whatever listens there (another `bankkit login`?) and try again',
          }),
        );
      } else reject(error);
    };
    server.once('error', onError);
    server.listen(port, BIND_HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function sendPage(response: ServerResponse, status: number, title: string, text: string): void {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>bankkit: ${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(redact(text))}</p></body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  response.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
