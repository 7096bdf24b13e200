import * as root from '@bankkit/bridge';
import * as v3 from '@bankkit/bridge/v3';
import { describe, expect, it } from 'vitest';

describe('the @bankkit/bridge/v3 subpath export', () => {
  it('exports the v3 clients, provider and webhook helpers', () => {
    for (const name of [
      'AppClient',
      'UserClient',
      'BridgeProvider',
      'verifyWebhookSignature',
      'parseWebhookEvent',
      'WebhookSignatureError',
    ]) {
      expect(typeof (v3 as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('leaves the v2 API at the root as it was', () => {
    expect(root.AppClient).not.toBe(v3.AppClient);
    expect(root.UserClient).not.toBe(v3.UserClient);
    expect(root.BridgeProvider).not.toBe(v3.BridgeProvider);
    expect(root.DEFAULT_BRIDGE_API_VERSION.version).toBe('2021-06-01');
    expect('verifyWebhookSignature' in root).toBe(false);
    expect(v3.BRIDGE_API_2025_01_15).toEqual({
      version: '2025-01-15',
      header: 'Bridge-Version',
      basePath: '/v3',
    });
  });
});
