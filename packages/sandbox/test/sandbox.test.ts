import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';

const small = { sparebank1: { transactionsPerAccount: 2 }, bridge: { transactionsPerUser: 10 } };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe('startSandbox', () => {
  it('serves each provider on its own IP-literal origin and reports credentials', async () => {
    const sandbox = await startSandbox(small);
    try {
      const origins = [sandbox.bridge.baseUrl, sandbox.sparebank1.baseUrl, sandbox.sparebank1.authBaseUrl];
      for (const origin of origins) expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new Set(origins).size).toBe(3);
      expect(sandbox.bridge.users[0]).toMatchObject({ email: 'demo@bankkit.dev', password: 'bankkit-demo' });
      expect(sandbox.bridge.clientId).toBeTruthy();
      expect(sandbox.sparebank1.clientId).toBeTruthy();
      expect(sandbox.sparebank1.redirectUris.length).toBeGreaterThan(0);
      expect(sandbox.seed).toBe(1);
      // Bridge paths on the Bridge origin only; SpareBank 1 OAuth on both SpareBank 1 origins.
      const banks = await fetch(`${sandbox.bridge.baseUrl}/v2/banks`, {
        headers: {
          'Bridge-Version': '2021-06-01',
          'Client-Id': sandbox.bridge.clientId,
          'Client-Secret': sandbox.bridge.clientSecret,
        },
      });
      expect(banks.status).toBe(200);
      const onApi = await fetch(`${sandbox.sparebank1.baseUrl}/oauth/token`, { method: 'POST' });
      const onAuth = await fetch(`${sandbox.sparebank1.authBaseUrl}/oauth/token`, { method: 'POST' });
      expect(onApi.status).toBe(onAuth.status);
      expect(onApi.status).not.toBe(404);
      expect((await fetch(`${sandbox.sparebank1.baseUrl}/v2/banks`)).status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });

  it('binds the ports it is given, and maps localhost to 127.0.0.1', async () => {
    const [bridge, sparebank1, sparebank1Auth] = [await freePort(), await freePort(), await freePort()];
    const sandbox = await startSandbox({
      ...small,
      host: 'localhost',
      ports: { bridge, sparebank1, sparebank1Auth },
    });
    try {
      expect(sandbox.bridge.baseUrl).toBe(`http://127.0.0.1:${bridge}`);
      expect(sandbox.sparebank1.baseUrl).toBe(`http://127.0.0.1:${sparebank1}`);
      expect(sandbox.sparebank1.authBaseUrl).toBe(`http://127.0.0.1:${sparebank1Auth}`);
    } finally {
      await sandbox.close();
    }
  });

  it('fails clearly on a busy port and leaves nothing running', async () => {
    const first = await startSandbox(small);
    try {
      const port = Number(new URL(first.bridge.baseUrl).port);
      await expect(startSandbox({ ...small, ports: { sparebank1Auth: port } })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  it('rejects bad options', async () => {
    await expect(startSandbox({ host: 'myhost' })).rejects.toThrow(TypeError);
    await expect(startSandbox({ seed: 1.5 })).rejects.toThrow(RangeError);
    await expect(startSandbox({ ports: { bridge: 70_000 } })).rejects.toThrow(RangeError);
    await expect(startSandbox({ bridge: { transactionsPerUser: -1 } })).rejects.toThrow(RangeError);
  });

  it('closes fast, keep-alive connections included, and close() can be called twice', async () => {
    const sandbox = await startSandbox(small);
    // A kept-alive connection, idle after its answer: close() must end it, not wait for it to time out.
    const { port } = new URL(sandbox.bridge.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    const answered = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write('GET /v2/banks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await answered;
    await Promise.all([sandbox.close(), sandbox.close()]);
    // The server ended the idle connection (an event, not a time budget).
    await closed;
    await expect(fetch(`${sandbox.bridge.baseUrl}/v2/banks`)).rejects.toThrow();
  });

  it('shares one clock between the providers and starts it at `now`', async () => {
    const sandbox = await startSandbox({ ...small, now: '2030-01-01T00:00:00.000Z' });
    try {
      expect(sandbox.clock.now().getTime() - Date.parse('2030-01-01T00:00:00.000Z')).toBeLessThan(5_000);
      sandbox.clock.advance(86_400_000);
      expect(sandbox.clock.now().toISOString().slice(0, 10)).toBe('2030-01-02');
    } finally {
      await sandbox.close();
    }
  });
});
