import { BANKS, DEMO_BANK_ID } from '../data/banks.js';
import { generateItem } from '../data/seed.js';
import type { BridgeV3Bank } from './bank.js';
import type { BridgeV3Deps } from './context.js';
import type { V3SessionRecord } from './state.js';

/** The `step` values Connect reports on failure (D-endcf). */
export const CONNECT_FAILURE_STEPS = [
  'highlighted_banks',
  'link_iban_error',
  'sub_banks_list',
  'bank_creds_form',
  'edit_bank_creds_form',
  'sync_in_progress',
  'otp_form',
  'sync_success',
  'sync_error',
  'sync_pending',
  'pro_validation_form',
  'email_validation_form',
] as const;

/** How the user ends a session. */
export interface CompleteSessionOptions {
  /** Default true. */
  success?: boolean;
  /** Where it failed (`success: false` only). Default `bank_creds_form`. */
  step?: (typeof CONNECT_FAILURE_STEPS)[number];
  /** Repair this item instead of adding one (user-management sessions). */
  itemId?: number;
  /** Accounts of a new item. Default 3, capped by the session's `max_selectable_accounts`. */
  accounts?: number;
  /** Transactions of a new item. Default 100. */
  transactions?: number;
  /** Provider of a new item when the session preselected none. Default the Demo Bank (574). */
  providerId?: number;
}

/** What completing a session did. */
export interface SessionCompletion {
  sessionId: string;
  success: boolean;
  /** The item created or repaired, if any. */
  itemId: number | null;
  /** Accounts of a created item. */
  accountIds: number[];
  /** `callback_url` with `user_uuid`, `item_id`, `success`, `step`, `source`, `context`; null without one. */
  callbackUrl: string | null;
}

/** The session id in a session id or URL (`.../connect/session/<id>`). */
export function sessionIdOf(reference: string): string {
  const trimmed = reference.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Thrown when a session cannot be completed (unknown, already completed, user gone). */
export class SessionCompletionError extends Error {
  /** 404 unknown, 410 already used. */
  readonly status: 404 | 410 | 400;

  constructor(status: 404 | 410 | 400, message: string) {
    super(message);
    this.name = 'SessionCompletionError';
    this.status = status;
  }
}

/**
 * Completes a connect or user-management session as the user would on the page: success on a
 * session naming an item repairs it; otherwise it adds an item with accounts and transactions.
 * Fires the webhooks and builds the callback URL.
 */
export function completeSession(
  deps: BridgeV3Deps,
  bank: BridgeV3Bank,
  reference: string,
  options: CompleteSessionOptions = {},
): SessionCompletion {
  const id = sessionIdOf(reference);
  const session = deps.state.sessions.get(id);
  if (session === undefined)
    throw new SessionCompletionError(404, `Bridge sandbox: no v3 session ${reference}`);
  if (session.completed)
    throw new SessionCompletionError(410, `Bridge sandbox: session ${id} is already completed`);
  const store = deps.bridge.store;
  const user = store.users.get(session.userUuid);
  if (user === undefined)
    throw new SessionCompletionError(404, `Bridge sandbox: the user of session ${id} no longer exists`);
  const success = options.success ?? true;
  if (!success && options.step !== undefined && !CONNECT_FAILURE_STEPS.includes(options.step)) {
    throw new SessionCompletionError(400, `Bridge sandbox: unknown step ${options.step}`);
  }
  if (options.providerId !== undefined && !BANKS.some((bank) => bank.id === options.providerId)) {
    throw new SessionCompletionError(400, `Bridge sandbox: no provider ${options.providerId}`);
  }
  let itemId = options.itemId ?? session.itemId;
  const accountIds: number[] = [];
  if (success) {
    if (itemId !== null) {
      const item = store.item(itemId);
      if (item === undefined || item.userUuid !== user.uuid) {
        throw new SessionCompletionError(400, `Bridge sandbox: no item ${itemId} of this user`);
      }
      bank.itemRepaired(item);
    } else {
      const generated = generateItem(
        store,
        user,
        {
          bankId: session.providerId ?? options.providerId ?? DEMO_BANK_ID,
          accounts: Math.min(
            options.accounts ?? 3,
            session.maxSelectableAccounts ?? Number.POSITIVE_INFINITY,
          ),
          transactions: options.transactions ?? 100,
          stocksPerAccount: deps.bridge.options.stocksPerAccount,
        },
        deps.bridge.runtime.random,
        deps.bridge.runtime.clock.nowMs(),
      );
      // Bridge fetched all of it just now: `updated_at` is the connect time, so a `since` sync from
      // any earlier stamp picks the new item's history up.
      const nowMs = deps.bridge.runtime.clock.nowMs();
      for (const row of generated.transactions) row.updatedAtMs = nowMs;
      for (const account of generated.accounts) account.updatedAtMs = nowMs;
      store.addItem(generated.item, generated.accounts, generated.stocks);
      store.dataOf(user.uuid).ledger.add(generated.transactions);
      itemId = generated.item.id;
      accountIds.push(...generated.accounts.map((account) => account.id));
      bank.itemCreated(generated.item, session.accountTypes);
    }
  }
  session.completed = true;
  return {
    sessionId: id,
    success,
    itemId,
    accountIds,
    callbackUrl: callbackOf(session, user.uuid, success, itemId, options.step),
  };
}

function callbackOf(
  session: V3SessionRecord,
  userUuid: string,
  success: boolean,
  itemId: number | null,
  step: string | undefined,
): string | null {
  if (session.callbackUrl === null) return null;
  const url = new URL(session.callbackUrl);
  url.searchParams.set('user_uuid', userUuid);
  if (itemId !== null) url.searchParams.set('item_id', String(itemId));
  url.searchParams.set('success', String(success));
  if (!success) url.searchParams.set('step', step ?? 'bank_creds_form');
  url.searchParams.set('source', 'connect');
  if (session.context !== null) url.searchParams.set('context', session.context);
  return url.toString();
}
