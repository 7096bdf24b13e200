import type { BridgeDeps } from './context.js';
import { DEMO_BANK_ID } from './data/banks.js';
import { generateItem } from './data/seed.js';
import { DAY_MS, formatDay, formatMoney, formatTimestamp, parisDay } from './format.js';
import type { ConnectSessionKind, TransactionRow, UserRecord } from './store/types.js';

/** A user as the control hooks describe it. */
export interface BridgeUserInfo {
  uuid: string;
  email: string | null;
  externalUserId: string | null;
}

/** An open or completed Connect session. */
export interface BridgeConnectSessionInfo {
  id: string;
  kind: ConnectSessionKind;
  userUuid: string;
  itemId: number | null;
  /** The Connect URL the API answered. */
  url: string;
  completed: boolean;
}

/** What completing a Connect session did. */
export interface BridgeConnectCompletion {
  sessionId: string;
  kind: ConnectSessionKind;
  /** The item created (`add`) or repaired (`sync`, `edit`), if any. */
  itemId: number | null;
  /** Accounts created by an `add` session. */
  accountIds: number[];
  /** Where Connect would send the user back: the session's `redirect_url` with `item_id`, `success`, `context`. */
  callbackUrl: string | null;
}

/** Options of {@link BridgeControl.completeConnectSession}. */
export interface CompleteConnectOptions {
  /** Accounts of the new item (`add` only). Default 3. */
  accounts?: number;
  /** Transactions of the new item (`add` only). Default 100. */
  transactions?: number;
  /** Bank of the new item when the session named none. Default the Demo Bank (574). */
  bankId?: number;
}

/** Day-to-day churn to apply to one user's transactions (counts of rows). */
export interface ChurnOptions {
  /** Rows whose amount and description change (new `updated_at`). */
  update?: number;
  /** Rows the bank withdraws (`is_deleted: true` in `/updated`, gone from `/transactions`). */
  delete?: number;
  /** Rows deleted and recreated identical under a new id, as Bridge does. */
  recreate?: number;
  /** New rows dated today. */
  add?: number;
  /** Restrict to one account. */
  accountId?: number;
}

/** The transaction ids each churn operation touched. */
export interface ChurnResult {
  updated: number[];
  deleted: number[];
  recreated: { from: number; to: number }[];
  added: number[];
}

/** A transaction as the Bridge sandbox holds it (activity control view). */
export interface BridgeTransactionSnapshot {
  id: number;
  accountId: number;
  /** `YYYY-MM-DD`. */
  date: string;
  /** Signed decimal string, e.g. `"-12.50"`. */
  amount: string;
  currencyCode: string;
  description: string;
  bankDescription: string;
  isFuture: boolean;
  isDeleted: boolean;
  /** ISO 8601 UTC with milliseconds. */
  updatedAt: string;
}

/** A new row for {@link BridgeControl.addTransaction}. */
export interface NewBridgeTransaction {
  /** Default: the user's first account. */
  accountId?: number;
  /** `YYYY-MM-DD`; default today (Paris). An earlier date is a row appearing out of date order. */
  date?: string;
  /** Signed decimal (`"-12.50"`); default a random purchase. */
  amount?: string;
  description?: string;
  /** A pending (`is_future`) row. */
  future?: boolean;
}

