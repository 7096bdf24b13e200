import type { BankSeed } from './data/banks.js';
import type { BridgeLanguage, CategorySeed, ParentCategorySeed } from './data/categories.js';
import { formatDay, formatMoney, formatTimestamp } from './format.js';
import type {
  AccountRecord,
  ConnectSessionRecord,
  ItemRecord,
  StockRecord,
  TransactionRow,
  UserRecord,
} from './store/types.js';

/**
 * JSON text of every Bridge resource, with exactly the documented keys (bridge-v2.md §5). Written as
 * templates rather than JSON.stringify because money must keep its decimal (`1733.0`) and because list
 * pages are assembled from cached per-row fragments.
 */

const str = JSON.stringify;

/** Renders how a user looks in lists, lookups and legacy authentication. */
export function userJson(user: UserRecord): string {
  return user.email !== null
    ? `{"uuid":${str(user.uuid)},"email":${str(user.email)}}`
    : `{"uuid":${str(user.uuid)},"external_user_id":${str(user.externalUserId)}}`;
}

/** The user as `{uuid, external_user_id}`, for authentication by uuid or external id. */
export function userByIdJson(user: UserRecord): string {
  return `{"uuid":${str(user.uuid)},"external_user_id":${str(user.externalUserId)}}`;
}

/** The Bank resource. */
export function bankJson(bank: BankSeed): string {
  const form = bank.form.map(
    (field) =>
      `{"label":${str(field.label)},"type":"${field.type}","isNum":"${field.numeric ? 1 : 0}","maxLength":${field.max ?? null},"minLength":${field.min ?? null}}`,
  );
  const transfer = bank.transfer
    ? '{"nb_max_transactions":1,"max_size_label":140,"multiple_dates_transfers":false}'
    : 'null';
  const payment = bank.payment
    ? '{"nb_max_transactions":1,"max_size_label":140,"multiple_dates_payments":false,"sender_iban_available":true}'
    : 'null';
  return (
    `{"id":${bank.id},"name":${str(bank.name)},"country_code":"${bank.countryCode}",` +
    `"logo_url":"https://web.bankkit.dev/sandbox/banks/${bank.id}.png","authentication_type":"${bank.authenticationType}",` +
    `"form":[${form.join(',')}],"is_highlighted":${bank.highlighted},"capabilities":${str(bank.capabilities)},` +
    `"channel_type":${str(bank.channels)},"url":${str(bank.url)},"primary_color":"${bank.primaryColor}",` +
    `"secondary_color":"${bank.secondaryColor}","parent_name":${str(bank.parentName)},"transfer":${transfer},` +
    `"payment":${payment},"display_order":${bank.displayOrder},"authentication_page_url":null}`
  );
}

/** A ParentCategory (list item). */
export function parentCategoryJson(parent: ParentCategorySeed, language: BridgeLanguage): string {
  const children = parent.children.map((child) => `{"id":${child.id},"name":${str(child[language])}}`);
  return `{"id":${parent.id},"name":${str(parent[language])},"categories":[${children.join(',')}]}`;
}

/** A Category (single lookup). */
export function categoryJson(
  category: CategorySeed,
  parentId: number | null,
  language: BridgeLanguage,
): string {
  return `{"id":${category.id},"name":${str(category[language])},"parent_id":${parentId}}`;
}

const STATUS_TEXT: Record<number, { info: string; en: string; fr: string }> = {
  0: { info: 'OK', en: 'Everything is up to date', fr: 'Tout est à jour' },
  1010: {
    info: 'SCA_REQUIRED',
    en: 'Your bank requires a strong customer authentication',
    fr: 'Votre banque demande une authentification forte',
  },
  1003: {
    info: 'COULD_NOT_REFRESH',
    en: 'We could not refresh this item',
    fr: "Nous n'avons pas pu synchroniser",
  },
};

function statusFields(status: number, language: BridgeLanguage, realisticNulls: boolean): string {
  const text = STATUS_TEXT[status];
  if (text === undefined || (realisticNulls && status === 0)) {
    return `"status_code_info":${realisticNulls ? 'null' : '"UNKNOWN"'},"status_code_description":null`;
  }
  return `"status_code_info":"${text.info}","status_code_description":${str(text[language])}`;
}

/** The Item resource. */
export function itemJson(item: ItemRecord, language: BridgeLanguage, realisticNulls: boolean): string {
  return `{"id":${item.id},"status":${item.status},${statusFields(item.status, language, realisticNulls)},"bank_id":${item.bankId}}`;
}

