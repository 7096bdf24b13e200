import type { BankAccount, BankTransaction, Customer, IsoDate, TransferRecord } from './model.js';
import type { SeedState } from './seed.js';

/** The fields a new row needs; the bank fills in serial, account, dates and version. */
export type NewRow = Omit<BankTransaction, 'serial' | 'accountKey' | 'date' | 'interestDate' | 'version'>;

/** A posting that waits for its date (future due dates, card credits on the next business day). */
interface ScheduledPosting {
  paymentId: string;
  onDate: IsoDate;
  accountKey: string;
  row: NewRow;
}

/** Filter of {@link Bank.rows}. */
export interface RowFilter {
  fromDate?: IsoDate;
  toDate?: IsoDate;
  bookedOnly?: boolean;
}

/**
 * Accounts, balances, rows and transfers of the demo user. All state changes go through here so that a
 * transfer, its balance changes and its rows stay consistent.
 */
export class Bank {
  customer: Customer;
  private accountList: BankAccount[] = [];
  private readonly accountsByKey = new Map<string, BankAccount>();
  private readonly accountsByNumber = new Map<string, BankAccount>();
  private readonly rowsByAccount = new Map<string, BankTransaction[]>();
  private readonly rowsBySerial = new Map<number, BankTransaction>();
  private readonly unsorted = new Set<string>();
  private transferList: TransferRecord[] = [];
  private scheduled: ScheduledPosting[] = [];
  private nextSerial = 1;
  private readonly pristine: SeedState;

  constructor(seed: SeedState) {
    this.pristine = structuredClone(seed);
    const initial = structuredClone(seed);
    this.customer = initial.customer;
    this.load(initial);
  }

  /** Restores the seeded state: accounts, balances and rows as generated; no transfers. */
  reset(): void {
    this.load(structuredClone(this.pristine));
  }

  private load(seed: SeedState): void {
    this.customer = seed.customer;
    this.accountList = seed.accounts;
    this.accountsByKey.clear();
    this.accountsByNumber.clear();
    this.rowsByAccount.clear();
    this.rowsBySerial.clear();
    this.unsorted.clear();
    for (const account of this.accountList) {
      this.accountsByKey.set(account.key, account);
      this.accountsByNumber.set(account.accountNumber, account);
      this.rowsByAccount.set(account.key, []);
      this.unsorted.add(account.key);
    }
    for (const row of seed.transactions) this.insert(row);
    this.transferList = [];
    this.scheduled = [];
    this.nextSerial = seed.nextSerial;
  }

  /** Every account, in the bank's order. */
  accounts(): readonly BankAccount[] {
    return this.accountList;
  }

  accountByKey(key: string): BankAccount | undefined {
    return this.accountsByKey.get(key);
  }

  accountByNumber(accountNumber: string): BankAccount | undefined {
    return this.accountsByNumber.get(accountNumber);
  }

  accountByCreditCardId(id: string): BankAccount | undefined {
    return this.accountList.find((account) => account.creditCard?.accountId === id);
  }

  accountByPolicyNumber(policyNumber: string): BankAccount | undefined {
    return this.accountList.find((account) => account.policyNumber === policyNumber);
  }

  /** The default payment account, else the first account. */
  defaultAccount(): BankAccount | undefined {
    return (
      this.accountList.find((account) => account.properties.isDefaultPaymentAccount) ?? this.accountList[0]
    );
  }

  /** Balance minus pending reservations, plus the credit limit on cards. */
  availableMinor(account: BankAccount): number {
    let reserved = 0;
    for (const row of this.rowsByAccount.get(account.key) ?? []) {
      if (row.bookingStatus === 'PENDING') reserved += row.amountMinor;
    }
    return account.balanceMinor + reserved + (account.creditCard?.creditLimitMinor ?? 0);
  }

  /** Rows of one account, newest first. The array is shared: do not mutate. */
  rows(accountKey: string, filter: RowFilter = {}): BankTransaction[] {
    const rows = this.sorted(accountKey);
    if (!filter.fromDate && !filter.toDate && !filter.bookedOnly) return rows;
    const { fromDate, toDate, bookedOnly } = filter;
    return rows.filter(
      (row) =>
        (!fromDate || row.date >= fromDate) &&
        (!toDate || row.date <= toDate) &&
        (!bookedOnly || row.bookingStatus === 'BOOKED'),
    );
  }

  rowBySerial(serial: number): BankTransaction | undefined {
    return this.rowsBySerial.get(serial);
  }

  /** Every transfer the bank accepted, oldest first. */
  transfers(): readonly TransferRecord[] {
    return this.transferList;
  }

