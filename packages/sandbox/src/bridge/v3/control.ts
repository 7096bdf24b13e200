import { formatDay, formatMoney, formatTimestamp } from '../format.js';
import type { TransactionRow } from '../store/types.js';
import type {
  AddTransactionInput,
  BookTransactionInput,
  BridgeV3Bank,
  ModifyTransactionInput,
  RefreshOptions,
  RefreshResult,
} from './bank.js';
import type { BridgeV3Deps } from './context.js';
import type { BridgeWebhookSeed } from './options.js';
import { sessionUrl } from './routes/sessions.js';
import { type CompleteSessionOptions, completeSession, type SessionCompletion } from './sessions.js';
import type { V3SessionKind } from './state.js';
import type { BridgeWebhookDelivery, BridgeWebhookEndpoint } from './webhooks.js';

/** A transaction as the v3 control reports it. */
export interface BridgeV3TransactionInfo {
  id: number;
  accountId: number;
  itemId: number;
  /** Decimal string, e.g. `'-12.5'`. */
  amount: string;
  /** `YYYY-MM-DD`. */
  date: string;
  updatedAt: string;
  deleted: boolean;
  future: boolean;
}

/** A v3 connect or user-management session. */
export interface BridgeV3SessionInfo {
  id: string;
  kind: V3SessionKind;
  userUuid: string;
  itemId: number | null;
  providerId: number | null;
  callbackUrl: string | null;
  context: string | null;
  /** The page URL the API answered. */
  url: string;
  completed: boolean;
}

/** Webhook configuration and the delivery log. */
export interface BridgeV3WebhookControl {
  /** Registers an endpoint (random secret unless given; every event unless `events`). */
  add(endpoint: BridgeWebhookSeed): BridgeWebhookEndpoint;
  /** Every endpoint with its active secrets (newest first). */
  list(): BridgeWebhookEndpoint[];
  /** A new secret for an endpoint; the previous one stays active 24 h (sandbox clock). */
  rotateSecret(id: string, secret?: string): BridgeWebhookEndpoint;
  /** Removes an endpoint. */
  remove(id: string): void;
  /** Every delivery attempt so far, oldest first. */
  deliveries(): BridgeWebhookDelivery[];
  /** Forgets the delivery log. */
  clearDeliveries(): void;
  /** Resolves once no delivery is queued, in flight or waiting for a retry. */
  settled(): Promise<void>;
}

/**
 * Test hooks of the Bridge v3 side: webhooks, what the bank does (rows added, changed, booked,
 * deleted; items refreshed; accounts closed), item status, and the Connect flow.
 */
export interface BridgeV3Control {
  /** Webhook endpoints and deliveries. */
  webhooks: BridgeV3WebhookControl;
  /** The bank books a new row, or announces a pending one (`future: true`). */
  addTransaction(input: AddTransactionInput): BridgeV3TransactionInfo;
  /** The bank changes a row in place. */
  modifyTransaction(id: number, changes: ModifyTransactionInput): BridgeV3TransactionInfo;
  /** Books a pending row: deletes it and creates the booked one under a new id. */
  bookTransaction(id: number, input?: BookTransactionInput): { deletedId: number; bookedId: number };
  /** The bank withdraws a row (`deleted: true`). */
  deleteTransaction(id: number): void;
  /** A transaction, deleted or not. */
  transaction(id: number): BridgeV3TransactionInfo | undefined;
  /** Bridge refreshes an item: `item.account.updated` with counts per changed account, then `item.refreshed`. */
  refreshItem(itemId: number, options?: RefreshOptions): RefreshResult;
  /** Sets an item's status and, optionally, its `status_code_info` (default: the documented one). */
  setItemStatus(itemId: number, status: number, statusCodeInfo?: string): void;
  /** The bank stops updating an account: `item.account.deleted`. */
  closeAccount(accountId: number): void;
  /** Leaves `accounting_balance` and/or `instant_balance` out of an account (the fallback case). */
  hideBalances(accountId: number, hidden: { accounting?: boolean; instant?: boolean }): void;
  /** v3 sessions, optionally of one user (uuid), oldest first. */
  sessions(userUuid?: string): BridgeV3SessionInfo[];
  /** Completes a session (id or URL) as the page's forms do. */
  completeConnectSession(session: string, options?: CompleteSessionOptions): SessionCompletion;
}

/** The control's view of a row. */
export function transactionInfo(row: TransactionRow): BridgeV3TransactionInfo {
  return {
    id: row.id,
    accountId: row.accountId,
    itemId: row.itemId,
    amount: formatMoney(row.amount),
    date: formatDay(row.day),
    updatedAt: formatTimestamp(row.updatedAtMs),
    deleted: row.isDeleted,
    future: row.isFuture,
  };
}

/** Builds the v3 control over the v3 deps and the bank. */
export function createBridgeV3Control(deps: BridgeV3Deps, bank: BridgeV3Bank): BridgeV3Control {
  const hooks = deps.webhooks;
  return {
    webhooks: {
      add: (endpoint) => hooks.add(endpoint),
      list: () => hooks.list(),
      rotateSecret: (id, secret) => hooks.rotateSecret(id, secret),
      remove: (id) => hooks.remove(id),
      deliveries: () => hooks.deliveries(),
      clearDeliveries: () => hooks.clearDeliveries(),
      settled: () => hooks.settled(),
    },
    addTransaction: (input) => transactionInfo(bank.addTransaction(input)),
    modifyTransaction: (id, changes) => transactionInfo(bank.modifyTransaction(id, changes)),
    bookTransaction: (id, input) => bank.bookTransaction(id, input),
    deleteTransaction: (id) => bank.deleteTransaction(id),
    transaction(id) {
      const found = bank.findTransaction(id);
      return found === undefined ? undefined : transactionInfo(found.row);
    },
    refreshItem: (itemId, options) => bank.refreshItem(itemId, options),
    setItemStatus: (itemId, status, info) => bank.setItemStatus(itemId, status, info),
    closeAccount: (accountId) => bank.closeAccount(accountId),
    hideBalances: (accountId, hidden) => bank.hideBalances(accountId, hidden),
    sessions(userUuid) {
      return [...deps.state.sessions.values()]
        .filter((session) => userUuid === undefined || session.userUuid === userUuid)
        .map((session) => ({
          id: session.id,
          kind: session.kind,
          userUuid: session.userUuid,
          itemId: session.itemId,
          providerId: session.providerId,
          callbackUrl: session.callbackUrl,
          context: session.context,
          url: sessionUrl(deps, session.id),
          completed: session.completed,
        }));
    },
    completeConnectSession: (session, options) => completeSession(deps, bank, session, options),
  };
}
