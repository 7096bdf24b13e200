import { createHmac } from 'node:crypto';
import type { SandboxClock, SandboxRandom } from '../../runtime/context.js';
import type { BridgeWebhookSeed, ResolvedBridgeV3Options } from './options.js';

/** The seven aggregation events Bridge documents (F-78). */
export const BRIDGE_WEBHOOK_EVENTS = [
  'user.deleted',
  'item.created',
  'item.refreshed',
  'item.deleted',
  'item.account.created',
  'item.account.updated',
  'item.account.deleted',
] as const;

/** One of the seven documented event types. */
export type BridgeWebhookEventType = (typeof BRIDGE_WEBHOOK_EVENTS)[number];

/** A webhook endpoint as the control shows it. */
export interface BridgeWebhookEndpoint {
  id: string;
  url: string;
  /** Event types sent to it. */
  events: BridgeWebhookEventType[];
  /** Active secrets, newest first (at most two). */
  secrets: string[];
}

/** One delivery attempt. */
export interface BridgeWebhookDelivery {
  /** Sequence number of the event (shared by its attempts). */
  eventSeq: number;
  type: BridgeWebhookEventType;
  endpointId: string;
  url: string;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /** The exact raw body sent. */
  body: string;
  /** The `BridgeApi-Signature` header sent. */
  signature: string;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why the attempt failed without a status (network error, timeout). */
  error?: string;
  /** 2xx. */
  ok: boolean;
  /** Whether another attempt follows this failed one. */
  willRetry: boolean;
  /** Sandbox time of the attempt (ISO). */
  at: string;
}

interface Secret {
  value: string;
  /** Sandbox ms after which a rotated-out secret no longer signs; `undefined` for the current one. */
  retiresAtMs: number | undefined;
}

interface Endpoint {
  id: string;
  url: string;
  events: Set<BridgeWebhookEventType>;
  secrets: Secret[];
  /** Deliveries to one endpoint go one at a time, in order. */
  tail: Promise<void>;
}

interface QueuedEvent {
  seq: number;
  type: BridgeWebhookEventType;
  body: string;
}

function checkEvents(events: readonly string[] | undefined): Set<BridgeWebhookEventType> {
  if (events === undefined) return new Set(BRIDGE_WEBHOOK_EVENTS);
  for (const event of events) {
    if (!(BRIDGE_WEBHOOK_EVENTS as readonly string[]).includes(event)) {
      throw new TypeError(`Bridge sandbox: unknown webhook event ${event}.`);
    }
  }
  return new Set(events as BridgeWebhookEventType[]);
}

/**
 * Bridge's webhooks: endpoints with up to two active secrets, events signed with HMAC-SHA256 of the
 * raw body (`BridgeApi-Signature: v1=<hex>[,v1=<hex>]`), delivered one at a time per endpoint and
 * retried on failure after the configured delays. `settled()` resolves once nothing is queued or
 * waiting to retry, so tests wait for the event, never for a wall-clock budget.
 */
export class WebhookDispatcher {
  readonly #clock: SandboxClock;
  readonly #random: SandboxRandom;
  readonly #options: ResolvedBridgeV3Options;
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #deliveries: BridgeWebhookDelivery[] = [];
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  readonly #aborts = new Set<AbortController>();
  #waiters: (() => void)[] = [];
  #pending = 0;
  #eventSeq = 0;
  #nextId = 1;
  #closed = false;

  constructor(clock: SandboxClock, random: SandboxRandom, options: ResolvedBridgeV3Options) {
    this.#clock = clock;
    this.#random = random;
    this.#options = options;
    for (const seed of options.webhooks) this.add(seed);
  }

