import type { BankSeed } from '../data/banks.js';
import type { BridgeLanguage, CategorySeed, ParentCategorySeed } from '../data/categories.js';
import { formatDay, formatMoney, formatTimestamp } from '../format.js';
import type { AccountRecord, ItemRecord, TransactionRow, UserRecord } from '../store/types.js';
import type { V3ItemExtra } from './state.js';

/**
 * JSON text of the v3 resources. Keys whose value would be `null` are left out (F-6) and enum-like
 * values are lowercase (F-7). Built as text, like the v2 serializers, so money keeps its decimal.
 */

const str = JSON.stringify;

/** Joins `key: raw JSON` pairs into an object, leaving out the `undefined` ones. */
export function jsonObject(entries: readonly (readonly [string, string | undefined])[]): string {
  let out = '';
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    out += `${out === '' ? '' : ','}"${key}":${value}`;
  }
  return `{${out}}`;
}

const optionalString = (value: string | null | undefined) =>
  value === null || value === undefined ? undefined : str(value);

/** The User resource: `uuid` and, when set, `external_user_id`. */
export function userV3Json(user: UserRecord): string {
  return jsonObject([
    ['uuid', str(user.uuid)],
    ['external_user_id', optionalString(user.externalUserId)],
  ]);
}

/** Default `status_code_info` per item status (lowercase, D-status v3 copy). */
export const STATUS_CODE_INFO: Readonly<Record<number, string>> = {
  0: 'ok',
  402: 'invalid_creds',
  429: 'tos_to_validate',
  1003: 'cnt_crash',
  1005: 'otp_not_supported',
  1010: 'otp_required',
};

const STATUS_DESCRIPTION: Readonly<Record<number, Record<BridgeLanguage, string>>> = {
  0: { en: 'Everything is up to date', fr: 'Tout est à jour' },
  402: { en: 'Wrong credentials', fr: 'Identifiants incorrects' },
  429: {
    en: 'An action is needed on your bank website',
    fr: 'Une action est requise sur le site de votre banque',
  },
  1003: { en: 'We could not refresh this item', fr: "Nous n'avons pas pu synchroniser" },
  1005: { en: 'This bank is not supported', fr: "Cette banque n'est pas prise en charge" },
  1010: {
    en: 'Your bank requires a strong customer authentication',
    fr: 'Votre banque demande une authentification forte',
  },
};

/** The `status_code_info` an item shows: the one set through the control, else the default. */
export function statusCodeInfo(item: ItemRecord, extra: V3ItemExtra): string | undefined {
  return extra.statusCodeInfo ?? STATUS_CODE_INFO[item.status];
}

/** The Item resource. */
export function itemV3Json(item: ItemRecord, extra: V3ItemExtra, language: BridgeLanguage): string {
  return jsonObject([
    ['id', String(item.id)],
    ['status', String(item.status)],
    ['status_code_info', optionalString(statusCodeInfo(item, extra))],
    ['status_code_description', optionalString(STATUS_DESCRIPTION[item.status]?.[language])],
    ['provider_id', String(item.bankId)],
    ['account_types', str(extra.accountTypes)],
    ['authentication_expires_at', str(formatTimestamp(extra.authenticationExpiresAtMs))],
  ]);
}

/** Balances of an account: booked (`accounting`) and expected (`instant`, with the future rows), hundredths. */
export interface AccountBalances {
  accounting: number;
  instant: number;
  hideAccounting: boolean;
  hideInstant: boolean;
}

/** The Account resource. `balance` equals `accounting_balance` (a sandbox choice). */
export function accountV3Json(account: AccountRecord, balances: AccountBalances): string {
  return jsonObject([
    ['id', String(account.id)],
    ['name', str(account.name)],
    ['balance', formatMoney(balances.accounting)],
    ['accounting_balance', balances.hideAccounting ? undefined : formatMoney(balances.accounting)],
    ['instant_balance', balances.hideInstant ? undefined : formatMoney(balances.instant)],
    ['currency_code', str(account.currencyCode)],
    ['type', str(account.type)],
    ['item_id', String(account.itemId)],
    ['provider_id', String(account.bankId)],
    ['iban', optionalString(account.iban)],
    ['updated_at', str(formatTimestamp(account.updatedAtMs))],
    ['data_access', '"enabled"'],
  ]);
}

/** The Transaction resource, `deleted` and `future` always present. */
export function transactionV3Json(row: TransactionRow): string {
  const date = str(formatDay(row.day));
  return jsonObject([
    ['id', String(row.id)],
    ['clean_description', str(row.clean)],
    ['provider_description', str(row.bank)],
    ['amount', formatMoney(row.amount)],
    ['date', date],
    ['booking_date', row.card ? date : undefined],
    ['transaction_date', row.card ? str(formatDay(row.day - 1)) : undefined],
    ['value_date', row.card ? date : undefined],
    ['updated_at', str(formatTimestamp(row.updatedAtMs))],
    ['currency_code', str(row.currencyCode)],
    ['category_id', String(row.categoryId)],
    ['operation_type', row.card ? '"card"' : '"other"'],
    ['account_id', String(row.accountId)],
    ['deleted', String(row.isDeleted)],
    ['future', String(row.isFuture)],
  ]);
}

/** v2 bank capabilities under their v3 names (`ais` became `aggregation`, F-71). */
export function providerCapabilities(bank: BankSeed): string[] {
  return bank.capabilities.map((capability) => (capability === 'ais' ? 'aggregation' : capability));
}

/** The Provider resource (a v2 bank under its v3 names and with the v3 metadata, F-71/F-72). */
export function providerJson(bank: BankSeed): string {
  const capabilities = providerCapabilities(bank);
  const payments = capabilities.some((capability) => capability.includes('payment'));
  return jsonObject([
    ['id', String(bank.id)],
    ['name', str(bank.name)],
    ['country_code', str(bank.countryCode)],
    ['capabilities', str(capabilities)],
    ['group_name', optionalString(bank.parentName)],
    ['images', str({ logo: `https://web.bankkit.dev/sandbox/providers/${bank.id}.png` })],
    ['aggregation_metadata', '{"release_status":"active"}'],
    [
      'payment_metadata',
      payments ? '{"execution_status_available":true,"release_status":"active"}' : undefined,
    ],
    [
      'health_status',
      str(Object.fromEntries(capabilities.map((capability) => [capability, { status: 'healthy' }]))),
    ],
    ['tags', str({ segment: ['personal'], region: [bank.countryCode.toLowerCase()], keywords: [] })],
    ['provider_environments', '["production","sandbox"]'],
  ]);
}

/** A parent category with its children, in the request's language. */
export function parentCategoryV3Json(parent: ParentCategorySeed, language: BridgeLanguage): string {
  const children = parent.children.map((child) => `{"id":${child.id},"name":${str(child[language])}}`);
  return `{"id":${parent.id},"name":${str(parent[language])},"categories":[${children.join(',')}]}`;
}

/** One category, `parent_id` omitted for a parent. */
export function categoryV3Json(
  category: CategorySeed,
  parentId: number | null,
  language: BridgeLanguage,
): string {
  return jsonObject([
    ['id', String(category.id)],
    ['name', str(category[language])],
    ['parent_id', parentId === null ? undefined : String(parentId)],
  ]);
}
