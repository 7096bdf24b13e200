import type { Bank } from '../data/bank.js';
import type { BankAccount } from '../data/model.js';
import { minorToNumber } from '../data/money.js';

/** The Account object of `GET /accounts` (every field of `sparebank1.md` section 4.2). */
export function accountJson(bank: Bank, account: BankAccount): Record<string, unknown> {
  const customer = bank.customer;
  return {
    key: account.key,
    accountNumber: account.accountNumber,
    iban: account.iban,
    name: account.name,
    description: account.description,
    balance: minorToNumber(account.balanceMinor),
    availableBalance: minorToNumber(bank.availableMinor(account)),
    currencyCode: account.currencyCode,
    owner: {
      name: customer.name,
      firstName: customer.firstName,
      lastName: customer.lastName,
      age: customer.age,
      customerKey: customer.customerKey,
      ssnKey: customer.ssnKey,
    },
    productType: account.productType,
    type: account.type,
    productId: account.productId,
    descriptionCode: account.descriptionCode,
    disposalRole: account.properties.userHasRightOfDisposal,
    obsCodes: [],
    eInvoiceCustomerReference: '',
    accountProperties: { ...account.properties },
    creditCardCreditLimit: account.creditCard ? minorToNumber(account.creditCard.creditLimitMinor) : null,
    creditCardAccountID: account.creditCard?.accountId ?? null,
  };
}

/** `GET /accounts/{key}/details`: field names as transcribed, `freeWithdrawelsLeft` typo included. */
export function accountDetailsJson(bank: Bank, account: BankAccount): Record<string, unknown> {
  const lastWithdrawal = bank.rows(account.key, { bookedOnly: true }).find((row) => row.amountMinor < 0);
  const isSaving = account.properties.isSavingsAccount;
  const yearlyInterestMinor = Math.round((Math.max(account.balanceMinor, 0) * account.interestRate) / 100);
  return {
    freeWithdrawelsLeft: isSaving ? 12 : 0,
    lastWithdrawalDate: lastWithdrawal?.date ?? null,
    interestRate: account.interestRate,
    blockedAmount: 0,
    blockedBsuAmount: account.kind === 'bsu' ? minorToNumber(account.balanceMinor) : 0,
    creditLine: account.creditCard ? minorToNumber(account.creditCard.creditLimitMinor) : 0,
    totalConfirmedAmount: 0,
    netCalculatedCreditInterest: minorToNumber(Math.round(yearlyInterestMinor / 4)),
    netCalculatedCreditLineInterest: 0,
    totalCreditInterestLastYear: minorToNumber(yearlyInterestMinor),
    bankIdentifierCode: 'SPRONO22',
  };
}

/** `GET /accounts/{key}/roles`. The `roleType` values are not recorded; `OWNER` is a choice. */
export function accountRolesJson(account: BankAccount): Record<string, unknown> {
  return {
    roles: [{ roleType: 'OWNER', validFromDate: account.openedOn, validToDate: null }],
    ownerHasRightOfDisposal: account.properties.userHasRightOfDisposal,
  };
}
