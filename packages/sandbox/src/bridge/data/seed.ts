import type { SandboxRandom } from '../../runtime/context.js';
import { DAY_MS, formatDay, parisDay } from '../format.js';
import type { BridgeStore } from '../store/store.js';
import type {
  AccountRecord,
  BridgeAccountType,
  ItemRecord,
  StockRecord,
  TransactionRow,
  UserRecord,
} from '../store/types.js';
import { type LedgerKind, MERCHANTS, type MerchantSeed, STOCKS } from './merchants.js';

/** Account types in the order a user's accounts cycle through them (the first five are the demo set). */
const TYPE_CYCLE: readonly BridgeAccountType[] = [
  'checking',
  'savings',
  'card',
  'loan',
  'brokerage',
  'shared_saving_plan',
  'life_insurance',
  'special',
  'pending',
  'unknown',
];

const ACCOUNT_NAMES: Record<BridgeAccountType, string> = {
  checking: 'Compte Courant',
  savings: 'Livret A',
  card: 'Carte Visa Premier',
  loan: 'Prêt immobilier',
  brokerage: 'Compte Titres',
  shared_saving_plan: 'PEA',
  life_insurance: 'Assurance Vie',
  special: 'Compte Joint Spécial',
  pending: 'Opérations en attente',
  unknown: 'Compte',
};

/** How many transactions each type gets, relatively. */
const TYPE_WEIGHT: Record<BridgeAccountType, number> = {
  checking: 60,
  card: 25,
  savings: 5,
  loan: 1,
  brokerage: 2,
  shared_saving_plan: 2,
  life_insurance: 2,
  special: 3,
  pending: 2,
  unknown: 1,
};

const LEDGER_KIND: Record<BridgeAccountType, LedgerKind | 'card'> = {
  checking: 'current',
  card: 'card',
  savings: 'savings',
  loan: 'loan',
  brokerage: 'savings',
  shared_saving_plan: 'savings',
  life_insurance: 'savings',
  special: 'current',
  pending: 'current',
  unknown: 'current',
};

const HOLDS_STOCKS: ReadonlySet<BridgeAccountType> = new Set(['brokerage', 'shared_saving_plan']);

interface WeightedMerchants {
  merchants: readonly MerchantSeed[];
  cumulative: readonly number[];
  total: number;
}

function weighted(merchants: readonly MerchantSeed[]): WeightedMerchants {
  let total = 0;
  const cumulative = merchants.map((merchant) => (total += merchant.weight));
  return { merchants, cumulative, total };
}

const POOLS: Record<LedgerKind | 'card', WeightedMerchants> = {
  current: weighted(MERCHANTS.current),
  card: weighted(MERCHANTS.current.filter((merchant) => merchant.card === true)),
  savings: weighted(MERCHANTS.savings),
  loan: weighted(MERCHANTS.loan),
};

