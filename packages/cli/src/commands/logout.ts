import { PROVIDER_NAMES, type ProviderId } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { explainError } from '../errors/explain-error.js';
import { bridgeClientForCommands, bridgeSetup } from '../providers/bridge.js';
import { ProviderTokenStore } from '../providers/provider-token-store.js';
import { resolveTarget } from '../providers/target.js';

/**
 * `bankkit logout [provider]`: forgets the stored login of one provider or all. For Bridge the
 * session is also ended at Bridge when it can be (its token then stops working); the local login
 * is removed either way. SpareBank 1 has no revocation endpoint: forgetting the tokens is the logout.
 */
export async function logoutCommand(
  context: CommandContext,
  provider: ProviderId | undefined,
): Promise<void> {
  const target = await resolveTarget(context, { startEmbedded: false, storedLoginsSuffice: true });
  try {
    const ids = provider ? [provider] : target.providers;
    for (const id of ids) {
      const store = new ProviderTokenStore(target.tokenStore, id);
      const stored = await store.get();
      if (!stored) {
        context.info(`${PROVIDER_NAMES[id]}: not logged in.`);
        continue;
      }
      if (id === 'bridge' && (target.kind === 'real' || target.connection)) {
        try {
          const setup = bridgeSetup(target);
          // Bridge 2025-01-15 has no logout: its two-hour token is simply forgotten.
          if (setup.apiVersion === '2021-06-01') {
            const client = await bridgeClientForCommands(setup, context);
            await client.ready();
            if (client.isAuthenticated(0)) await client.logout();
          }
        } catch (error) {
          context.warn(
            `could not end the session at Bridge (${explainError(error).message}); forgetting it here.`,
          );
        }
      }
      await store.delete();
      context.info(`${PROVIDER_NAMES[id]}: logged out.`);
    }
  } finally {
    await target.close();
  }
}
