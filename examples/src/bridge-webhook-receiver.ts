/**
 * A Bridge (2025-01-15) webhook receiver: it verifies the `BridgeApi-Signature` of each delivery
 * against your webhook secret(s), parses the event, logs it, and answers 200. A delivery that fails
 * verification gets 401 and is not acted on; a body that is not a Bridge event gets 400.
 *
 * Run it (after `pnpm build`):
 *
 *   BRIDGE_WEBHOOK_SECRET=... [BRIDGE_WEBHOOK_PREVIOUS_SECRET=...] [PORT=8080] \
 *     pnpm exec node examples/src/bridge-webhook-receiver.ts
 *
 * During a secret rotation Bridge keeps the previous secret valid for 24 hours: set both.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  type BridgeWebhookEvent,
  isWebhookSignatureError,
  parseWebhookEvent,
  verifyWebhookSignature,
} from '@bankkit/bridge/v3';
import { isBankkitError } from '@bankkit/core';

/** What the receiver needs. */
export interface WebhookReceiverOptions {
  /** The active webhook secret, or the two active ones during a rotation. */
  secrets: string | readonly string[];
  /** Called with every verified event. Default: one log line per event. */
  onEvent?: (event: BridgeWebhookEvent) => void | Promise<void>;
  /** Where lines go. Default `console`. */
  log?: Pick<Console, 'info' | 'warn'>;
  /** Largest body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
}

/** One line per event: what happened, to which user, item and account. */
export function describeEvent(event: BridgeWebhookEvent): string {
  if (!event.known) return `unknown event ${event.type} (acknowledged, not handled)`;
  switch (event.type) {
    case 'user.deleted':
      return `user ${event.content.user_uuid} deleted`;
    case 'item.created':
    case 'item.deleted':
      return `${event.type}: item ${event.content.item_id} of user ${event.content.user_uuid}`;
    case 'item.refreshed':
      return `item ${event.content.item_id} refreshed (status ${event.content.status_code ?? '?'} ${event.content.status_code_info ?? ''}, trigger ${event.content.refresh_trigger ?? '?'}, full ${event.content.full_refresh ?? '?'})`;
    case 'item.account.created':
    case 'item.account.deleted':
      return `${event.type}: account ${event.content.account_id} of item ${event.content.item_id}`;
    case 'item.account.updated':
      return `account ${event.content.account_id} updated: ${event.content.nb_new_transactions} new, ${event.content.nb_updated_transactions} updated, ${event.content.nb_deleted_transactions} deleted transactions`;
  }
}

/** An HTTP server receiving Bridge webhooks on any path (POST only). Call `listen` on it. */
export function createWebhookReceiver(options: WebhookReceiverOptions): Server {
  const log = options.log ?? console;
  const onEvent = options.onEvent ?? ((event) => log.info(`[bridge webhook] ${describeEvent(event)}`));
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return createServer((request, response) => {
    const answer = (status: number, text: string) => {
      if (!response.headersSent) response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(text);
    };
    handle(request, answer).catch((error: unknown) => {
      log.warn(`[bridge webhook] failed: ${isBankkitError(error) ? error.message : String(error)}`);
      answer(500, 'receiver failed');
    });
  });

  async function handle(
    request: IncomingMessage,
    answer: (status: number, text: string) => void,
  ): Promise<void> {
    if (request.method !== 'POST') return answer(405, 'POST only');
    let body: Buffer;
    try {
      body = await readBody(request, maxBodyBytes);
    } catch {
      return answer(413, 'body too large');
    }
    try {
      // The raw bytes, before any JSON parsing: the signature covers them exactly.
      verifyWebhookSignature(body, request.headers['bridgeapi-signature'], options.secrets);
    } catch (error) {
      if (!isWebhookSignatureError(error)) throw error;
      log.warn(`[bridge webhook] refused: ${error.failure} (${error.message})`);
      return answer(401, `signature refused: ${error.failure}`);
    }
    let event: BridgeWebhookEvent;
    try {
      event = parseWebhookEvent(body);
    } catch (error) {
      log.warn(
        `[bridge webhook] not a Bridge event: ${isBankkitError(error) ? error.message : String(error)}`,
      );
      return answer(400, 'not a Bridge event');
    }
    try {
      await onEvent(event);
    } catch (error) {
      // A failure here is ours: a non-2xx makes Bridge deliver again.
      log.warn(`[bridge webhook] handler failed: ${error instanceof Error ? error.message : String(error)}`);
      return answer(500, 'handler failed');
    }
    answer(200, 'ok');
  }
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new Error('too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const secrets = [process.env.BRIDGE_WEBHOOK_SECRET, process.env.BRIDGE_WEBHOOK_PREVIOUS_SECRET].filter(
    (secret): secret is string => typeof secret === 'string' && secret !== '',
  );
  if (secrets.length === 0) {
    console.error('Set BRIDGE_WEBHOOK_SECRET (and BRIDGE_WEBHOOK_PREVIOUS_SECRET during a rotation).');
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 8080);
  createWebhookReceiver({ secrets }).listen(port, () => {
    console.info(`Bridge webhook receiver listening on http://localhost:${port}/`);
  });
}