function pickMerchant(pool: WeightedMerchants, random: SandboxRandom): MerchantSeed {
  const target = random.next() * pool.total;
  let lo = 0;
  let hi = pool.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((pool.cumulative[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  return pool.merchants[lo] as MerchantSeed;
}

function ddmm(day: number): string {
  const iso = formatDay(day);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
}

function iban(random: SandboxRandom): string {
  let digits = '';
  for (let i = 0; i < 23; i++) digits += String(random.int(0, 9));
  return `FR76${digits}`;
}

/** Sizes of one generated item. */
export interface ItemShape {
  bankId: number;
  accounts: number;
  transactions: number;
  stocksPerAccount: number;
}

/** What {@link generateItem} created. */
export interface GeneratedItem {
  item: ItemRecord;
  accounts: AccountRecord[];
  stocks: StockRecord[];
  transactions: TransactionRow[];
}

/**
 * Generates one item for a user: accounts of every type in turn (with loan and savings details),
 * stocks in brokerage accounts, and `transactions` visible rows spread evenly over a period ending
 * today, the last 1% dated in the future (`is_future`), plus 0.5% more already deleted (visible only in
 * `/updated`).
 * Everything is drawn from `random`, so a seed gives the same data; dates count back from `anchorMs`.
 */
export function generateItem(
  store: BridgeStore,
  user: UserRecord,
  shape: ItemShape,
  random: SandboxRandom,
  anchorMs: number,
): GeneratedItem {
  const today = parisDay(anchorMs);
  const item: ItemRecord = {
    id: store.newItemId(),
    userUuid: user.uuid,
    bankId: shape.bankId,
    status: 0,
    refreshedAtMs: anchorMs - random.int(60_000, 3_600_000),
    refreshStep: undefined,
  };
  const accounts: AccountRecord[] = [];
  const stocks: StockRecord[] = [];
  for (let i = 0; i < shape.accounts; i++) {
    const type = TYPE_CYCLE[i % TYPE_CYCLE.length] as BridgeAccountType;
    const account: AccountRecord = {
      id: store.newAccountId(),
      itemId: item.id,
      userUuid: user.uuid,
      bankId: shape.bankId,
      name:
        i < TYPE_CYCLE.length
          ? ACCOUNT_NAMES[type]
          : `${ACCOUNT_NAMES[type]} ${Math.floor(i / TYPE_CYCLE.length) + 1}`,
      type,
      balance: 0,
      currencyCode: 'EUR',
      iban: type === 'checking' || type === 'savings' || type === 'special' ? iban(random) : null,
      isPro: false,
      updatedAtMs: item.refreshedAtMs,
      loan: null,
      savings: null,
    };
    switch (type) {
      case 'loan': {
        const borrowed = random.int(80, 400) * 100_000;
        const repaid = Math.floor(borrowed * random.int(5, 40)) / 100;
        account.balance = -(borrowed - Math.round(repaid));
        account.loan = {
          openingDay: today - random.int(365, 3650),
          maturityDay: today + random.int(3650, 7300),
          nextPaymentDay: today + random.int(1, 28),
          nextPaymentAmount: random.int(50_000, 180_000),
          interestRateBp: random.int(80, 420),
          type: 'mortgage',
          borrowed,
          repaid: Math.round(repaid),
        };
        break;
      }
      case 'savings':
        account.savings = {
          openingDay: today - random.int(365, 5000),
          interestRateBp: 300,
          ceiling: 2_295_000,
        };
        account.balance = random.int(100_000, 2_295_000);
        break;
      case 'card':
        account.balance = -random.int(0, 150_000);
        break;
      case 'checking':
      case 'special':
        account.balance = random.int(-50_000, 800_000);
        break;
      default:
        account.balance = random.int(0, 5_000_000);
    }
    if (HOLDS_STOCKS.has(type)) {
      const offset = random.int(0, STOCKS.length - 1);
      let value = 0;
      for (let s = 0; s < shape.stocksPerAccount; s++) {
        const template = STOCKS[(offset + s) % STOCKS.length] as (typeof STOCKS)[number];
        const quantity = random.int(1, 80) * 1000;
        const createdAtMs = anchorMs - random.int(30, 900) * DAY_MS;
        stocks.push({
          id: store.newStockId(),
          accountId: account.id,
          itemId: item.id,
          ticker: template.ticker,
          isin: template.isin,
          label: template.label,
          marketplace: template.marketplace,
          currencyCode: 'EUR',
          price: template.price,
          averagePurchasePrice: Math.round(template.price * (0.7 + random.next() * 0.5)),
          quantity,
          valueDay: today - 1,
          createdAtMs,
          updatedAtMs: item.refreshedAtMs,
          isDeleted: false,
        });
        value += Math.round((template.price * quantity) / 1000);
      }
      account.balance = value;
    }
    accounts.push(account);
  }

  const transactions = generateTransactions(
    store,
    item,
    accounts,
    shape.transactions,
    random,
    anchorMs,
    today,
  );
  return { item, accounts, stocks, transactions };
}

function generateTransactions(
  store: BridgeStore,
  item: ItemRecord,
  accounts: readonly AccountRecord[],
  requested: number,
  random: SandboxRandom,
  anchorMs: number,
  today: number,
): TransactionRow[] {
  const rows: TransactionRow[] = [];
  if (requested === 0 || accounts.length === 0) return rows;
  // `requested` rows stay visible; 0.5% more are generated already deleted (only seen in `/updated`).
  const deletedCount = requested >= 100 ? Math.round(requested * 0.005) : 0;
  const visible = requested;
  const count = visible + deletedCount;
  let totalWeight = 0;
  const cumulative = accounts.map((account) => (totalWeight += TYPE_WEIGHT[account.type]));
  const futureCount = visible >= 20 ? Math.max(2, Math.round(visible * 0.01)) : 0;
  const pastCount = count - futureCount;
  const spanDays = Math.max(90, Math.ceil(pastCount / 20));
  const firstDay = today - spanDays + 1;
  const latestUpdateMs = anchorMs - 60_000;
  for (let i = 0; i < count; i++) {
    const future = i >= pastCount;
    const day = future
      ? today + 1 + Math.floor(((i - pastCount) * 30) / Math.max(1, futureCount))
      : firstDay + Math.floor((i * spanDays) / Math.max(1, pastCount));
    const target = random.next() * totalWeight;
    let a = 0;
    while ((cumulative[a] as number) <= target && a < accounts.length - 1) a++;
    const account = accounts[a] as AccountRecord;
    const kind = LEDGER_KIND[account.type];
    const merchant = pickMerchant(POOLS[kind], random);
    const updatedAtMs = future
      ? latestUpdateMs - random.int(0, 3 * DAY_MS)
      : Math.min(latestUpdateMs, day * DAY_MS + random.int(4 * 3_600_000, 22 * 3_600_000));
    rows.push({
      id: store.newTransactionId(random.int(1, 3)),
      accountId: account.id,
      itemId: item.id,
      day,
      amount: random.int(merchant.min, merchant.max),
      clean: merchant.clean,
      bank: merchant.bank.includes('{d}') ? merchant.bank.replace('{d}', ddmm(day)) : merchant.bank,
      categoryId: merchant.categoryId,
      currencyCode: account.currencyCode,
      updatedAtMs,
      isDeleted: false,
      isFuture: future,
      card: merchant.card === true,
      json: undefined,
    });
  }
  // Rows the bank has already withdrawn: they only show up in `/updated`, as deleted.
  let deleted = 0;
  while (deleted < deletedCount) {
    const row = rows[random.int(0, pastCount - 1)] as TransactionRow;
    if (row.isDeleted) continue;
    row.isDeleted = true;
    row.updatedAtMs = latestUpdateMs - random.int(0, 7 * DAY_MS);
    deleted++;
  }
  return rows;
}
