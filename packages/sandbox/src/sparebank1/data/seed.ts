import type { SandboxRandom } from '../../runtime/context.js';
import { generateAccountNumber, ibanOf } from './account-numbers.js';
import {
  CARD_PURCHASES,
  CARD_REPAYMENT,
  CHECKING_GIROS,
  CHECKING_PURCHASES,
  CURRENCY_PURCHASES,
  OWN_TRANSFER_OUT,
  type RowTemplate,
  SALARY_ROW,
  SAVINGS_DEPOSIT,
  UNCATEGORIZED,
} from './merchants.js';
import type {
  AccountKind,
  AccountProperties,
  BankAccount,
  BankTransaction,
  Customer,
  IsoDate,
} from './model.js';
import { businessDayOnOrAfter } from './norwegian-calendar.js';
import { addDays, daysBetween, latestDstChange, toNorwegianDate } from './oslo-dates.js';
import { randomAlphanumeric, randomDigits } from './random-text.js';

/** What the seed generator produces: the bank's initial state. */
export interface SeedState {
  customer: Customer;
  accounts: BankAccount[];
  transactions: BankTransaction[];
  nextSerial: number;
}

/** Inputs of {@link generateSeed}. */
export interface SeedOptions {
  random: SandboxRandom;
  /** Oslo date the data ends on ("today" of the sandbox clock). */
  today: IsoDate;
  accounts: readonly AccountKind[];
  rowsPerAccount: Record<AccountKind, number>;
  historyDays: number;
}

const PROPERTY_DEFAULTS: AccountProperties = {
  isTransferFromEnabled: true,
  isTransferToEnabled: true,
  isPaymentFromEnabled: true,
  isAllowedInAvtaleGiro: true,
  hasAccess: true,
  isBalancePreferred: false,
  isFlexiLoan: false,
  isCodebitorLoan: false,
  isSecurityBalance: false,
  isAksjesparekonto: false,
  isSavingsAccount: false,
  isBonusAccount: false,
  userHasRightOfDisposal: true,
  userHasRightOfAccess: true,
  isOwned: true,
  isWithdrawalsAllowed: true,
  isBlocked: false,
  isHidden: false,
  isBalanceUpdatedImmediatelyOnTransferTo: true,
  isDefaultPaymentAccount: false,
};

interface AccountBlueprint {
  name: string;
  description: string;
  productType: string;
  type: string;
  productId: string | null;
  currencyCode: string;
  balance: [number, number];
  interestRate: number;
  properties: Partial<AccountProperties>;
}

