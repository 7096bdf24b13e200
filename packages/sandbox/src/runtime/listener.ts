import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { getRequestListener } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { FetchApp, SandboxBindings } from './bindings.js';
import type { SandboxClock } from './context.js';
import {
  type ErrorBodyFactory,
  faultErrorCode,
  faultMessage,
  htmlErrorPage,
  INVALID_JSON_BODY,
} from './fault-responses.js';
import type { FaultInjector, FaultRule, ProviderName } from './faults.js';
import { type RequestLog, redactQuery, type SandboxServerName } from './request-log.js';

/** One provider app as one sandbox server serves it. */
export interface ServedApp {
  provider: ProviderName;
  server: SandboxServerName;
  app: FetchApp;
  errorBody: ErrorBodyFactory;
}

/** The shared runtime pieces every server's listener uses. */
export interface ListenerDeps {
  faults: FaultInjector;
  log: RequestLog;
  clock: SandboxClock;
}

/** A node `request` listener. */
export type NodeListener = (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void>;

const DEFAULT_LATENCY_MS = 500;

async function readAll(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function hasBody(incoming: IncomingMessage): boolean {
  const length = incoming.headers['content-length'];
  return (length !== undefined && length !== '0') || incoming.headers['transfer-encoding'] !== undefined;
}

function errorResponse(
  served: ServedApp,
  rule: FaultRule,
  status: number,
  pathname: string,
  headers: Record<string, string> = {},
) {
  if (rule.body !== undefined) {
    return new Response(rule.body, { status, headers: { 'content-type': 'application/json', ...headers } });
  }
  const { body, contentType } = served.errorBody(
    status,
    rule.code ?? faultErrorCode(served.provider, status),
    faultMessage(status),
    pathname,
  );
  return new Response(body, { status, headers: { 'content-type': contentType, ...headers } });
}

function destroyConnection(env: SandboxBindings): void {
  env.incoming.socket.destroy();
}

/** Writes the response head with its full Content-Length, then half of the body, then cuts the line. */
async function sendTruncated(response: Response, outgoing: ServerResponse): Promise<void> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers['content-length'] = String(bytes.byteLength);
  outgoing.writeHead(response.status, headers);
  const cut = Math.floor(bytes.byteLength / 2);
  await new Promise<void>((resolve) => {
    if (cut === 0) {
      outgoing.flushHeaders();
      setImmediate(resolve);
    } else {
      outgoing.write(bytes.subarray(0, cut), () => resolve());
    }
  });
  outgoing.socket?.destroy();
}

/**
 * Builds the node listener of one sandbox server: it logs every request, applies the fault rules
 * around the provider app, and otherwise hands the request to the app through `@hono/node-server`.
 * Faults act here, below the app, because a reset or a truncated body needs the raw socket.
 */
export function createProviderListener(served: ServedApp, deps: ListenerDeps): NodeListener {
  const { faults, log, clock } = deps;

  const handle = async (request: Request, env: SandboxBindings): Promise<Response> => {
    const started = performance.now();
    const at = new Date(clock.nowMs()).toISOString();
    const url = new URL(request.url);
    const method = request.method;
    const rule = faults.decide({ provider: served.provider, method, pathname: url.pathname });
    const record = (status: number | 'reset') => {
      log.add({
        provider: served.provider,
        server: served.server,
        method,
        path: url.pathname,
        query: redactQuery(url.search),
        status,
        ms: Math.round((performance.now() - started) * 1000) / 1000,
        ...(rule === undefined ? {} : { fault: rule.kind }),
        at,
      });
    };
    const callApp = async (): Promise<Response> => {
      const bindings: SandboxBindings =
        (method === 'GET' || method === 'HEAD') && hasBody(env.incoming)
          ? { ...env, getRequestBody: await readAll(env.incoming) }
          : env;
      try {
        return await served.app.fetch(request, bindings);
      } catch (error) {
        console.error(`sandbox (${served.server}): unhandled error in ${method} ${url.pathname}`, error);
        const { body, contentType } = served.errorBody(
          500,
          faultErrorCode(served.provider, 500),
          'Internal error',
          url.pathname,
        );
        return new Response(body, { status: 500, headers: { 'content-type': contentType } });
      }
    };

    switch (rule?.kind) {
      case undefined: {
        const response = await callApp();
        record(response.status);
        return response;
      }
      case 'latency': {
        await delay(rule.latencyMs ?? DEFAULT_LATENCY_MS);
        const response = await callApp();
        record(response.status);
        return response;
      }
      case 'status': {
        const response = errorResponse(served, rule, rule.status ?? 500, url.pathname);
        record(response.status);
        return response;
      }
      case 'rate-limit': {
        const headers: Record<string, string> =
          rule.retryAfterSeconds === undefined
            ? {}
            : { 'retry-after': String(Math.ceil(rule.retryAfterSeconds)) };
        const response = errorResponse(served, rule, 429, url.pathname, headers);
        record(429);
        return response;
      }
      case 'html': {
        const status = rule.status ?? 502;
        record(status);
        return new Response(rule.body ?? htmlErrorPage(status), {
          status,
          headers: { 'content-type': 'text/html' },
        });
      }
      case 'invalid-json': {
        const status = rule.status ?? 200;
        record(status);
        return new Response(rule.body ?? INVALID_JSON_BODY, {
          status,
          headers: { 'content-type': 'application/json' },
        });
      }
      case 'reset': {
        destroyConnection(env);
        record('reset');
        return RESPONSE_ALREADY_SENT;
      }
      case 'truncate': {
        const response = await callApp();
        record(response.status);
        await sendTruncated(response, env.outgoing);
        return RESPONSE_ALREADY_SENT;
      }
      case 'fail-after-apply': {
        const applied = await callApp();
        await applied.arrayBuffer();
        if (rule.reset === true) {
          destroyConnection(env);
          record('reset');
          return RESPONSE_ALREADY_SENT;
        }
        const response = errorResponse(served, rule, rule.status ?? 500, url.pathname);
        record(response.status);
        return response;
      }
    }
  };

  return getRequestListener((request, env) => handle(request, env as SandboxBindings), {
    // Leave the host process's global Request/Response alone: the sandbox often runs inside a test or
    // an application process.
    overrideGlobalObjects: false,
  }) as NodeListener;
}
