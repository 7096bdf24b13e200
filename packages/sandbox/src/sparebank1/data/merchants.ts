import type { TransactionCategory } from './model.js';

/**
 * Templates for seeded rows. Type codes and texts follow values seen live (`R_710` Varer, `R_714`
 * Varekjøp, `R_914` Overføring, `K_0047` Innbetaling); the rest are plausible inventions.
 */
export interface RowTemplate {
  /** The merchant or counterparty as the cleaned description shows it. */
  name: string;
  /** Raw-text prefix on card rows (`Zettle_*`, `Vipps*`), stripped from `cleanedDescription`. */
  prefix?: string;
  typeCode: string;
  typeText: string;
  mcc?: string;
  category: TransactionCategory;
  /** Amount range in minor units; the sign comes from `direction`. */
  min: number;
  max: number;
  direction: 'in' | 'out';
  recurring?: boolean;
  subscription?: boolean;
  /** Counterparty account for giro payments and income, with a KID for invoices. */
  remote?: { accountNumber: string; name: string; kid?: boolean };
  /** Foreign purchase: amount in this currency, converted at `rate` NOK per unit. */
  foreign?: { currencyCode: string; rate: number };
}

function category(main: string, mainI18n: string, sub: string, subI18n: string): TransactionCategory {
  return { main, mainI18n, sub, subI18n };
}

const GROCERIES = category('food', 'Mat og drikke', 'groceries', 'Dagligvarer');
const CAFE = category('food', 'Mat og drikke', 'restaurant', 'Kafé og restaurant');
const PUBLIC_TRANSPORT = category('transport', 'Transport', 'public_transport', 'Kollektivtransport');
const FUEL = category('transport', 'Transport', 'fuel', 'Drivstoff');
const SHOPPING = category('shopping', 'Shopping', 'electronics', 'Elektronikk og data');
const SPORT = category('leisure', 'Fritid', 'sport', 'Sport og friluft');
const PHARMACY = category('health', 'Helse', 'pharmacy', 'Apotek');
const STREAMING = category('subscriptions', 'Abonnementer', 'streaming', 'Strømmetjenester');
const FITNESS = category('subscriptions', 'Abonnementer', 'fitness', 'Treningssenter');
const ELECTRICITY = category('housing', 'Bolig', 'electricity', 'Strøm');
const RENT = category('housing', 'Bolig', 'rent', 'Husleie og fellesutgifter');
const PHONE = category('housing', 'Bolig', 'phone', 'Telefon og internett');
const SALARY = category('income', 'Inntekt', 'salary', 'Lønn');
const TRANSFER = category('transfer', 'Overføringer', 'own_accounts', 'Mellom egne kontoer');
const SAVINGS = category('savings', 'Sparing', 'deposit', 'Innskudd');
const CARD_PAYMENT = category('transfer', 'Overføringer', 'credit_card', 'Nedbetaling kredittkort');
/** The label the real API gives rows it could not classify. */
export const UNCATEGORIZED = category('uncategorized', 'Ukategorisert', 'uncategorized', 'Ukategorisert');

const PURCHASE = { typeCode: 'R_710', typeText: 'Varer', direction: 'out' } as const;
const CARD_PURCHASE = { typeCode: 'R_714', typeText: 'Varekjøp', direction: 'out' } as const;

/** Debit-card purchases on a checking account. */
export const CHECKING_PURCHASES: readonly RowTemplate[] = [
  { ...PURCHASE, name: 'REMA 1000 MAJORSTUEN', mcc: '5411', category: GROCERIES, min: 3_990, max: 89_900 },
  { ...PURCHASE, name: 'KIWI 505 BISLETT', mcc: '5411', category: GROCERIES, min: 2_490, max: 64_900 },
  { ...PURCHASE, name: 'COOP EXTRA TORSHOV', mcc: '5411', category: GROCERIES, min: 4_990, max: 112_000 },
  { ...PURCHASE, name: 'MENY STORO', mcc: '5411', category: GROCERIES, min: 8_900, max: 145_000 },
  { ...PURCHASE, name: 'NARVESEN OSLO S', mcc: '5994', category: GROCERIES, min: 3_500, max: 12_900 },
  { ...PURCHASE, name: 'CIRCLE K STORO', mcc: '5541', category: FUEL, min: 25_000, max: 95_000 },
  {
    ...PURCHASE,
    name: 'VINMONOPOLET GRÜNERLØKKA',
    mcc: '5921',
    category: GROCERIES,
    min: 17_990,
    max: 59_900,
  },
  { ...PURCHASE, name: 'APOTEK 1 SENTRUM', mcc: '5912', category: PHARMACY, min: 4_900, max: 39_900 },
  { ...PURCHASE, name: 'RUTER AS', mcc: '4111', category: PUBLIC_TRANSPORT, min: 4_200, max: 90_000 },
];

