import type { TransferKind } from '../data/model.js';

/** One documented transfer error: its HTTP status, English message and the endpoints that list it. */
export interface TransferErrorSpec {
  status: 400 | 403 | 500;
  message: string;
  kinds: readonly TransferKind[];
}

const D: readonly TransferKind[] = ['debit'];
const C: readonly TransferKind[] = ['creditcard'];
const P: readonly TransferKind[] = ['pension'];
const DCP: readonly TransferKind[] = ['debit', 'creditcard', 'pension'];
const CP: readonly TransferKind[] = ['creditcard', 'pension'];

/** Every error code of the Transfer API (`sparebank1.md` section 6), messages from the spec. */
export const TRANSFER_ERRORS = {
  'from.account.number.invalid.format': {
    status: 400,
    message: 'The from account number is not a valid account number.',
    kinds: DCP,
  },
  'to.account.number.invalid.format': {
    status: 400,
    message: 'The to account number is not a valid account number.',
    kinds: D,
  },
  'accounts.not.different': { status: 400, message: 'To and from account must be different.', kinds: D },
  'message.length.invalid': { status: 400, message: 'The message is too long.', kinds: D },
  'amount.invalid': {
    status: 400,
    message: 'The amount does not satisfy the constraints of the API.',
    kinds: DCP,
  },
  'due.date.invalid': {
    status: 400,
    message: 'The given due date is outside the range of allowed due dates.',
    kinds: DCP,
  },
  'from.account.no.access': {
    status: 400,
    message: 'The user does not have access to the from account.',
    kinds: DCP,
  },
  'from.account.not.valid.for.transfer': {
    status: 400,
    message: 'The from account is blocked from making transfers.',
    kinds: D,
  },
  'to.account.no.access': {
    status: 400,
    message: 'The user does not have access to the to account.',
    kinds: D,
  },
  'to.account.not.valid.for.transfer': {
    status: 400,
    message: 'The account can not be transferred to.',
    kinds: D,
  },
  'account.not.valid.for.domestic.payment': {
    status: 400,
    message: 'The from account is not applicable for domestic payments.',
    kinds: CP,
  },
  'insufficient.funds': { status: 403, message: 'Insufficient funds on account.', kinds: DCP },
  'account.no.admission': {
    status: 403,
    message: 'The customer does not have admission to create payments from the specified account',
    kinds: DCP,
  },
  'not.authorized.for.operation': {
    status: 403,
    message: 'The user does not have the required role on the account.',
    kinds: DCP,
  },
  'from.account.blocked': {
    status: 403,
    message: 'The from account is blocked from making payments.',
    kinds: DCP,
  },
  'to.account.unknown': {
    status: 403,
    message: 'The creditor account number is unknown (does not exist or closed).',
    kinds: D,
  },
  'bsu.yearly.amount.limit.exceeded': {
    status: 403,
    message:
      'The payment cannot be completed because the BSU account would have more money transferred to it this year than is allowed.',
    kinds: D,
  },
  'bsu.total.amount.limit.exceeded': {
    status: 403,
    message:
      'The payment cannot be completed because the BSU account balance would exceed the maximum allowed balance.',
    kinds: D,
  },
  'bsu.account.pending.creation': {
    status: 403,
    message: 'The BSU account is still in the process of being created.',
    kinds: D,
  },
  'to.account.cannot.receive.transfers': {
    status: 403,
    message: 'The credit account is blocked from crediting.',
    kinds: D,
  },
  'debit.or.credit.account.is.closed': {
    status: 403,
    message: 'Debit or credit account is closed (avsluttet).',
    kinds: D,
  },
  'illegal.payment.status.update': {
    status: 403,
    message: 'The attempted operation is trying to do an illegal status update of the payment.',
    kinds: D,
  },
  'to.account.closed': { status: 403, message: 'The credit account has been closed', kinds: D },
  'due.date.must.be.today.when.transferring.from.bsu': {
    status: 403,
    message: 'The due date must be today when transferring from a BSU account.',
    kinds: D,
  },
  'transfer.to.creditor.that.requires.kid.is.not.supported': {
    status: 403,
    message: 'Can not transfer to an account that requires KID, please use regular payment instead',
    kinds: D,
  },
  'iban.required': {
    status: 403,
    message:
      'IBAN is required when transferring to this account. The transfer must be done as an international payment instead.',
    kinds: D,
  },
  'transaction.amount.limit.exceeded': {
    status: 403,
    message: 'The amount is higher than the transaction limit for this type of payment.',
    kinds: CP,
  },
  'periodic.amount.limit.exceeded': {
    status: 403,
    message:
      'The payment cannot be completed because it will exceed the periodic amount limit that the customer has set for payments.',
    kinds: CP,
  },
  'credit.card.account.does.not.support.transfer.to': {
    status: 403,
    message: 'The credit card account does not accept transfers.',
    kinds: C,
  },
  'no.credit.card.account.found': {
    status: 403,
    message: 'No credit card account was found matching the credit card account ID.',
    kinds: C,
  },
  'no.pension.agreement.found.for.policy.number': {
    status: 403,
    message: 'No pension agreement was found for the policy number.',
    kinds: P,
  },
  'pension.agreement.does.not.support.transfer.to': {
    status: 403,
    message: 'The pension agreement does not accept transfers.',
    kinds: P,
  },
  'ips.limit.exceeded': { status: 403, message: 'Amount is larger than IPS limit: {0}', kinds: P },
  'general.error': { status: 500, message: 'Something went wrong.', kinds: DCP },
  'general.error.transfer.not.completed': {
    status: 500,
    message: 'Something went wrong, but we can guarantee that the transfer is not completed.',
    kinds: DCP,
  },
  'missing.or.invalid.account.currency': {
    status: 500,
    message: 'Account currency is invalid or missing.',
    kinds: D,
  },
} as const satisfies Record<string, TransferErrorSpec>;

/** A documented transfer error code. */
export type TransferErrorCode = keyof typeof TRANSFER_ERRORS;

/** Whether `code` is a documented transfer error code. */
export function isTransferErrorCode(code: string): code is TransferErrorCode {
  return Object.hasOwn(TRANSFER_ERRORS, code);
}

/** A refusal, as the transfer rules report it. */
export interface TransferRefusal {
  code: TransferErrorCode | 'BAD_REQUEST';
  resource?: string;
  /** Values for the message template (`{0}` ...). */
  values?: string[];
  message?: string;
}

/** The warnings a created transfer can carry. */
export type TransferWarning =
  | 'DUPLICATE_PAYMENT_EXISTS'
  | 'CUTOFF_TIME_HAS_PASSED'
  | 'DUE_DATE_IN_THE_PAST_MOVED_TO_NEXT_VALID_DATE'
  | 'DUE_DATE_MOVED_SINCE_BANK_IS_CLOSED_ON_REQUESTED_DATE';
