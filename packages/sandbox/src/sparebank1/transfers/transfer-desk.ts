import type { NewRow } from '../data/bank.js';
import { CARD_REPAYMENT, OWN_TRANSFER_OUT, type RowTemplate, SAVINGS_DEPOSIT } from '../data/merchants.js';
import type { BankAccount, IsoDate, TransferKind, TransferRecord } from '../data/model.js';
import { formatMinor, parseDecimalAmount } from '../data/money.js';
import { businessDayOnOrAfter, isBusinessDay, nextBusinessDay } from '../data/norwegian-calendar.js';
import { addDays, osloMinuteOfDay } from '../data/oslo-dates.js';
import { randomDigits } from '../data/random-text.js';
import { type SpareBank1State, sandboxToday } from '../state.js';
import type { TransferRefusal, TransferWarning } from './error-codes.js';
import type { TransferRequest } from './transfer-request.js';

/** BSU rules (2024 values): at most 27 500 NOK saved per calendar year, 300 000 NOK in total. */
const BSU_YEARLY_LIMIT_MINOR = 2_750_000;
const BSU_TOTAL_LIMIT_MINOR = 30_000_000;
/** IPS: at most 25 000 NOK deposited per calendar year. */
const IPS_YEARLY_LIMIT_MINOR = 2_500_000;
/** Sandbox limits for card and pension payments (the real ones are per customer). */
const PAYMENT_LIMIT_MINOR = 5_000_000;
const PERIODIC_LIMIT_MINOR = 10_000_000;
const PERIODIC_WINDOW_MS = 30 * 86_400_000;
/** Due dates further ahead than this are refused with `due.date.invalid`. */
const MAX_DUE_DAYS_AHEAD = 365;

/** A transfer the bank accepted. */
export interface AcceptedTransfer {
  record: TransferRecord;
}

/** Where the money goes. */
interface Counterpart {
  account: BankAccount;
  /** `true` when the account is credited later than it is debited (cards: next business day). */
  creditNextBusinessDay: boolean;
}

/**
 * The bank's transfer rules: ownership, account capabilities, limits, funds, due-date moves and
 * warnings, duplicate detection. Accepted transfers post (or schedule) their legs and are recorded, so
 * a test can count exactly what the bank holds.
 */
export class TransferDesk {
  constructor(private readonly state: SpareBank1State) {}

  /** Applies the rules; on success the transfer is booked or scheduled and recorded. */
  submit(request: TransferRequest): AcceptedTransfer | TransferRefusal {
    const { bank } = this.state;
    const today = sandboxToday(this.state);
    if (request.dueDate && request.dueDate > addDays(today, MAX_DUE_DAYS_AHEAD)) {
      return { code: 'due.date.invalid', resource: 'dueDate' };
    }
    const from = bank.accountByNumber(request.fromAccount);
    if (!from?.properties.hasAccess) return { code: 'from.account.no.access', resource: 'fromAccount' };
    if (from.properties.isBlocked) return { code: 'from.account.blocked', resource: 'fromAccount' };

    const counterpart = this.counterpart(request, from, today);
    if ('code' in counterpart) return counterpart;
    const to = counterpart.account;

    const limits = this.checkLimits(request, from, to);
    if (limits) return limits;
    if (bank.availableMinor(from) < request.amountMinor) {
      return { code: 'insufficient.funds', resource: 'amount' };
    }

    const { dueDate, warnings } = this.effectiveDueDate(request, today);
    if (this.isDuplicate(request, to, dueDate)) warnings.unshift('DUPLICATE_PAYMENT_EXISTS');

    const record: TransferRecord = {
      paymentId: this.paymentId(),
      kind: request.kind,
      fromAccount: from.accountNumber,
      toAccount: to.accountNumber,
      amount: formatMinor(request.amountMinor),
      currencyCode: from.currencyCode,
      dueDate,
      warnings,
      createdAt: this.state.runtime.clock.now().toISOString(),
      status: 'booked',
    };
    if (request.creditCardAccountId) record.creditCardAccountId = request.creditCardAccountId;
    if (request.policyNumber) record.policyNumber = request.policyNumber;
    if (request.dueDate) record.requestedDueDate = request.dueDate;
    if (request.message) record.message = request.message;

    const creditDate = counterpart.creditNextBusinessDay ? nextBusinessDay(dueDate) : dueDate;
    this.postLeg(record.paymentId, from, dueDate, today, this.row(request, from, to, 'out'));
    this.postLeg(record.paymentId, to, creditDate, today, this.row(request, to, from, 'in'));
    if (bank.hasScheduled(record.paymentId)) record.status = 'scheduled';
    bank.recordTransfer(record);
    return { record };
  }