/** Invoices and income on a checking account. */
export const CHECKING_GIROS: readonly RowTemplate[] = [
  {
    name: 'FJORDKRAFT AS',
    typeCode: 'R_200',
    typeText: 'Nettgiro',
    category: ELECTRICITY,
    min: 48_000,
    max: 210_000,
    direction: 'out',
    recurring: true,
    remote: { accountNumber: '15037094713', name: 'Fjordkraft AS', kid: true },
  },
  {
    name: 'TELENOR NORGE AS',
    typeCode: 'R_200',
    typeText: 'Nettgiro',
    category: PHONE,
    min: 39_900,
    max: 69_900,
    direction: 'out',
    recurring: true,
    subscription: true,
    remote: { accountNumber: '81010656591', name: 'Telenor Norge AS', kid: true },
  },
  {
    name: 'OBOS BBL',
    typeCode: 'R_200',
    typeText: 'Nettgiro',
    category: RENT,
    min: 485_000,
    max: 485_000,
    direction: 'out',
    recurring: true,
    remote: { accountNumber: '16020550436', name: 'OBOS BBL', kid: true },
  },
];

/** Monthly salary on a checking account. */
export const SALARY_ROW: RowTemplate = {
  name: 'LØNN NORDMANN TEKNIKK AS',
  typeCode: 'R_260',
  typeText: 'Lønn',
  category: SALARY,
  min: 4_215_000,
  max: 4_215_000,
  direction: 'in',
  recurring: true,
  remote: { accountNumber: '60110500346', name: 'Nordmann Teknikk AS' },
};

/** Credit-card purchases (`remoteAccountNumber: "-1"` on the wire). */
export const CARD_PURCHASES: readonly RowTemplate[] = [
  {
    ...CARD_PURCHASE,
    prefix: 'Zettle_*',
    name: 'Micro Kaffi AS, Stavanger',
    mcc: '5814',
    category: CAFE,
    min: 4_500,
    max: 18_900,
  },
  {
    ...CARD_PURCHASE,
    prefix: 'Vipps*',
    name: 'Godt Brød Grünerløkka',
    mcc: '5814',
    category: CAFE,
    min: 3_900,
    max: 21_500,
  },
  {
    ...CARD_PURCHASE,
    prefix: 'SumUp *',
    name: 'Mathallen Oslo',
    mcc: '5812',
    category: CAFE,
    min: 9_900,
    max: 64_000,
  },
  { ...CARD_PURCHASE, name: 'ELKJOP.NO', mcc: '5732', category: SHOPPING, min: 19_900, max: 899_000 },
  {
    ...CARD_PURCHASE,
    name: 'XXL SPORT OG VILLMARK',
    mcc: '5941',
    category: SPORT,
    min: 14_900,
    max: 249_900,
  },
  {
    ...CARD_PURCHASE,
    name: 'SATS NORGE AS',
    mcc: '7997',
    category: FITNESS,
    min: 54_900,
    max: 54_900,
    recurring: true,
    subscription: true,
  },
  {
    ...CARD_PURCHASE,
    name: 'SPOTIFY P2B8C5E1',
    mcc: '5815',
    category: STREAMING,
    min: 12_900,
    max: 12_900,
    recurring: true,
    subscription: true,
  },
  {
    ...CARD_PURCHASE,
    name: 'NETFLIX.COM',
    mcc: '4899',
    category: STREAMING,
    min: 15_900,
    max: 15_900,
    recurring: true,
    subscription: true,
  },
  {
    ...CARD_PURCHASE,
    name: 'FLYTOGET AS',
    mcc: '4112',
    category: PUBLIC_TRANSPORT,
    min: 22_800,
    max: 22_800,
  },
  {
    ...CARD_PURCHASE,
    name: 'ICA SUPERMARKET STOCKHOLM',
    mcc: '5411',
    category: GROCERIES,
    min: 5_000,
    max: 40_000,
    foreign: { currencyCode: 'SEK', rate: 0.9712 },
  },
  {
    ...CARD_PURCHASE,
    name: 'LIDL BERLIN MITTE',
    mcc: '5411',
    category: GROCERIES,
    min: 900,
    max: 6_500,
    foreign: { currencyCode: 'EUR', rate: 11.6843 },
  },
];

/** A payment into the credit card. */
export const CARD_REPAYMENT: RowTemplate = {
  name: 'INNBETALING',
  typeCode: 'K_0047',
  typeText: 'Innbetaling',
  category: CARD_PAYMENT,
  min: 200_000,
  max: 800_000,
  direction: 'in',
};

/** Transfers between own accounts. */
export const OWN_TRANSFER_OUT: RowTemplate = {
  name: 'Overføring',
  typeCode: 'R_914',
  typeText: 'Overføring',
  category: TRANSFER,
  min: 50_000,
  max: 500_000,
  direction: 'out',
};

/** Deposits into savings-type accounts (savings, BSU, ASK, pension, currency). */
export const SAVINGS_DEPOSIT: RowTemplate = {
  name: 'Sparing',
  typeCode: 'R_914',
  typeText: 'Overføring',
  category: SAVINGS,
  min: 50_000,
  max: 300_000,
  direction: 'in',
  recurring: true,
};

/** EUR card purchases on a currency account. */
export const CURRENCY_PURCHASES: readonly RowTemplate[] = [
  { ...PURCHASE, name: 'CARREFOUR PARIS', mcc: '5411', category: GROCERIES, min: 1_200, max: 9_800 },
  {
    ...PURCHASE,
    name: 'DB BAHN FERNVERKEHR',
    mcc: '4112',
    category: PUBLIC_TRANSPORT,
    min: 2_990,
    max: 14_990,
  },
];