/** The ItemRefreshStatus resource. */
export function refreshStatusJson(
  item: ItemRecord,
  status: string,
  refreshedAccounts: number | null,
  totalAccounts: number,
): string {
  return (
    `{"id":"${item.id}","status":${str(status)},"refreshed_at":"${formatTimestamp(item.refreshedAtMs)}",` +
    `"mfa":null,"refreshed_accounts_count":${refreshedAccounts},"total_accounts_count":${totalAccounts}}`
  );
}

function rate(basisPoints: number): string {
  return formatMoney(basisPoints);
}

/** The Account resource, with loan and savings details where they apply. */
export function accountJson(account: AccountRecord, realisticNulls: boolean): string {
  const loan = account.loan;
  const loanJson =
    loan === null
      ? 'null'
      : `{"next_payment_date":${realisticNulls ? 'null' : `"${formatDay(loan.nextPaymentDay)}"`},` +
        `"next_payment_amount":${formatMoney(loan.nextPaymentAmount)},"maturity_date":"${formatDay(loan.maturityDay)}",` +
        `"opening_date":"${formatDay(loan.openingDay)}","interest_rate":${rate(loan.interestRateBp)},` +
        `"type":${realisticNulls ? 'null' : str(loan.type)},"borrowed_capital":${formatMoney(loan.borrowed)},` +
        `"repaid_capital":${formatMoney(loan.repaid)},"remaining_capital":${formatMoney(loan.borrowed - loan.repaid)}}`;
  const savings = account.savings;
  const savingsJson =
    savings === null
      ? 'null'
      : `{"opening_date":"${formatDay(savings.openingDay)}","interest_rate":${rate(savings.interestRateBp)},"ceiling":${formatMoney(savings.ceiling)}}`;
  return (
    `{"id":${account.id},"name":${str(account.name)},"balance":${formatMoney(account.balance)},"status":0,` +
    `"status_code_info":${realisticNulls ? 'null' : '"OK"'},"status_code_description":null,` +
    `"updated_at":"${formatTimestamp(account.updatedAtMs)}","type":"${account.type}","is_paused":false,` +
    `"currency_code":"${account.currencyCode}","item_id":${account.itemId},"bank_id":${account.bankId},` +
    `"loan_details":${loanJson},"savings_details":${savingsJson},"is_pro":${account.isPro},"iban":${str(account.iban)}}`
  );
}

/** The Transaction resource (cached on the row until the row changes). */
export function transactionJson(row: TransactionRow): string {
  if (row.json !== undefined) return row.json;
  const date = formatDay(row.day);
  const cardDates = row.card
    ? `,"transaction_date":"${formatDay(row.day - 1)}","booking_date":"${date}","value_date":"${date}"`
    : '';
  row.json =
    `{"id":${row.id},"clean_description":${str(row.clean)},"bank_description":${str(row.bank)},` +
    `"amount":${formatMoney(row.amount)},"date":"${date}","updated_at":"${formatTimestamp(row.updatedAtMs)}",` +
    `"currency_code":"${row.currencyCode}","is_deleted":${row.isDeleted},"category_id":${row.categoryId},` +
    `"account_id":${row.accountId},"is_future":${row.isFuture},"show_client_side":true${cardDates}}`;
  return row.json;
}

function quantity(thousandths: number): string {
  const units = Math.trunc(thousandths / 1000);
  const rest = Math.abs(thousandths % 1000);
  return rest === 0 ? `${units}.0` : `${units}.${String(rest).padStart(3, '0').replace(/0+$/, '')}`;
}

/** The Stock resource. */
export function stockJson(stock: StockRecord): string {
  const total = Math.round((stock.price * stock.quantity) / 1000);
  return (
    `{"id":${stock.id},"current_price":${formatMoney(stock.price)},"quantity":${quantity(stock.quantity)},` +
    `"total_value":${formatMoney(total)},"average_purchase_price":${formatMoney(stock.averagePurchasePrice)},` +
    `"created_at":"${formatTimestamp(stock.createdAtMs)}","updated_at":"${formatTimestamp(stock.updatedAtMs)}",` +
    `"ticker":${str(stock.ticker)},"stock_key":${str(`${stock.isin}-${stock.marketplace ?? 'XXXX'}`)},` +
    `"isin":${str(stock.isin)},"currency_code":"${stock.currencyCode}","marketplace":${str(stock.marketplace)},` +
    `"label":${str(stock.label)},"value_date":"${formatDay(stock.valueDay)}","is_deleted":${stock.isDeleted},` +
    `"account_id":${stock.accountId}}`
  );
}

/** The Connect URL of a session: a Bridge-hosted page, as the real API returns. */
export function connectUrl(session: ConnectSessionRecord): string {
  return `https://connect.bridgeapi.io/session/${session.id}`;
}
