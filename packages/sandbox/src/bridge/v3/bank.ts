import { DAY_MS, formatMoney, formatTimestamp, parisDay } from '../format.js';
import type { TransactionLedger } from '../store/ledger.js';
import type { AccountRecord, ItemRecord, TransactionRow, UserRecord } from '../store/types.js';
import type { BridgeV3Deps } from './context.js';
import { type AccountBalances, statusCodeInfo } from './serialize.js';
import { SCA_VALIDITY_MS } from './state.js';

/** A money amount as the control takes it: a decimal string (`'-12.50'`) or a number of units. */
export type MoneyInput = string | number;

/** A new transaction the bank books (or announces, `future`). */
export interface AddTransactionInput {
  accountId: number;
  amount: MoneyInput;
  /** Both descriptions (default `'Paiement'`). */
  description?: string;
  /** `YYYY-MM-DD` (default: today, or tomorrow for a future row; French calendar). */
  date?: string;
  /** A pending row, not yet booked (`future: true`). */
  future?: boolean;
  /** Category id (default 270). */
  categoryId?: number;
}

/** Changes to a transaction made in place. */
export interface ModifyTransactionInput {
  amount?: MoneyInput;
  description?: string;
  date?: string;
}

/** How a pending row is booked. */
export interface BookTransactionInput {
  /** The booked amount (default: the pending one). */
  amount?: MoneyInput;
  /** The booked date (default: today). */
  date?: string;
}

/** What `refreshItem` announced, per account. */
export interface RefreshResult {
  itemId: number;
  accounts: { accountId: number; nbNew: number; nbUpdated: number; nbDeleted: number }[];
}

/** Options of a refresh. */
export interface RefreshOptions {
  /** `refresh_trigger` of `item.refreshed`. Default `scheduler` (Bridge refreshes by itself, F-46). */
  trigger?: 'scheduler' | 'connect' | 'api';
  /** `full_refresh` of `item.refreshed`. Default false. */
  fullRefresh?: boolean;
}

/** Parses a control amount into hundredths, exactly. */
export function toHundredths(amount: MoneyInput, name = 'amount'): number {
  const text = typeof amount === 'number' ? String(amount) : amount.trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null)
    throw new RangeError(`Bridge sandbox: ${name} must be a decimal with at most 2 decimals, got ${amount}.`);
  const value = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -value : value;
}

function dayOf(date: string, name: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new RangeError(`Bridge sandbox: ${name} must be YYYY-MM-DD, got ${date}.`);
  }
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

const str = JSON.stringify;

/**
 * The bank's side of v3: what happens at the bank (rows added, changed, booked, deleted, accounts
 * closed), what Bridge then announces (refresh, webhooks), and the item lifecycle events of Connect.
 * Changes land in the shared store at once (both API versions see them) and are counted per account
 * until the next refresh announces them.
 */
export class BridgeV3Bank {
  readonly #deps: BridgeV3Deps;

  constructor(deps: BridgeV3Deps) {
    this.#deps = deps;
  }