  recordTransfer(record: TransferRecord): void {
    this.transferList.push(record);
  }

  /** Books `row` on `date`: the balance changes now. */
  post(accountKey: string, date: IsoDate, row: NewRow): BankTransaction {
    const account = this.requireAccount(accountKey);
    account.balanceMinor += row.amountMinor;
    const stored: BankTransaction = {
      ...row,
      serial: this.nextSerial++,
      accountKey,
      date,
      interestDate: date,
      version: 0,
    };
    this.insert(stored);
    return stored;
  }

  /** Adds a pending (reserved, not booked) row; the balance is untouched, the available balance drops. */
  addPending(accountKey: string, date: IsoDate, row: NewRow): BankTransaction {
    this.requireAccount(accountKey);
    const stored: BankTransaction = {
      ...row,
      bookingStatus: 'PENDING',
      serial: this.nextSerial++,
      accountKey,
      date,
      interestDate: date,
      version: 0,
    };
    this.insert(stored);
    return stored;
  }

  /** Books a pending row, possibly with another amount than was reserved (as card rows do). */
  bookPending(row: BankTransaction, amountMinor: number, bookedOn: IsoDate): void {
    const account = this.requireAccount(row.accountKey);
    row.bookingStatus = 'BOOKED';
    row.amountMinor = amountMinor;
    row.date = bookedOn;
    row.interestDate = bookedOn;
    row.version++;
    account.balanceMinor += amountMinor;
    this.unsorted.add(row.accountKey);
  }

  /** Changes a row in place (amount, description); a booked row's amount change moves the balance. */
  updateRow(row: BankTransaction, change: { amountMinor?: number; description?: string }): void {
    const account = this.requireAccount(row.accountKey);
    if (change.amountMinor !== undefined) {
      if (row.bookingStatus === 'BOOKED') account.balanceMinor += change.amountMinor - row.amountMinor;
      row.amountMinor = change.amountMinor;
    }
    if (change.description !== undefined) {
      row.description = change.description;
      row.cleanedDescription = change.description;
    }
    row.version++;
  }

  /** Withdraws a row (a reversed booking, a dropped reservation); a booked row's amount leaves the balance. */
  removeRow(row: BankTransaction): void {
    const account = this.requireAccount(row.accountKey);
    if (row.bookingStatus === 'BOOKED') account.balanceMinor -= row.amountMinor;
    this.rowsBySerial.delete(row.serial);
    const rows = this.rowsByAccount.get(row.accountKey) ?? [];
    const index = rows.indexOf(row);
    if (index !== -1) rows.splice(index, 1);
  }

  /** Queues a posting for `onDate`; {@link settle} books it once the sandbox date reaches it. */
  schedule(paymentId: string, accountKey: string, onDate: IsoDate, row: NewRow): void {
    this.requireAccount(accountKey);
    this.scheduled.push({ paymentId, onDate, accountKey, row });
  }

  /** Books every scheduled posting due on or before `today` and marks finished transfers booked. */
  settle(today: IsoDate): void {
    if (this.scheduled.length === 0) return;
    const due = this.scheduled.filter((posting) => posting.onDate <= today);
    if (due.length === 0) return;
    this.scheduled = this.scheduled.filter((posting) => posting.onDate > today);
    for (const posting of due) this.post(posting.accountKey, posting.onDate, posting.row);
    const waiting = new Set(this.scheduled.map((posting) => posting.paymentId));
    for (const transfer of this.transferList) {
      if (transfer.status === 'scheduled' && !waiting.has(transfer.paymentId)) transfer.status = 'booked';
    }
  }

  /** Whether a posting of `paymentId` still waits. */
  hasScheduled(paymentId: string): boolean {
    return this.scheduled.some((posting) => posting.paymentId === paymentId);
  }

  private requireAccount(key: string): BankAccount {
    const account = this.accountsByKey.get(key);
    if (!account) throw new Error(`unknown account key ${key}`);
    return account;
  }

  private insert(row: BankTransaction): void {
    this.rowsBySerial.set(row.serial, row);
    this.rowsByAccount.get(row.accountKey)?.push(row);
    this.unsorted.add(row.accountKey);
  }

  private sorted(accountKey: string): BankTransaction[] {
    const rows = this.rowsByAccount.get(accountKey) ?? [];
    if (this.unsorted.delete(accountKey)) {
      rows.sort((a, b) => (a.date === b.date ? b.serial - a.serial : a.date < b.date ? 1 : -1));
    }
    return rows;
  }
}