  /** The credited account, or why it cannot be credited. */
  private counterpart(
    request: TransferRequest,
    from: BankAccount,
    today: IsoDate,
  ): Counterpart | TransferRefusal {
    const { bank } = this.state;
    if (request.kind === 'debit') {
      const to = bank.accountByNumber(request.toAccount ?? '');
      if (!to?.properties.hasAccess) return { code: 'to.account.no.access', resource: 'toAccount' };
      if (!from.properties.isTransferFromEnabled) {
        return { code: 'from.account.not.valid.for.transfer', resource: 'fromAccount' };
      }
      if (!to.properties.isTransferToEnabled) {
        return { code: 'to.account.not.valid.for.transfer', resource: 'toAccount' };
      }
      if (from.currencyCode !== to.currencyCode) return { code: 'iban.required', resource: 'toAccount' };
      if (request.currencyCode && request.currencyCode !== from.currencyCode) {
        return { code: 'missing.or.invalid.account.currency', resource: 'currencyCode' };
      }
      if (from.kind === 'bsu' && request.dueDate && request.dueDate !== today) {
        return { code: 'due.date.must.be.today.when.transferring.from.bsu', resource: 'dueDate' };
      }
      return { account: to, creditNextBusinessDay: false };
    }
    if (!this.canPayFrom(from))
      return { code: 'account.not.valid.for.domestic.payment', resource: 'fromAccount' };
    if (request.kind === 'creditcard') {
      const card = bank.accountByCreditCardId(request.creditCardAccountId ?? '');
      if (!card) return { code: 'no.credit.card.account.found', resource: 'creditCardAccountId' };
      return {
        account: card,
        creditNextBusinessDay: !card.properties.isBalanceUpdatedImmediatelyOnTransferTo,
      };
    }
    const pension = bank.accountByPolicyNumber(request.policyNumber ?? '');
    if (!pension) return { code: 'no.pension.agreement.found.for.policy.number', resource: 'policyNumber' };
    return { account: pension, creditNextBusinessDay: false };
  }

  /** Card and pension transfers run as domestic payments: only NOK deposit accounts may pay. */
  private canPayFrom(account: BankAccount): boolean {
    return (
      account.currencyCode === 'NOK' &&
      account.properties.isTransferFromEnabled &&
      account.kind !== 'creditCard' &&
      account.kind !== 'pension'
    );
  }

  private checkLimits(
    request: TransferRequest,
    from: BankAccount,
    to: BankAccount,
  ): TransferRefusal | undefined {
    const amount = request.amountMinor;
    if (request.kind === 'debit' && to.kind === 'bsu') {
      if (this.depositsThisYear(to) + amount > BSU_YEARLY_LIMIT_MINOR) {
        return { code: 'bsu.yearly.amount.limit.exceeded', resource: 'amount' };
      }
      if (to.balanceMinor + amount > BSU_TOTAL_LIMIT_MINOR) {
        return { code: 'bsu.total.amount.limit.exceeded', resource: 'amount' };
      }
    }
    if (request.kind === 'debit') return undefined;
    if (request.kind === 'pension') {
      const left = IPS_YEARLY_LIMIT_MINOR - this.depositsThisYear(to);
      if (amount > left) {
        return { code: 'ips.limit.exceeded', resource: 'amount', values: [formatMinor(Math.max(left, 0))] };
      }
    }
    if (amount > PAYMENT_LIMIT_MINOR)
      return { code: 'transaction.amount.limit.exceeded', resource: 'amount' };
    const since = this.state.runtime.clock.nowMs() - PERIODIC_WINDOW_MS;
    const paid = this.state.bank
      .transfers()
      .filter(
        (transfer) =>
          transfer.kind !== 'debit' &&
          transfer.fromAccount === from.accountNumber &&
          Date.parse(transfer.createdAt) > since,
      )
      .reduce((sum, transfer) => sum + (parseDecimalAmount(transfer.amount) ?? 0), 0);
    if (paid + amount > PERIODIC_LIMIT_MINOR)
      return { code: 'periodic.amount.limit.exceeded', resource: 'amount' };
    return undefined;
  }