// `type` values other than USER, SAVING and CREDITCARD are not recorded anywhere; these are choices.
const BLUEPRINTS: Record<AccountKind, AccountBlueprint> = {
  checking: {
    name: 'Brukskonto',
    description: 'BRUKSKONTO',
    productType: 'BRUKSKONTO',
    type: 'USER',
    productId: 'BRUKSKONTO_PM',
    currencyCode: 'NOK',
    balance: [1_500_000, 4_500_000],
    interestRate: 0.25,
    properties: {},
  },
  savings: {
    name: 'Sparekonto',
    description: 'HØYRENTE SPAR',
    productType: 'SPAREKONTO',
    type: 'SAVING',
    productId: 'HOYRENTE_PM',
    currencyCode: 'NOK',
    balance: [8_000_000, 20_000_000],
    interestRate: 4.6,
    properties: { isSavingsAccount: true, isPaymentFromEnabled: false, isAllowedInAvtaleGiro: false },
  },
  bsu: {
    name: 'BSU',
    description: 'BSU',
    productType: 'BSU',
    type: 'BSU',
    productId: 'BSU_PM',
    currencyCode: 'NOK',
    balance: [9_000_000, 15_000_000],
    interestRate: 5.5,
    properties: { isSavingsAccount: true, isPaymentFromEnabled: false, isAllowedInAvtaleGiro: false },
  },
  creditCard: {
    name: '',
    description: 'Mastercard',
    productType: 'KREDITTKORT',
    type: 'CREDITCARD',
    productId: 'MASTERCARD_PM',
    currencyCode: 'NOK',
    balance: [-900_000, -150_000],
    interestRate: 22.9,
    properties: {
      isTransferFromEnabled: false,
      isTransferToEnabled: false,
      isPaymentFromEnabled: false,
      isAllowedInAvtaleGiro: false,
      isBalanceUpdatedImmediatelyOnTransferTo: false,
    },
  },
  ask: {
    name: 'Aksjesparekonto',
    description: 'AKSJESPAREKONTO',
    productType: 'ASK',
    type: 'ASK',
    productId: 'ASK_PM',
    currencyCode: 'NOK',
    balance: [500_000, 3_000_000],
    interestRate: 0,
    properties: {
      isAksjesparekonto: true,
      isSecurityBalance: true,
      isPaymentFromEnabled: false,
      isAllowedInAvtaleGiro: false,
    },
  },
  pension: {
    name: 'IPS',
    description: 'INDIVIDUELL PENSJONSSPARING',
    productType: 'IPS',
    type: 'PENSION',
    productId: 'IPS_PM',
    currencyCode: 'NOK',
    balance: [2_000_000, 6_000_000],
    interestRate: 0,
    properties: {
      isTransferFromEnabled: false,
      isTransferToEnabled: false,
      isPaymentFromEnabled: false,
      isAllowedInAvtaleGiro: false,
      isWithdrawalsAllowed: false,
    },
  },
  currency: {
    name: 'Valutakonto EUR',
    description: 'VALUTAKONTO EUR',
    productType: 'VALUTAKONTO',
    type: 'CURRENCY',
    productId: 'VALUTA_EUR_PM',
    currencyCode: 'EUR',
    balance: [50_000, 400_000],
    interestRate: 1.1,
    properties: { isPaymentFromEnabled: false, isAllowedInAvtaleGiro: false },
  },
};

/** Deterministic demo data for one seed: Ola Nordmann, his accounts and their history. */
export function generateSeed(options: SeedOptions): SeedState {
  const { random, today } = options;
  const customer: Customer = {
    name: 'Ola Nordmann',
    firstName: 'Ola',
    lastName: 'Nordmann',
    age: 35,
    dateOfBirth: `${Number(today.slice(0, 4)) - 36}-05-17`,
    email: 'ola.nordmann@example.no',
    mobilePhoneNumber: '+4791234567',
    customerKey: randomAlphanumeric(random, 20),
    ssnKey: randomAlphanumeric(random, 20),
  };

  const usedNumbers = new Set<string>();
  const kindCount = new Map<AccountKind, number>();
  const accounts = options.accounts.map((kind) => {
    const occurrence = (kindCount.get(kind) ?? 0) + 1;
    kindCount.set(kind, occurrence);
    return createAccount(random, kind, occurrence, usedNumbers, today);
  });
  const firstChecking = accounts.find((account) => account.kind === 'checking');
  if (firstChecking) firstChecking.properties.isDefaultPaymentAccount = true;

  const history = new HistoryWriter(random, today, historyWindow(today, options.historyDays));
  for (const account of accounts) {
    history.fill(account, options.rowsPerAccount[account.kind], account === firstChecking, accounts);
  }
  return { customer, accounts, transactions: history.rows, nextSerial: history.nextSerial };
}

/** Days of history: the requested span, stretched so it contains the latest DST change. */
function historyWindow(today: IsoDate, historyDays: number): number {
  const dst = latestDstChange(today);
  if (!dst) return historyDays;
  return Math.max(historyDays, daysBetween(dst, today) + 3);
}