  #now(): number {
    return this.#deps.bridge.runtime.clock.nowMs();
  }

  #account(accountId: number): AccountRecord {
    const account = this.#deps.bridge.store.account(accountId);
    if (account === undefined) throw new Error(`Bridge sandbox: no account ${accountId}`);
    return account;
  }

  #item(itemId: number): ItemRecord {
    const item = this.#deps.bridge.store.item(itemId);
    if (item === undefined) throw new Error(`Bridge sandbox: no item ${itemId}`);
    return item;
  }

  /** A transaction by id with its ledger, whoever owns it. */
  findTransaction(id: number): { row: TransactionRow; ledger: TransactionLedger } | undefined {
    const store = this.#deps.bridge.store;
    for (const uuid of store.users.keys()) {
      const ledger = store.dataOf(uuid).ledger;
      const row = ledger.get(id);
      if (row !== undefined) return { row, ledger };
    }
    return undefined;
  }

  #liveTransaction(id: number): { row: TransactionRow; ledger: TransactionLedger; account: AccountRecord } {
    const found = this.findTransaction(id);
    if (found === undefined) throw new Error(`Bridge sandbox: no transaction ${id}`);
    if (found.row.isDeleted) throw new Error(`Bridge sandbox: transaction ${id} is deleted`);
    return { ...found, account: this.#account(found.row.accountId) };
  }

  #touch(row: TransactionRow, ledger: TransactionLedger, account: AccountRecord, nowMs: number): void {
    row.updatedAtMs = nowMs;
    row.json = undefined;
    account.updatedAtMs = nowMs;
    ledger.changed();
  }

  /** Balances of an account: booked, and expected with its future rows. */
  balances(account: AccountRecord): AccountBalances {
    let pending = 0;
    for (const row of this.#deps.bridge.store.dataOf(account.userUuid).ledger.live(account.id)) {
      if (row.isFuture) pending += row.amount;
    }
    const hidden = this.#deps.state.hiddenBalances.get(account.id);
    return {
      accounting: account.balance,
      instant: account.balance + pending,
      hideAccounting: hidden?.accounting ?? false,
      hideInstant: hidden?.instant ?? false,
    };
  }

  /** The bank books a new row (or announces a pending one). */
  addTransaction(input: AddTransactionInput): TransactionRow {
    const account = this.#account(input.accountId);
    const nowMs = this.#now();
    const today = parisDay(nowMs);
    const amount = toHundredths(input.amount);
    const future = input.future ?? false;
    const row: TransactionRow = {
      id: this.#deps.bridge.store.newTransactionId(),
      accountId: account.id,
      itemId: account.itemId,
      day: input.date === undefined ? today + (future ? 1 : 0) : dayOf(input.date, 'date'),
      amount,
      clean: input.description ?? 'Paiement',
      bank: (input.description ?? 'Paiement').toUpperCase(),
      categoryId: input.categoryId ?? 270,
      currencyCode: account.currencyCode,
      updatedAtMs: nowMs,
      isDeleted: false,
      isFuture: future,
      card: false,
      json: undefined,
    };
    if (!future) account.balance += amount;
    account.updatedAtMs = nowMs;
    this.#deps.bridge.store.dataOf(account.userUuid).ledger.add([row]);
    this.#deps.state.count(account.id, 'created');
    return row;
  }

  /** The bank changes a row in place (Bridge then shows a new `updated_at`). */
  modifyTransaction(id: number, changes: ModifyTransactionInput): TransactionRow {
    const { row, ledger, account } = this.#liveTransaction(id);
    if (changes.amount !== undefined) {
      const amount = toHundredths(changes.amount);
      if (!row.isFuture) account.balance += amount - row.amount;
      row.amount = amount;
    }
    if (changes.description !== undefined) {
      row.clean = changes.description;
      row.bank = changes.description.toUpperCase();
    }
    if (changes.date !== undefined) row.day = dayOf(changes.date, 'date');
    this.#touch(row, ledger, account, this.#now());
    this.#deps.state.count(account.id, 'updated');
    return row;
  }

  /**
   * Books a pending row the way Bridge documents it: the pending row is deleted (`deleted: true`,
   * new `updated_at`) and the booked row is created under a new id.
   */
  bookTransaction(id: number, input: BookTransactionInput = {}): { deletedId: number; bookedId: number } {
    const { row, ledger, account } = this.#liveTransaction(id);
    if (!row.isFuture) throw new Error(`Bridge sandbox: transaction ${id} is already booked`);
    const nowMs = this.#now();
    row.isDeleted = true;
    this.#touch(row, ledger, account, nowMs);
    const amount = input.amount === undefined ? row.amount : toHundredths(input.amount);
    const booked: TransactionRow = {
      ...row,
      id: this.#deps.bridge.store.newTransactionId(),
      amount,
      day: input.date === undefined ? parisDay(nowMs) : dayOf(input.date, 'date'),
      isDeleted: false,
      isFuture: false,
      updatedAtMs: nowMs,
      json: undefined,
    };
    account.balance += amount;
    ledger.add([booked]);
    this.#deps.state.count(account.id, 'deleted');
    this.#deps.state.count(account.id, 'created');
    return { deletedId: row.id, bookedId: booked.id };
  }

  /** The bank withdraws a row: `deleted: true`, new `updated_at`. */
  deleteTransaction(id: number): void {
    const { row, ledger, account } = this.#liveTransaction(id);
    if (!row.isFuture) account.balance -= row.amount;
    row.isDeleted = true;
    this.#touch(row, ledger, account, this.#now());
    this.#deps.state.count(account.id, 'deleted');
  }

  /**
   * Bridge refreshes an item: one `item.account.updated` per account with changes since the last
   * refresh (with the counts), then `item.refreshed`.
   */
  refreshItem(itemId: number, options: RefreshOptions = {}): RefreshResult {
    const item = this.#item(itemId);
    const nowMs = this.#now();
    item.refreshedAtMs = nowMs;
    const result: RefreshResult = { itemId, accounts: [] };
    for (const account of this.#itemAccounts(item)) {
      const changes = this.#deps.state.takeChanges(account.id);
      if (changes === undefined || this.#deps.state.closedAccounts.has(account.id)) continue;
      const counts = {
        accountId: account.id,
        nbNew: changes.created,
        nbUpdated: changes.updated,
        nbDeleted: changes.deleted,
      };
      result.accounts.push(counts);
      this.#deps.webhooks.emit(
        'item.account.updated',
        `{"account_id":${account.id},"balance":${formatMoney(account.balance)},"item_id":${item.id},"user_uuid":${str(item.userUuid)},` +
          `"nb_new_transactions":${counts.nbNew},"nb_updated_transactions":${counts.nbUpdated},"nb_deleted_transactions":${counts.nbDeleted}}`,
      );
    }
    this.itemRefreshed(item, options.trigger ?? 'scheduler', options.fullRefresh ?? false);
    return result;
  }

  #itemAccounts(item: ItemRecord): AccountRecord[] {
    return this.#deps.bridge.store
      .dataOf(item.userUuid)
      .accounts.filter((account) => account.itemId === item.id);
  }

  /** Sends `item.refreshed` for an item as it is now. */
  itemRefreshed(item: ItemRecord, trigger: string, fullRefresh: boolean): void {
    const extra = this.#deps.state.item(item.id, item.refreshedAtMs);
    const info = statusCodeInfo(item, extra);
    this.#deps.webhooks.emit(
      'item.refreshed',
      `{"item_id":${item.id},"user_uuid":${str(item.userUuid)},"status_code":${item.status},` +
        `${info === undefined ? '' : `"status_code_info":${str(info)},`}"full_refresh":${fullRefresh},` +
        `"refresh_trigger":${str(trigger)},"account_types":${str(extra.accountTypes)},` +
        `"authentication_expires_at":${str(formatTimestamp(extra.authenticationExpiresAtMs))}}`,
    );
  }

  /** Announces a new item: `item.created`, `item.account.created` per account, `item.refreshed` (connect, full). */
  itemCreated(item: ItemRecord, accountTypes: 'payment' | 'all'): void {
    const extra = this.#deps.state.item(item.id, item.refreshedAtMs);
    extra.accountTypes = accountTypes;
    extra.authenticationExpiresAtMs = this.#now() + SCA_VALIDITY_MS;
    item.refreshedAtMs = this.#now();
    this.#deps.webhooks.emit('item.created', `{"item_id":${item.id},"user_uuid":${str(item.userUuid)}}`);
    for (const account of this.#itemAccounts(item)) {
      this.#deps.webhooks.emit(
        'item.account.created',
        `{"account_id":${account.id},"balance":${formatMoney(account.balance)},"item_id":${item.id},"user_uuid":${str(item.userUuid)}}`,
      );
    }
    this.itemRefreshed(item, 'connect', true);
  }

  /** The user passed strong authentication again: status 0, a new 180-day window, `item.refreshed`. */
  itemRepaired(item: ItemRecord): void {
    const extra = this.#deps.state.item(item.id, item.refreshedAtMs);
    item.status = 0;
    item.refreshedAtMs = this.#now();
    extra.statusCodeInfo = undefined;
    extra.authenticationExpiresAtMs = this.#now() + SCA_VALIDITY_MS;
    this.itemRefreshed(item, 'connect', false);
  }

  /** Sets an item's status (and optionally its `status_code_info`). */
  setItemStatus(itemId: number, status: number, info?: string): void {
    const item = this.#item(itemId);
    item.status = status;
    this.#deps.state.item(item.id, item.refreshedAtMs).statusCodeInfo = info;
  }

  /** The bank stops updating an account: `item.account.deleted` (the account stays listed). */
  closeAccount(accountId: number): void {
    const account = this.#account(accountId);
    this.#deps.state.closedAccounts.add(account.id);
    this.#deps.webhooks.emit(
      'item.account.deleted',
      `{"account_id":${account.id},"item_id":${account.itemId},"user_uuid":${str(account.userUuid)}}`,
    );
  }

  /** Leaves `accounting_balance` and/or `instant_balance` out of an account, as some connectors do. */
  hideBalances(accountId: number, hidden: { accounting?: boolean; instant?: boolean }): void {
    const account = this.#account(accountId);
    this.#deps.state.hiddenBalances.set(account.id, {
      accounting: hidden.accounting ?? false,
      instant: hidden.instant ?? false,
    });
  }

  /** Announces a deleted item. */
  itemDeleted(itemId: number, userUuid: string): void {
    this.#deps.webhooks.emit('item.deleted', `{"item_id":${itemId},"user_uuid":${str(userUuid)}}`);
  }

  /** Announces a deleted user. */
  userDeleted(user: UserRecord): void {
    this.#deps.webhooks.emit('user.deleted', `{"user_uuid":${str(user.uuid)}}`);
  }
}