/** Test hooks of the Bridge sandbox. Users are named by email or uuid. */
export interface BridgeControl {
  /** Restores the seeded data (users, items, transactions) and drops tokens, sessions and rate counters. */
  reset(): void;
  /** A user, or `undefined`. */
  user(emailOrUuid: string): BridgeUserInfo | undefined;
  /** A user's items. */
  items(user: string): { id: number; status: number; bankId: number }[];
  /** A user's accounts. */
  accounts(user: string): { id: number; itemId: number; type: string; name: string }[];
  /** Number of a user's transactions (deleted ones only when asked). */
  transactionCount(user: string, options?: { includeDeleted?: boolean }): number;
  /** Connect sessions, optionally of one user, oldest first. */
  connectSessions(user?: string): BridgeConnectSessionInfo[];
  /**
   * Completes a Connect session (by id or URL) as if the user finished the flow: `add` creates an item
   * with accounts and transactions, `sync`/`edit` put the item back to status 0.
   */
  completeConnectSession(session: string, options?: CompleteConnectOptions): BridgeConnectCompletion;
  /** Sets an item's status (e.g. 1010: strong customer authentication needed). */
  setItemStatus(itemId: number, status: number): void;
  /** Applies day-to-day churn to a user's transactions. */
  churnTransactions(user: string, churn: ChurnOptions): ChurnResult;
  /** Revokes every token of a user. */
  revokeTokens(user: string): void;
  /** Activity control: a user's rows, newest first (deleted ones only when asked). */
  transactions(user: string, options?: { includeDeleted?: boolean }): BridgeTransactionSnapshot[];
  /** Activity control: adds a row (new `updated_at`). */
  addTransaction(user: string, row?: NewBridgeTransaction): BridgeTransactionSnapshot;
  /** Activity control: changes a row in place (same id, new `updated_at`). */
  updateTransaction(
    user: string,
    id: number,
    change: { amount?: string; description?: string; date?: string },
  ): BridgeTransactionSnapshot;
  /** Activity control: deletes a row (`is_deleted: true` in `/updated`, gone from `/transactions`). */
  deleteTransaction(user: string, id: number): void;
  /**
   * Activity control: books a pending (`is_future`) row as Bridge does: the pending row is deleted
   * and a booked copy is created under a new id (with `amount`, when given). Returns the new row.
   */
  bookTransaction(
    user: string,
    id: number,
    change?: { amount?: string; date?: string },
  ): BridgeTransactionSnapshot;
}

function hundredths(amount: string): number {
  const match = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(amount);
  if (match === null) throw new RangeError(`Bridge sandbox: not a decimal amount: ${amount}`);
  const value = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -value : value;
}

function dayOf(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !Number.isFinite(ms)) {
    throw new RangeError(`Bridge sandbox: not a date: ${date}`);
  }
  return ms / DAY_MS;
}

function snapshotOf(row: TransactionRow): BridgeTransactionSnapshot {
  const amount = formatMoney(row.amount);
  return {
    id: row.id,
    accountId: row.accountId,
    date: formatDay(row.day),
    amount: /\.\d$/.test(amount) ? `${amount}0` : amount,
    currencyCode: row.currencyCode,
    description: row.clean,
    bankDescription: row.bank,
    isFuture: row.isFuture,
    isDeleted: row.isDeleted,
    updatedAt: formatTimestamp(row.updatedAtMs),
  };
}