function createAccount(
  random: SandboxRandom,
  kind: AccountKind,
  occurrence: number,
  usedNumbers: Set<string>,
  today: IsoDate,
): BankAccount {
  const blueprint = BLUEPRINTS[kind];
  let accountNumber = generateAccountNumber(random, kind === 'creditCard' ? '9710' : '3209');
  while (usedNumbers.has(accountNumber)) {
    accountNumber = generateAccountNumber(random, '3209');
  }
  usedNumbers.add(accountNumber);
  const suffix = occurrence > 1 ? ` ${occurrence}` : '';
  const account: BankAccount = {
    kind,
    key: randomAlphanumeric(random, 20),
    accountNumber,
    iban: ibanOf(accountNumber),
    name: blueprint.name + suffix,
    description: blueprint.description,
    currencyCode: blueprint.currencyCode,
    balanceMinor: random.int(blueprint.balance[0], blueprint.balance[1]),
    productType: blueprint.productType,
    type: blueprint.type,
    productId: blueprint.productId,
    descriptionCode: null,
    properties: { ...PROPERTY_DEFAULTS, ...blueprint.properties },
    interestRate: blueprint.interestRate,
    openedOn: addDays(today, -random.int(400, 3000)),
  };
  if (kind === 'creditCard') {
    account.name = `**** **** **** ${randomDigits(random, 4)}`;
    account.creditCard = {
      accountId: randomDigits(random, 7),
      partitionKey: randomDigits(random, 7),
      creditLimitMinor: 3_000_000,
    };
  }
  if (kind === 'pension') account.policyNumber = randomDigits(random, 7);
  return account;
}

/** Writes the rows of every account, keeping serials and non-unique ids distinct. */
class HistoryWriter {
  readonly rows: BankTransaction[] = [];
  nextSerial = 1;
  private readonly usedNonUniqueIds = new Set<string>();

  constructor(
    private readonly random: SandboxRandom,
    private readonly today: IsoDate,
    private readonly windowDays: number,
  ) {}

  fill(account: BankAccount, count: number, withQuirks: boolean, all: readonly BankAccount[]): void {
    if (count <= 0) return;
    const rows: BankTransaction[] = [];
    const add = (template: RowTemplate, date: IsoDate, amount?: number) => {
      const row = this.row(account, template, date, amount);
      rows.push(row);
      return row;
    };
    if (account.kind === 'checking') this.salaries(count, (date) => add(SALARY_ROW, date));
    if (account.kind === 'checking' && withQuirks && count - rows.length >= 8) {
      this.quirks(account, add, all);
    }
    if (account.kind === 'creditCard') this.pendingCardRows(count, add);
    const remaining = count - rows.length;
    for (let slot = 0; slot < remaining; slot++) {
      add(this.template(account.kind), this.spreadDate(slot, remaining));
    }
    this.rows.push(...rows);
  }

  /** Salary on the 25th (or the next business day) of every month in the window. */
  private salaries(count: number, add: (date: IsoDate) => void): void {
    let placed = 0;
    for (let monthsBack = 0; monthsBack < 13 && placed < Math.min(count, 4); monthsBack++) {
      const anchor = new Date(`${this.today}T00:00:00Z`);
      anchor.setUTCDate(1);
      anchor.setUTCMonth(anchor.getUTCMonth() - monthsBack);
      const payday = businessDayOnOrAfter(`${anchor.toISOString().slice(0, 7)}-25`);
      const age = daysBetween(payday, this.today);
      if (age < 0 || age >= this.windowDays) continue;
      add(payday);
      placed++;
    }
  }

  /**
   * The rows clients get wrong: one either side of the latest DST change, and identical rows on one
   * day (one pair with distinct `nonUniqueId`s, one pair whose `nonUniqueId` is all zeros, as seen live).
   */
  private quirks(
    account: BankAccount,
    add: (template: RowTemplate, date: IsoDate, amount?: number) => BankTransaction,
    all: readonly BankAccount[],
  ): void {
    const dst = latestDstChange(this.today);
    const grocery = CHECKING_PURCHASES[1] ?? SALARY_ROW;
    if (dst && daysBetween(dst, this.today) < this.windowDays - 1) {
      add(grocery, addDays(dst, -1));
      add(grocery, addDays(dst, 1));
    }
    const twinDay = addDays(this.today, -Math.min(9, this.windowDays - 1));
    add(grocery, twinDay, 4_990);
    add(grocery, twinDay, 4_990);
    const zeroDay = addDays(this.today, -Math.min(16, this.windowDays - 1));
    const transfer = all.find((other) => other.kind === 'savings' && other !== account);
    for (let i = 0; i < 2; i++) {
      const row = add(OWN_TRANSFER_OUT, zeroDay, 100_000);
      row.nonUniqueId = '000000000';
      if (transfer) {
        row.remoteAccountNumber = transfer.accountNumber;
        row.remoteAccountName = transfer.name;
      }
    }
  }

