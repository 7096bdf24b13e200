import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { UserClient } from '@bankkit/bridge';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  isResponseTooLargeError,
  MemoryTokenStore,
  ResponseTooLargeError,
  TransferOutcomeUnknownError,
} from '@bankkit/core';
import { SpareBank1Client } from '@bankkit/sparebank1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSummary } from './support/runs.js';

/**
 * Issue 10, item 4: a maxResponseBytes limit counted on the decoded bytes while the body streams
 * in; past it the read stops at once with ResponseTooLargeError, never retried, and peak RSS stays
 * below the limit plus 64 MB. The suite streams a 256 MB body (not the 1 GB, to keep the
 * suite fast: the limit stops the read at 32 MiB either way) and a gzip bomb expanding to 256 MB.
 */
const MB = 1024 * 1024;
const HOSTILE_BYTES = 256 * MB;
const CHUNK = Buffer.from(`${'{"id":123456789,"label":"padding padding padding"},'.repeat(1310)}`);
const SB1_CLIENT_ID = 'c0ffee00-1111-2222-3333-444455556666';

interface Served {
  requests: number;
  /** Bytes written to the socket (before compression) by the last answer, when its connection closed. */
  written: number;
}
const served: Served = { requests: 0, written: 0 };
let mode: 'stream' | 'bomb' | 'declared' | 'small' = 'stream';
let bomb: Buffer;
let server: http.Server;
let origin: string;
/** The 256 MB streamer runs in a child process, so the RSS measured here is the client's alone. */
let streamer: ChildProcess;
let streamerOrigin: string;
const streamerLines: string[] = [];

/** The streaming server: answers each request with up to 256 MB of padding, following backpressure; reports what it wrote. */
const STREAMER_SOURCE = `
const http = require('node:http');
const chunk = Buffer.from('{"id":123456789,"label":"padding padding padding"},'.repeat(1310));
const total = ${HOSTILE_BYTES};
http.createServer((request, response) => {
  request.resume();
  let written = 0;
  const pump = () => {
    while (written < total) {
      written += chunk.byteLength;
      if (!response.write(chunk)) { response.once('drain', pump); return; }
    }
    response.end();
  };
  response.on('close', () => process.stdout.write('wrote ' + written + '\\n'));
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.write('{"resources":[');
  pump();
}).listen(0, '127.0.0.1', function () { process.stdout.write('port ' + this.address().port + '\\n'); });
`;
const figures: string[] = [];

