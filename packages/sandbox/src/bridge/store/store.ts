import type { SandboxRandom } from '../../runtime/context.js';
import { TransactionLedger } from './ledger.js';
import { TokenRegistry } from './tokens.js';
import type { AccountRecord, ConnectSessionRecord, ItemRecord, StockRecord, UserRecord } from './types.js';

/** Everything one user owns. */
export interface UserData {
  items: ItemRecord[];
  accounts: AccountRecord[];
  stocks: StockRecord[];
  ledger: TransactionLedger;
}

/** First ids handed out; transaction ids start above 2^31, as real ones do, and stay far below 2^53. */
const FIRST_IDS = { item: 6_648_847, account: 30_179_391, stock: 4_712, transaction: 38_000_784_535_000 };

/** The Bridge sandbox's state: users and their data, tokens, Connect sessions, id counters. */
export class BridgeStore {
  readonly users = new Map<string, UserRecord>();
  readonly tokens: TokenRegistry;
  readonly sessions = new Map<string, ConnectSessionRecord>();
  readonly #byEmail = new Map<string, string>();
  readonly #byExternalId = new Map<string, string>();
  readonly #data = new Map<string, UserData>();
  readonly #items = new Map<number, ItemRecord>();
  readonly #accounts = new Map<number, AccountRecord>();
  #userSeq = 0;
  #nextItemId = FIRST_IDS.item;
  #nextAccountId = FIRST_IDS.account;
  #nextStockId = FIRST_IDS.stock;
  #nextTransactionId = FIRST_IDS.transaction;
  #usersVersion = 0;
  #usersView: { version: number; list: UserRecord[] } | undefined;

  constructor(random: SandboxRandom) {
    this.tokens = new TokenRegistry(random);
  }

  /** Allocates an item id. */
  newItemId(): number {
    return this.#nextItemId++;
  }

  /** Allocates an account id. */
  newAccountId(): number {
    return this.#nextAccountId++;
  }

  /** Allocates a stock id. */
  newStockId(): number {
    return this.#nextStockId++;
  }

  /** Allocates a transaction id `gap` above the previous one, so ids only grow. */
  newTransactionId(gap = 1): number {
    this.#nextTransactionId += gap;
    return this.#nextTransactionId;
  }

  /** Adds a user (the caller has checked uniqueness). */
  addUser(user: Omit<UserRecord, 'seq'>): UserRecord {
    const record: UserRecord = { ...user, seq: ++this.#userSeq };
    this.users.set(record.uuid, record);
    if (record.email !== null) this.#byEmail.set(record.email.toLowerCase(), record.uuid);
    if (record.externalUserId !== null) this.#byExternalId.set(record.externalUserId, record.uuid);
    this.#data.set(record.uuid, { items: [], accounts: [], stocks: [], ledger: new TransactionLedger() });
    this.#usersVersion++;
    return record;
  }

  /** A user by email (case-insensitive). */
  userByEmail(email: string): UserRecord | undefined {
    const uuid = this.#byEmail.get(email.toLowerCase());
    return uuid === undefined ? undefined : this.users.get(uuid);
  }

  /** A user by external id. */
  userByExternalId(externalUserId: string): UserRecord | undefined {
    const uuid = this.#byExternalId.get(externalUserId);
    return uuid === undefined ? undefined : this.users.get(uuid);
  }

  /** Changes a user's email, keeping the index right. */
  changeEmail(user: UserRecord, email: string): void {
    if (user.email !== null) this.#byEmail.delete(user.email.toLowerCase());
    user.email = email;
    this.#byEmail.set(email.toLowerCase(), user.uuid);
    this.#usersVersion++;
  }

  /** Users newest first (cached until the next change). */
  usersNewestFirst(): readonly UserRecord[] {
    if (this.#usersView?.version !== this.#usersVersion) {
      this.#usersView = {
        version: this.#usersVersion,
        list: [...this.users.values()].sort((a, b) => b.seq - a.seq),
      };
    }
    return this.#usersView.list;
  }

  /** Removes a user with all their items, accounts, transactions, stocks, sessions and tokens. */
  deleteUser(uuid: string): boolean {
    const user = this.users.get(uuid);
    if (user === undefined) return false;
    for (const item of [...this.dataOf(uuid).items]) this.deleteItem(item.id);
    this.users.delete(uuid);
    this.#data.delete(uuid);
    if (user.email !== null) this.#byEmail.delete(user.email.toLowerCase());
    if (user.externalUserId !== null) this.#byExternalId.delete(user.externalUserId);
    this.tokens.revokeUser(uuid);
    for (const [id, session] of this.sessions) if (session.userUuid === uuid) this.sessions.delete(id);
    this.#usersVersion++;
    return true;
  }

  /** Everything a user owns (empty for an unknown user). */
  dataOf(uuid: string): UserData {
    const data = this.#data.get(uuid);
    if (data === undefined) throw new Error(`Bridge sandbox: no user ${uuid}`);
    return data;
  }

  /** Registers an item with its accounts and stocks (transactions go to the ledger separately). */
  addItem(item: ItemRecord, accounts: readonly AccountRecord[], stocks: readonly StockRecord[]): void {
    const data = this.dataOf(item.userUuid);
    data.items.push(item);
    data.accounts.push(...accounts);
    data.stocks.push(...stocks);
    this.#items.set(item.id, item);
    for (const account of accounts) this.#accounts.set(account.id, account);
  }

  /** An item by id, whoever owns it. */
  item(id: number): ItemRecord | undefined {
    return this.#items.get(id);
  }

  /** An account by id, whoever owns it. */
  account(id: number): AccountRecord | undefined {
    return this.#accounts.get(id);
  }

  /** Deletes an item and its accounts, stocks and transactions. */
  deleteItem(id: number): boolean {
    const item = this.#items.get(id);
    if (item === undefined) return false;
    const data = this.dataOf(item.userUuid);
    data.items = data.items.filter((other) => other.id !== id);
    data.accounts = data.accounts.filter((account) => {
      if (account.itemId !== id) return true;
      this.#accounts.delete(account.id);
      return false;
    });
    data.stocks = data.stocks.filter((stock) => stock.itemId !== id);
    data.ledger.remove((row) => row.itemId === id);
    this.#items.delete(id);
    return true;
  }
}
