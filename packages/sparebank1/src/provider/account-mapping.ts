import { type Account, type AccountType, toMoney } from '@bankkit/core';
import { PROVIDER_ID } from '../constants.js';
import type { SpareBank1Account } from '../schemas/account.js';

/**
 * The unified type of an account. Live `type` values seen are `USER`, `SAVING` and `CREDITCARD`;
 * those of BSU, ASK and pension accounts are unrecorded, so names containing them are matched
 * and the `accountProperties` flags are consulted as well.
 */
export function accountTypeOf(account: SpareBank1Account): AccountType {
  const type = (account.type ?? '').toUpperCase();
  const properties = account.accountProperties ?? {};
  if (type === 'CREDITCARD' || account.creditCardAccountID) return 'card';
  if (type === 'USER' || type === 'CHECKING') return 'checking';
  if (type.includes('ASK') || type.includes('PENSION') || properties.isAksjesparekonto === true) {
    return 'investment';
  }
  if (
    type === 'SAVING' ||
    type.includes('BSU') ||
    type.includes('SAVING') ||
    properties.isSavingsAccount === true
  ) {
    return 'savings';
  }
  if (type.includes('LOAN') || properties.isFlexiLoan === true) return 'loan';
  return 'other';
}

/** A SpareBank 1 account in the unified shape; `id` is the account key. */
export function toUnifiedAccount(account: SpareBank1Account): Account {
  const unified: Account = {
    provider: PROVIDER_ID,
    id: account.key,
    name: account.name || account.description || account.accountNumber,
    type: accountTypeOf(account),
    currency: account.currencyCode,
    balance: toMoney(account.balance, account.currencyCode),
    accountNumber: account.accountNumber,
    raw: account,
  };
  if (typeof account.availableBalance === 'number') {
    unified.availableBalance = toMoney(account.availableBalance, account.currencyCode);
  }
  if (account.iban) unified.iban = account.iban;
  return unified;
}