/** Writes up to `total` bytes of JSON-ish padding, following the socket's backpressure, until the client hangs up. */
function stream(response: http.ServerResponse, total: number): void {
  let written = 0;
  const pump = () => {
    while (written < total) {
      written += CHUNK.byteLength;
      served.written = written;
      if (!response.write(CHUNK)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  response.on('close', () => {
    served.written = written;
  });
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.write('{"resources":[');
  pump();
}

/** The measured client: one GET with the default limit (after a warm-up), RSS sampled every 5 ms, one JSON line out. */
const MEASURED_CLIENT = `
const { createHttpClient } = await import(${JSON.stringify(new URL('../../packages/core/dist/index.js', import.meta.url).href)});
const client = createHttpClient({ provider: 'hostile', baseUrl: process.argv[1], retry: { retries: 2, minDelayMs: 0, maxDelayMs: 1 } });
// Warm up fetch (undici, its HTTP parser) on a small local answer first: its one-time set-up is not what is measured.
const { createServer } = await import('node:http');
const warm = createServer((request, response) => response.end('{}'));
await new Promise((resolve) => warm.listen(0, '127.0.0.1', resolve));
const warmClient = createHttpClient({ provider: 'warm-up', baseUrl: 'http://127.0.0.1:' + warm.address().port });
for (let round = 0; round < 20; round++) await warmClient.json({ path: 'x' });
warm.close();
const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
let code = 'none', limitBytes;
try { await client.request({ path: 'transactions' }); } catch (error) { code = error.code; limitBytes = error.limitBytes; }
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
process.stdout.write(JSON.stringify({ code, limitBytes, peakGrowthMb: (peak - baseline) / 1048576 }));
process.exit(0);
`;

beforeAll(async () => {
  streamer = spawn(process.execPath, ['-e', STREAMER_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  streamer.stdout?.setEncoding('utf8');
  streamerOrigin = await new Promise<string>((resolve) => {
    streamer.stdout?.on('data', (text: string) => {
      for (const line of text.split('\n').filter(Boolean)) {
        streamerLines.push(line);
        if (line.startsWith('port ')) resolve(`http://127.0.0.1:${line.slice(5)}`);
      }
    });
  });
  // 256 MB of padding, gzipped once: about 1 MB on the wire.
  bomb = await new Promise<Buffer>((resolve, reject) => {
    const gzip = createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gzip.on('data', (part: Buffer) => parts.push(part));
    gzip.on('end', () => resolve(Buffer.concat(parts)));
    gzip.on('error', reject);
    const zeros = Buffer.alloc(MB, 0x20);
    for (let index = 0; index < HOSTILE_BYTES / MB; index++) gzip.write(zeros);
    gzip.end();
  });
  server = http.createServer((request, response) => {
    served.requests++;
    request.resume();
    if (mode === 'stream') return stream(response, HOSTILE_BYTES);
    if (mode === 'bomb') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      response.end(bomb);
      return;
    }
    if (mode === 'declared') {
      response.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': String(HOSTILE_BYTES),
      });
      response.write('{"resources":[');
      return; // never finishes: the client must stop on the header alone
    }
    const body = JSON.stringify({
      resources: [],
      pagination: { previous_uri: null, next_uri: null },
      pad: 'x'.repeat(900_000),
    });
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.write(body.slice(0, 1000));
    response.end(body.slice(1000));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  streamer.kill();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  printSummary(`reliability response-size: ${figures.join(' ')}`);
});

function bridge(maxResponseBytes?: number, baseUrl = origin): UserClient {
  return new UserClient({
    clientId: 'size-client',
    clientSecret: 'size-client-secret',
    baseUrl,
    userUuid: '998945b4-c977-43e4-a854-d9680fa00fd5',
    accessToken: 'size-access-token',
    expiresAt: new Date(Date.now() + 3_600_000),
    retry: { retries: 2, minDelayMs: 0, maxDelayMs: 1 },
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
  });
}

/** Runs `call`, sampling RSS every 5 ms; resolves with its error and the peak RSS growth in MB. */
async function measured(call: () => Promise<unknown>): Promise<{ error: unknown; peakGrowthMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  let error: unknown;
  try {
    await call();
  } catch (caught) {
    error = caught;
  } finally {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
  }
  return { error, peakGrowthMb: (peak - baseline) / MB };
}

describe('maxResponseBytes', () => {
  it('defaults to 32 MiB', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(32 * MB);
  });

  it('stops a 256 MB body at the default limit, once, with RSS below limit + 64 MB', async () => {
    // The client runs alone in a fresh process, so the RSS measured is its own, not the test runner's.
    const measuredChild = spawn(
      process.execPath,
      ['--input-type=module', '-e', MEASURED_CLIENT, streamerOrigin],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    measuredChild.stdout?.on('data', (text: Buffer) => {
      output += text.toString('utf8');
    });
    await new Promise((resolve) => measuredChild.once('exit', resolve));
    const { code, limitBytes, peakGrowthMb } = JSON.parse(output) as {
      code: string;
      limitBytes: number;
      peakGrowthMb: number;
    };
    expect(code).toBe('response_too_large');
    expect(limitBytes).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    // One answer only (never retried), and the server stopped soon after the limit: what was in
    // flight in socket buffers, not the rest of the 256 MB.
    await until(() => streamerLines.some((line) => line.startsWith('wrote ')));
    const wrote = streamerLines
      .filter((line) => line.startsWith('wrote '))
      .map((line) => Number(line.slice(6)));
    expect(wrote).toHaveLength(1);
    expect(wrote[0]).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES + 16 * MB);
    expect(peakGrowthMb).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES / MB + 64);
    figures.push(
      `stream256MB(default limit 32MiB): requests=${wrote.length} server-wrote=${((wrote[0] ?? 0) / MB).toFixed(1)}MB client-peak-rss-growth=${peakGrowthMb.toFixed(1)}MB`,
    );
  });

  it('stops a gzip bomb (1 MB expanding to 256 MB) on its decoded bytes, once', async () => {
    mode = 'bomb';
    served.requests = 0;
    const limit = 8 * MB;
    const { error, peakGrowthMb } = await measured(() => bridge(limit).listTransactions());
    expect(isResponseTooLargeError(error), String(error)).toBe(true);
    expect(served.requests).toBe(1);
    expect(peakGrowthMb).toBeLessThan(limit / MB + 64);
    figures.push(
      `gzip-bomb(${(bomb.byteLength / MB).toFixed(2)}MB->256MB, limit 8MB): requests=${served.requests} peak-rss-growth=${peakGrowthMb.toFixed(1)}MB`,
    );
  });

  it('refuses a declared Content-Length past the limit without reading the body', async () => {
    mode = 'declared';
    served.requests = 0;
    const error = (await measured(() => bridge().listTransactions())).error;
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(served.requests).toBe(1);
  });

  it('reads an answer within the limit as before', async () => {
    mode = 'small';
    const page = await bridge(MB).listTransactions();
    expect(page.resources).toEqual([]);
  });

  it('ends a transfer whose answer is too large in TransferOutcomeUnknownError, sent once', async () => {
    mode = 'stream';
    served.requests = 0;
    const store = new MemoryTokenStore();
    await store.set(`sparebank1:${SB1_CLIENT_ID}`, {
      accessToken: 'size-sb1-access-token',
      expiresAt: new Date(Date.now() + 600_000),
      refreshToken: 'size-sb1-refresh-token',
    });
    const client = new SpareBank1Client({
      clientId: SB1_CLIENT_ID,
      clientSecret: 'size-sb1-client-secret',
      redirectUri: 'http://127.0.0.1:8321/callback',
      baseUrl: origin,
      authBaseUrl: origin,
      tokenStore: store,
      maxResponseBytes: MB,
    });
    const error = (
      await measured(() =>
        client.createTransfer({ amount: '10.00', fromAccount: '32096894308', toAccount: '15031563892' }),
      )
    ).error;
    expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
    expect(served.requests).toBe(1);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let round = 0; !condition() && round < 1000; round++)
    await new Promise((resolve) => setImmediate(resolve));
}