  /** The newest card rows are still pending (reserved, not booked). */
  private pendingCardRows(
    count: number,
    add: (template: RowTemplate, date: IsoDate, amount?: number) => BankTransaction,
  ): void {
    const pending = Math.min(3, Math.floor(count / 5));
    for (let i = 0; i < pending; i++) {
      const template = CARD_PURCHASES[i % 3] ?? CARD_PURCHASES[0];
      if (!template) return;
      const row = add(template, addDays(this.today, -Math.min(i, 1)));
      row.bookingStatus = 'PENDING';
    }
  }

  private template(kind: AccountKind): RowTemplate {
    const roll = this.random.next();
    switch (kind) {
      case 'checking':
        if (roll < 0.08) return this.random.pick(CHECKING_GIROS);
        if (roll < 0.14) return OWN_TRANSFER_OUT;
        return this.random.pick(CHECKING_PURCHASES);
      case 'creditCard':
        return roll < 0.04 ? CARD_REPAYMENT : this.random.pick(CARD_PURCHASES);
      case 'currency':
        return roll < 0.2 ? SAVINGS_DEPOSIT : this.random.pick(CURRENCY_PURCHASES);
      case 'savings':
        return roll < 0.2 ? OWN_TRANSFER_OUT : SAVINGS_DEPOSIT;
      default:
        return SAVINGS_DEPOSIT;
    }
  }

  /** Spreads `count` rows evenly over the window, newest first, with jitter inside each slot. */
  private spreadDate(index: number, count: number): IsoDate {
    const slot = (index + this.random.next()) / count;
    const age = Math.min(this.windowDays - 1, Math.floor(slot * this.windowDays));
    return addDays(this.today, -age);
  }

  private row(account: BankAccount, template: RowTemplate, date: IsoDate, amount?: number): BankTransaction {
    const random = this.random;
    let magnitude = amount ?? random.int(template.min, template.max);
    let foreign: BankTransaction['foreign'];
    if (template.foreign) {
      foreign = {
        currencyCode: template.foreign.currencyCode,
        amountMinor: -magnitude,
        exchangeRate: template.foreign.rate,
      };
      magnitude = Math.round(magnitude * template.foreign.rate);
    }
    const amountMinor = template.direction === 'out' ? -magnitude : magnitude;
    const isCard = account.kind === 'creditCard';
    const isPurchase = template.mcc !== undefined;
    const name = template.name;
    const description = isCard
      ? `${template.prefix ?? ''}${name}`
      : isPurchase
        ? `${toNorwegianDate(date).slice(0, 5)} ${name}`
        : name;
    const row: BankTransaction = {
      serial: this.nextSerial++,
      accountKey: account.key,
      bookingStatus: 'BOOKED',
      date,
      interestDate: date,
      amountMinor,
      description,
      cleanedDescription: name,
      typeCode: template.typeCode,
      typeText: template.typeText,
      nonUniqueId: this.nonUniqueId(),
      isConfidential: false,
      category: template.category ?? UNCATEGORIZED,
      recurring: template.recurring ?? false,
      subscription: template.subscription ?? false,
      archiveReference: randomDigits(random, 10),
      numericalReference: randomDigits(random, 7),
      version: 0,
    };
    if (template.mcc) row.mcc = template.mcc;
    if (foreign) row.foreign = foreign;
    if (isCard && isPurchase) row.remoteAccountNumber = '-1';
    if (template.remote) {
      row.remoteAccountNumber = template.remote.accountNumber;
      row.remoteAccountName = template.remote.name;
      if (template.remote.kid) row.kidOrMessage = randomDigits(random, 15);
    }
    return row;
  }

  private nonUniqueId(): string {
    for (;;) {
      const candidate = randomDigits(this.random, 9);
      if (!this.usedNonUniqueIds.has(candidate)) {
        this.usedNonUniqueIds.add(candidate);
        return candidate;
      }
    }
  }
}
