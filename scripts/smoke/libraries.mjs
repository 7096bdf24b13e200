// Smoke test of the packed library tarballs, run from a fresh npm project on the Node under test:
// each package imports, exposes ./package.json, and the clients work against the sandbox (both
// banks, through BankingProvider), as in the README's example. `--only sandbox` checks the
// sandbox alone.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const only = process.argv[2] === '--only' ? process.argv[3] : undefined;
const require = createRequire(import.meta.url);
// Every installed bankkit package exposes its manifest.
for (const name of readdirSync('node_modules/@bankkit')) {
  const manifest = require(`@bankkit/${name}/package.json`);
  assert.equal(manifest.name, `@bankkit/${name}`);
}

const { startSandbox } = await import('@bankkit/sandbox');
const sandbox = await startSandbox({ host: '127.0.0.1', sparebank1: { autoApprove: true } });
try {
  if (only === 'sandbox') {
    const answer = await fetch(`${sandbox.bridge.baseUrl}/v2/banks`, {
      headers: {
        'Bridge-Version': '2021-06-01',
        'Client-Id': sandbox.bridge.clientId,
        'Client-Secret': sandbox.bridge.clientSecret,
      },
    });
    assert.equal(answer.status, 200);
    assert.ok(Array.isArray((await answer.json()).resources));
  } else {
    const { BridgeProvider, UserClient } = await import('@bankkit/bridge');
    const v3 = await import('@bankkit/bridge/v3');
    const { SpareBank1Client, SpareBank1Provider } = await import('@bankkit/sparebank1');
    const { MemoryTokenStore, isBankkitError } = await import('@bankkit/core');
    const { sparebank1, bridge } = sandbox;
    const tokenStore = new MemoryTokenStore();
    const spareBank1 = new SpareBank1Client({
      clientId: sparebank1.clientId,
      clientSecret: sparebank1.clientSecret,
      redirectUri: sparebank1.redirectUris[0],
      baseUrl: sparebank1.baseUrl,
      authBaseUrl: sparebank1.authBaseUrl,
      tokenStore,
    });
    const login = spareBank1.createAuthorizationUrl();
    const redirect = await fetch(login.url, { redirect: 'manual' });
    await spareBank1.handleCallback(redirect.headers.get('location'), { expectedState: login.state });
    const [user] = bridge.users;
    const providers = [
      new SpareBank1Provider(spareBank1),
      new BridgeProvider(
        new UserClient({
          clientId: bridge.clientId,
          clientSecret: bridge.clientSecret,
          baseUrl: bridge.baseUrl,
          email: user.email,
          password: user.password,
          tokenStore,
        }),
      ),
      // The 2025-01-15 client from the subpath export, on the same sandbox user.
      new v3.BridgeProvider(
        new v3.UserClient({
          clientId: bridge.clientId,
          clientSecret: bridge.clientSecret,
          baseUrl: bridge.baseUrl,
          userUuid: user.uuid,
        }),
      ),
    ];
    for (const provider of providers) {
      const accounts = await provider.listAccounts();
      assert.ok(accounts.length > 0, `${provider.id}: no accounts`);
      for (const account of accounts) assert.match(account.balance.amount, /^-?\d+(\.\d+)?$/);
      let count = 0;
      for await (const transaction of await provider.listTransactions()) {
        assert.match(transaction.bookingDate, /^\d{4}-\d{2}-\d{2}$/);
        count += 1;
      }
      assert.ok(count > 0, `${provider.id}: no transactions`);
    }
    assert.equal(typeof isBankkitError, 'function');
    // The ledger installs only where its Node floor (node:sqlite) allows: sync every provider into it.
    if (existsSync('node_modules/@bankkit/ledger')) {
      const { SqliteLedger, syncProvider } = await import('@bankkit/ledger');
      const ledger = new SqliteLedger(':memory:');
      for (const [index, provider] of providers.entries()) {
        const summary = await syncProvider(provider, ledger, { source: `${provider.id}-${index}` });
        assert.ok(summary.added > 0, `${provider.id}: the sync added nothing`);
      }
      assert.ok((await ledger.listTransactions()).length > 0);
      ledger.close();
    }
  }
} finally {
  await sandbox.close();
}
console.log(`libraries smoke test passed on Node ${process.version}${only ? ` (${only} only)` : ''}`);
