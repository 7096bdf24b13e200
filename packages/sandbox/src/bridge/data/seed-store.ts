import type { SandboxRandom } from '../../runtime/context.js';
import { deriveSeed, SeededRandom } from '../../runtime/random.js';
import type { ResolvedBridgeOptions } from '../options.js';
import { BridgeStore } from '../store/store.js';
import { DEMO_BANK_ID } from './banks.js';
import { generateItem } from './seed.js';

/** A seeded user's demo credentials and uuid. */
export interface SeededUser {
  email: string;
  password: string;
  uuid: string;
}

/**
 * Builds the initial store: every configured user with one Demo Bank item holding
 * `accountsPerUser` accounts and `transactionsPerUser` transactions. Each user's data comes from its
 * own generator derived from the seed, so the same seed and options always give the same data
 * (dates count back from `anchorMs`).
 */
export function seedStore(
  options: ResolvedBridgeOptions,
  seed: number,
  anchorMs: number,
  tokenRandom: SandboxRandom,
): { store: BridgeStore; users: SeededUser[] } {
  const store = new BridgeStore(tokenRandom);
  const users: SeededUser[] = [];
  options.users.forEach((seedUser, index) => {
    const random = new SeededRandom(deriveSeed(seed, `bridge-user-${index}`));
    const user = store.addUser({
      uuid: random.uuid(),
      email: seedUser.email,
      password: seedUser.password,
      externalUserId: seedUser.externalUserId ?? null,
      emailConfirmed: true,
    });
    const generated = generateItem(
      store,
      user,
      {
        bankId: DEMO_BANK_ID,
        accounts: options.accountsPerUser,
        transactions: options.transactionsPerUser,
        stocksPerAccount: options.stocksPerAccount,
      },
      random,
      anchorMs,
    );
    store.addItem(generated.item, generated.accounts, generated.stocks);
    store.dataOf(user.uuid).ledger.add(generated.transactions);
    users.push({ email: seedUser.email, password: seedUser.password, uuid: user.uuid });
  });
  return { store, users };
}
