/** What a v3 session was opened for. */
export type V3SessionKind = 'connect' | 'user-management';

/** A v3 connect or user-management session. */
export interface V3SessionRecord {
  id: string;
  kind: V3SessionKind;
  userUuid: string;
  /** The item to repair (connect session "manage existing item"), if any. */
  itemId: number | null;
  /** The preselected provider, if any. */
  providerId: number | null;
  callbackUrl: string | null;
  context: string | null;
  accountTypes: 'payment' | 'all';
  userEmail: string | null;
  /** Default country of the provider list. */
  countryCode: string | null;
  /** Capabilities every listed provider must have. */
  capabilities: readonly string[];
  /** Caps the accounts of a new item. */
  maxSelectableAccounts: number | null;
  createdAtMs: number;
  completed: boolean;
}

/** What v3 shows of an item beyond the shared item record. */
export interface V3ItemExtra {
  accountTypes: 'payment' | 'all';
  authenticationExpiresAtMs: number;
  /** A `status_code_info` set through the control, overriding the default for the status. */
  statusCodeInfo: string | undefined;
}

/** Changes to one account since the item's last refresh, announced by `item.account.updated`. */
export interface AccountChanges {
  created: number;
  updated: number;
  deleted: number;
}

/** Strong customer authentication lasts 180 days (F-47). */
export const SCA_VALIDITY_MS = 180 * 86_400_000;

/**
 * The v3-only state kept beside the shared Bridge store: sessions, per-item extras, unannounced
 * changes per account, closed accounts and balances hidden to test the fallback. Rebuilt by reset.
 */
export class BridgeV3State {
  readonly sessions = new Map<string, V3SessionRecord>();
  readonly #items = new Map<number, V3ItemExtra>();
  readonly #changes = new Map<number, AccountChanges>();
  readonly closedAccounts = new Set<number>();
  readonly hiddenBalances = new Map<number, { accounting: boolean; instant: boolean }>();

  /** The v3 extras of an item, created on first use from its last refresh time. */
  item(itemId: number, refreshedAtMs: number): V3ItemExtra {
    let extra = this.#items.get(itemId);
    if (extra === undefined) {
      extra = {
        accountTypes: 'payment',
        authenticationExpiresAtMs: refreshedAtMs + SCA_VALIDITY_MS,
        statusCodeInfo: undefined,
      };
      this.#items.set(itemId, extra);
    }
    return extra;
  }

  /** Counts a change to an account's transactions. */
  count(accountId: number, kind: keyof AccountChanges): void {
    let changes = this.#changes.get(accountId);
    if (changes === undefined) {
      changes = { created: 0, updated: 0, deleted: 0 };
      this.#changes.set(accountId, changes);
    }
    changes[kind]++;
  }

  /** Takes (and forgets) the changes of an account since the last refresh. */
  takeChanges(accountId: number): AccountChanges | undefined {
    const changes = this.#changes.get(accountId);
    this.#changes.delete(accountId);
    return changes;
  }
}