/** Builds the control hooks over the Bridge sandbox state; `reseed` rebuilds the seeded store. */
export function createBridgeControl(deps: BridgeDeps, reseed: () => void): BridgeControl {
  const findUser = (key: string): UserRecord | undefined =>
    deps.store.users.get(key) ?? deps.store.userByEmail(key) ?? deps.store.userByExternalId(key);
  const userOrThrow = (key: string): UserRecord => {
    const user = findUser(key);
    if (user === undefined) throw new Error(`Bridge sandbox: no user ${key}`);
    return user;
  };
  const sessionInfo = (id: string): BridgeConnectSessionInfo => {
    const session = deps.store.sessions.get(id);
    if (session === undefined) throw new Error(`Bridge sandbox: no Connect session ${id}`);
    return {
      id: session.id,
      kind: session.kind,
      userUuid: session.userUuid,
      itemId: session.itemId,
      url: `https://connect.bridgeapi.io/session/${session.id}`,
      completed: session.completed,
    };
  };

  return {
    reset: reseed,

    user(key) {
      const user = findUser(key);
      return user === undefined
        ? undefined
        : { uuid: user.uuid, email: user.email, externalUserId: user.externalUserId };
    },

    items(key) {
      return deps.store
        .dataOf(userOrThrow(key).uuid)
        .items.map((item) => ({ id: item.id, status: item.status, bankId: item.bankId }));
    },

    accounts(key) {
      return deps.store.dataOf(userOrThrow(key).uuid).accounts.map((account) => ({
        id: account.id,
        itemId: account.itemId,
        type: account.type,
        name: account.name,
      }));
    },

    transactionCount(key, options = {}) {
      const ledger = deps.store.dataOf(userOrThrow(key).uuid).ledger;
      return options.includeDeleted === true ? ledger.size : ledger.live().length;
    },

    connectSessions(key) {
      const uuid = key === undefined ? undefined : userOrThrow(key).uuid;
      return [...deps.store.sessions.values()]
        .filter((session) => uuid === undefined || session.userUuid === uuid)
        .map((session) => sessionInfo(session.id));
    },

    completeConnectSession(reference, options = {}) {
      const id = reference.slice(reference.lastIndexOf('/') + 1);
      const session = deps.store.sessions.get(id);
      if (session === undefined) throw new Error(`Bridge sandbox: no Connect session ${reference}`);
      if (session.completed) throw new Error(`Bridge sandbox: Connect session ${id} is already completed`);
      const store = deps.store;
      const user = store.users.get(session.userUuid);
      if (user === undefined) throw new Error(`Bridge sandbox: the user of session ${id} no longer exists`);
      let itemId = session.itemId;
      const accountIds: number[] = [];
      if (session.kind === 'add') {
        const generated = generateItem(
          store,
          user,
          {
            bankId: session.bankId ?? options.bankId ?? DEMO_BANK_ID,
            accounts: options.accounts ?? 3,
            transactions: options.transactions ?? 100,
            stocksPerAccount: deps.options.stocksPerAccount,
          },
          deps.runtime.random,
          deps.runtime.clock.nowMs(),
        );
        store.addItem(generated.item, generated.accounts, generated.stocks);
        store.dataOf(user.uuid).ledger.add(generated.transactions);
        itemId = generated.item.id;
        accountIds.push(...generated.accounts.map((account) => account.id));
      } else if (itemId !== null) {
        const item = store.item(itemId);
        if (item !== undefined) {
          item.status = 0;
          item.refreshedAtMs = deps.runtime.clock.nowMs();
        }
      }
      session.completed = true;
      let callbackUrl: string | null = null;
      if (session.redirectUrl !== null) {
        const url = new URL(session.redirectUrl);
        if (itemId !== null) url.searchParams.set('item_id', String(itemId));
        url.searchParams.set('success', 'true');
        if (session.context !== null) url.searchParams.set('context', session.context);
        callbackUrl = url.toString();
      }
      return { sessionId: id, kind: session.kind, itemId, accountIds, callbackUrl };
    },

    setItemStatus(itemId, status) {
      const item = deps.store.item(itemId);
      if (item === undefined) throw new Error(`Bridge sandbox: no item ${itemId}`);
      item.status = status;
    },

    churnTransactions(key, churn) {
      const user = userOrThrow(key);
      const ledger = deps.store.dataOf(user.uuid).ledger;
      const random = deps.runtime.random;
      const nowMs = deps.runtime.clock.nowMs();
      const result: ChurnResult = { updated: [], deleted: [], recreated: [], added: [] };
      const candidates = ledger.live(churn.accountId).filter((row) => !row.isFuture);
      const taken = new Set<number>();
      const take = (): TransactionRow | undefined => {
        if (taken.size >= candidates.length) return undefined;
        for (;;) {
          const row = candidates[random.int(0, candidates.length - 1)] as TransactionRow;
          if (!taken.has(row.id)) {
            taken.add(row.id);
            return row;
          }
        }
      };
      const fresh: TransactionRow[] = [];
      for (let i = 0; i < (churn.update ?? 0); i++) {
        const row = take();
        if (row === undefined) break;
        row.amount += random.int(1, 500) * (random.next() < 0.5 ? -1 : 1);
        row.bank = `${row.bank} (MAJ)`;
        row.updatedAtMs = nowMs;
        row.json = undefined;
        result.updated.push(row.id);
      }
      for (let i = 0; i < (churn.delete ?? 0); i++) {
        const row = take();
        if (row === undefined) break;
        row.isDeleted = true;
        row.updatedAtMs = nowMs;
        row.json = undefined;
        result.deleted.push(row.id);
      }
      for (let i = 0; i < (churn.recreate ?? 0); i++) {
        const row = take();
        if (row === undefined) break;
        row.isDeleted = true;
        row.updatedAtMs = nowMs;
        row.json = undefined;
        const copy: TransactionRow = {
          ...row,
          id: deps.store.newTransactionId(),
          isDeleted: false,
          json: undefined,
        };
        fresh.push(copy);
        result.recreated.push({ from: row.id, to: copy.id });
      }
      const accounts = deps.store
        .dataOf(user.uuid)
        .accounts.filter((account) => churn.accountId === undefined || account.id === churn.accountId);
      const today = parisDay(nowMs);
      for (let i = 0; i < (churn.add ?? 0) && accounts.length > 0; i++) {
        const account = random.pick(accounts);
        const row: TransactionRow = {
          id: deps.store.newTransactionId(),
          accountId: account.id,
          itemId: account.itemId,
          day: today,
          amount: -random.int(100, 9_000),
          clean: 'Achat carte',
          bank: 'CB ACHAT DU JOUR',
          categoryId: 270,
          currencyCode: account.currencyCode,
          updatedAtMs: nowMs,
          isDeleted: false,
          isFuture: false,
          card: false,
          json: undefined,
        };
        fresh.push(row);
        result.added.push(row.id);
      }
      if (fresh.length > 0) ledger.add(fresh);
      else ledger.changed();
      return result;
    },

    revokeTokens(key) {
      deps.store.tokens.revokeUser(userOrThrow(key).uuid);
    },

    transactions(key, options = {}) {
      const ledger = deps.store.dataOf(userOrThrow(key).uuid).ledger;
      const rows = options.includeDeleted === true ? ledger.updated() : ledger.live();
      return rows.map(snapshotOf);
    },

    addTransaction(key, input = {}) {
      const data = deps.store.dataOf(userOrThrow(key).uuid);
      const account =
        input.accountId === undefined
          ? data.accounts[0]
          : data.accounts.find((a) => a.id === input.accountId);
      if (account === undefined) throw new Error(`Bridge sandbox: no account ${String(input.accountId)}`);
      const nowMs = deps.runtime.clock.nowMs();
      const description = input.description ?? 'Achat carte';
      const row: TransactionRow = {
        id: deps.store.newTransactionId(),
        accountId: account.id,
        itemId: account.itemId,
        day: input.date === undefined ? parisDay(nowMs) : dayOf(input.date),
        amount: input.amount === undefined ? -deps.runtime.random.int(100, 9_000) : hundredths(input.amount),
        clean: description,
        bank: `CB ${description.toUpperCase()}`,
        categoryId: 270,
        currencyCode: account.currencyCode,
        updatedAtMs: nowMs,
        isDeleted: false,
        isFuture: input.future === true,
        card: false,
        json: undefined,
      };
      data.ledger.add([row]);
      return snapshotOf(row);
    },

    updateTransaction(key, id, change) {
      const ledger = deps.store.dataOf(userOrThrow(key).uuid).ledger;
      const row = ledger.get(id);
      if (row === undefined || row.isDeleted) throw new Error(`Bridge sandbox: no live transaction ${id}`);
      if (change.amount !== undefined) row.amount = hundredths(change.amount);
      if (change.description !== undefined) {
        row.clean = change.description;
        row.bank = `CB ${change.description.toUpperCase()}`;
      }
      if (change.date !== undefined) row.day = dayOf(change.date);
      row.updatedAtMs = deps.runtime.clock.nowMs();
      row.json = undefined;
      ledger.changed();
      return snapshotOf(row);
    },

    deleteTransaction(key, id) {
      const ledger = deps.store.dataOf(userOrThrow(key).uuid).ledger;
      const row = ledger.get(id);
      if (row === undefined || row.isDeleted) throw new Error(`Bridge sandbox: no live transaction ${id}`);
      row.isDeleted = true;
      row.updatedAtMs = deps.runtime.clock.nowMs();
      row.json = undefined;
      ledger.changed();
    },

    bookTransaction(key, id, change = {}) {
      const ledger = deps.store.dataOf(userOrThrow(key).uuid).ledger;
      const row = ledger.get(id);
      if (row === undefined || row.isDeleted) throw new Error(`Bridge sandbox: no live transaction ${id}`);
      const nowMs = deps.runtime.clock.nowMs();
      row.isDeleted = true;
      row.updatedAtMs = nowMs;
      row.json = undefined;
      const booked: TransactionRow = {
        ...row,
        id: deps.store.newTransactionId(),
        isDeleted: false,
        isFuture: false,
        amount: change.amount === undefined ? row.amount : hundredths(change.amount),
        day: change.date === undefined ? Math.min(row.day, parisDay(nowMs)) : dayOf(change.date),
        json: undefined,
      };
      ledger.add([booked]);
      return snapshotOf(booked);
    },
  };
}