  /** Registers an endpoint; without a secret, a random one is made. */
  add(seed: BridgeWebhookSeed): BridgeWebhookEndpoint {
    if (!URL.canParse(seed.url) || !/^https?:$/.test(new URL(seed.url).protocol)) {
      throw new TypeError(`Bridge sandbox: webhook url ${seed.url} is not an http(s) URL.`);
    }
    const endpoint: Endpoint = {
      id: `wh_${this.#nextId++}`,
      url: seed.url,
      events: checkEvents(seed.events),
      secrets: [{ value: seed.secret ?? this.#newSecret(), retiresAtMs: undefined }],
      tail: Promise.resolve(),
    };
    this.#endpoints.set(endpoint.id, endpoint);
    return this.#describe(endpoint);
  }

  /** Every endpoint with its active secrets. */
  list(): BridgeWebhookEndpoint[] {
    return [...this.#endpoints.values()].map((endpoint) => this.#describe(endpoint));
  }

  /**
   * Rotates an endpoint's secret: the new one signs at once, the previous one keeps signing for the
   * configured time (24 h). Only two secrets are ever active, so the oldest is dropped.
   */
  rotateSecret(id: string, secret?: string): BridgeWebhookEndpoint {
    const endpoint = this.#endpoint(id);
    const nowMs = this.#clock.nowMs();
    const current = endpoint.secrets[0] as Secret;
    current.retiresAtMs = nowMs + this.#options.previousSecretTtlMs;
    endpoint.secrets = [{ value: secret ?? this.#newSecret(), retiresAtMs: undefined }, current];
    return this.#describe(endpoint);
  }

  /** Removes an endpoint (queued deliveries to it still run). */
  remove(id: string): void {
    this.#endpoint(id);
    this.#endpoints.delete(id);
  }

  /** Every attempt so far, oldest first. */
  deliveries(): BridgeWebhookDelivery[] {
    return this.#deliveries.map((delivery) => ({ ...delivery }));
  }

  /** Forgets the delivery log. */
  clearDeliveries(): void {
    this.#deliveries.length = 0;
  }

  /** Resolves when no delivery is queued, in flight or waiting to retry. */
  settled(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Sends an event (its `content` already serialized) to every endpoint subscribed to its type. */
  emit(type: BridgeWebhookEventType, contentJson: string): void {
    if (this.#closed) return;
    const event: QueuedEvent = {
      seq: ++this.#eventSeq,
      type,
      body: `{"content":${contentJson},"timestamp":${this.#clock.nowMs()},"type":"${type}"}`,
    };
    for (const endpoint of this.#endpoints.values()) {
      if (!endpoint.events.has(type)) continue;
      this.#pending++;
      endpoint.tail = endpoint.tail.then(() => this.#deliver(endpoint, event)).finally(() => this.#done());
    }
  }

  /** The `BridgeApi-Signature` value for a body, one `v1=` per active secret, newest first. */
  signature(endpointId: string, body: string): string {
    return this.#sign(this.#endpoint(endpointId), body);
  }

  /** Cancels retries and in-flight deliveries (the sandbox is closing). */
  close(): void {
    this.#closed = true;
    for (const [timer, wake] of this.#timers) {
      clearTimeout(timer);
      wake();
    }
    this.#timers.clear();
    for (const abort of this.#aborts) abort.abort();
  }

  #done(): void {
    this.#pending--;
    if (this.#pending === 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  #newSecret(): string {
    return `whsec_${this.#random.hex(40)}`;
  }

  #endpoint(id: string): Endpoint {
    const endpoint = this.#endpoints.get(id);
    if (endpoint === undefined) throw new Error(`Bridge sandbox: no webhook endpoint ${id}`);
    return endpoint;
  }

  #activeSecrets(endpoint: Endpoint): Secret[] {
    const nowMs = this.#clock.nowMs();
    endpoint.secrets = endpoint.secrets.filter(
      (secret) => secret.retiresAtMs === undefined || nowMs < secret.retiresAtMs,
    );
    return endpoint.secrets;
  }

  #describe(endpoint: Endpoint): BridgeWebhookEndpoint {
    return {
      id: endpoint.id,
      url: endpoint.url,
      events: [...endpoint.events],
      secrets: this.#activeSecrets(endpoint).map((secret) => secret.value),
    };
  }

  #sign(endpoint: Endpoint, body: string): string {
    return this.#activeSecrets(endpoint)
      .map((secret) => {
        const hex = createHmac('sha256', secret.value).update(body, 'utf8').digest('hex');
        return `v1=${this.#options.signatureCase === 'upper' ? hex.toUpperCase() : hex}`;
      })
      .join(',');
  }

  async #deliver(endpoint: Endpoint, event: QueuedEvent): Promise<void> {
    const delays = this.#options.webhookRetryDelaysMs;
    for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
      if (this.#closed) return;
      const signature = this.#sign(endpoint, event.body);
      const at = new Date(this.#clock.nowMs()).toISOString();
      const outcome = await this.#post(endpoint.url, event.body, signature);
      const ok = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
      const willRetry = !ok && attempt <= delays.length && !this.#closed;
      this.#deliveries.push({
        eventSeq: event.seq,
        type: event.type,
        endpointId: endpoint.id,
        url: endpoint.url,
        attempt,
        body: event.body,
        signature,
        ...outcome,
        ok,
        willRetry,
        at,
      });
      if (!willRetry) return;
      await this.#sleep(delays[attempt - 1] as number);
    }
  }

  async #post(url: string, body: string, signature: string): Promise<{ status?: number; error?: string }> {
    const abort = new AbortController();
    this.#aborts.add(abort);
    const timer = setTimeout(() => abort.abort(new Error('timeout')), this.#options.webhookTimeoutMs);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Bridge-Webhooks (bankkit sandbox)',
          'bridgeapi-signature': signature,
        },
        body,
        redirect: 'manual',
        signal: abort.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status };
    } catch (error) {
      const reason = abort.signal.aborted ? abort.signal.reason : error;
      return { error: reason instanceof Error ? reason.message : String(reason) };
    } finally {
      clearTimeout(timer);
      this.#aborts.delete(abort);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.#timers.set(timer, resolve);
    });
  }
}