  /** Money credited to `account` since 1 January of the sandbox year. */
  private depositsThisYear(account: BankAccount): number {
    const yearStart = `${sandboxToday(this.state).slice(0, 4)}-01-01`;
    let total = 0;
    for (const row of this.state.bank.rows(account.key, { fromDate: yearStart, bookedOnly: true })) {
      if (row.amountMinor > 0) total += row.amountMinor;
    }
    return total;
  }

  /**
   * Moves the due date the way the bank does, with the matching warning: a past date to today; a future
   * bank-closed day to the next business day; a card or pension payment due today after the cutoff
   * time to the next business day.
   */
  private effectiveDueDate(
    request: TransferRequest,
    today: IsoDate,
  ): { dueDate: IsoDate; warnings: TransferWarning[] } {
    const warnings: TransferWarning[] = [];
    let dueDate = request.dueDate ?? today;
    if (dueDate < today) {
      dueDate = today;
      warnings.push('DUE_DATE_IN_THE_PAST_MOVED_TO_NEXT_VALID_DATE');
    } else if (dueDate > today && !isBusinessDay(dueDate)) {
      dueDate = businessDayOnOrAfter(dueDate);
      warnings.push('DUE_DATE_MOVED_SINCE_BANK_IS_CLOSED_ON_REQUESTED_DATE');
    }
    const isPayment = request.kind !== 'debit';
    const minute = osloMinuteOfDay(this.state.runtime.clock.nowMs());
    if (isPayment && dueDate === today && minute >= this.state.options.paymentCutoffMinutes) {
      dueDate = nextBusinessDay(today);
      warnings.push('CUTOFF_TIME_HAS_PASSED');
    }
    return { dueDate, warnings };
  }

  /** An identical transfer (endpoint, accounts, amount, due date) accepted within the duplicate window. */
  private isDuplicate(request: TransferRequest, to: BankAccount, dueDate: IsoDate): boolean {
    const since = this.state.runtime.clock.nowMs() - this.state.options.duplicatePaymentWindowMs;
    const amount = formatMinor(request.amountMinor);
    return this.state.bank
      .transfers()
      .some(
        (transfer) =>
          transfer.kind === request.kind &&
          transfer.fromAccount === request.fromAccount &&
          transfer.toAccount === to.accountNumber &&
          transfer.amount === amount &&
          transfer.dueDate === dueDate &&
          Date.parse(transfer.createdAt) > since,
      );
  }

  private postLeg(paymentId: string, account: BankAccount, date: IsoDate, today: IsoDate, row: NewRow): void {
    if (date <= today) this.state.bank.post(account.key, today, row);
    else this.state.bank.schedule(paymentId, account.key, date, row);
  }

  private row(
    request: TransferRequest,
    account: BankAccount,
    other: BankAccount,
    direction: 'in' | 'out',
  ): NewRow {
    const random = this.state.runtime.random;
    const template = this.template(request.kind, account, direction);
    const text =
      direction === 'out'
        ? (request.message ?? (request.kind === 'debit' ? 'Overføring' : `Innbetaling ${other.description}`))
        : (request.message ?? template.name);
    const row: NewRow = {
      bookingStatus: 'BOOKED',
      amountMinor: direction === 'out' ? -request.amountMinor : request.amountMinor,
      description: text,
      cleanedDescription: text,
      typeCode: template.typeCode,
      typeText: template.typeText,
      nonUniqueId: randomDigits(random, 9),
      remoteAccountNumber: other.accountNumber,
      remoteAccountName: other.name,
      isConfidential: false,
      category: template.category,
      recurring: false,
      subscription: false,
      archiveReference: randomDigits(random, 10),
      numericalReference: randomDigits(random, 7),
    };
    if (request.message) row.kidOrMessage = request.message;
    return row;
  }

  private template(kind: TransferKind, account: BankAccount, direction: 'in' | 'out'): RowTemplate {
    if (direction === 'out') return OWN_TRANSFER_OUT;
    if (kind === 'creditcard') return CARD_REPAYMENT;
    return account.properties.isSavingsAccount || account.kind !== 'checking'
      ? SAVINGS_DEPOSIT
      : OWN_TRANSFER_OUT;
  }

  private paymentId(): string {
    const taken = new Set(this.state.bank.transfers().map((transfer) => transfer.paymentId));
    let id = randomDigits(this.state.runtime.random, 11);
    while (taken.has(id)) id = randomDigits(this.state.runtime.random, 11);
    return id;
  }
}
