import { formatAccountNumber } from '../data/account-numbers.js';
import type { Bank } from '../data/bank.js';
import type { BankAccount, BankTransaction, IsoDate } from '../data/model.js';
import { minorToNumber } from '../data/money.js';
import { addDays, osloMidnightMs } from '../data/oslo-dates.js';

/** Where a row comes from: core banking's recent feed or the history archive. */
export type TransactionSource = 'RECENT' | 'HISTORIC';

/**
 * A row is `RECENT` while pending and for `recentDays` after its booking date, `HISTORIC` afterwards. The
 * real cut-over is not documented; what is observed is that card rows change `nonUniqueId` when it happens.
 */
export function sourceOf(row: BankTransaction, today: IsoDate, recentDays: number): TransactionSource {
  return sourceFrom(row, recentSince(today, recentDays));
}

/** The first booking date that is still `RECENT` on `today`. */
export function recentSince(today: IsoDate, recentDays: number): IsoDate {
  return addDays(today, 1 - recentDays);
}

/** {@link sourceOf} with the cut-over date computed once per response. */
export function sourceFrom(row: BankTransaction, recentFrom: IsoDate): TransactionSource {
  return row.bookingStatus === 'PENDING' || row.date >= recentFrom ? 'RECENT' : 'HISTORIC';
}

/** Bare while `RECENT`; `{partitionKey}-{n}` for card rows once `HISTORIC`. */
export function wireNonUniqueId(
  row: BankTransaction,
  account: BankAccount,
  source: TransactionSource,
): string {
  const partitionKey = account.creditCard?.partitionKey;
  return partitionKey && source === 'HISTORIC' ? `${partitionKey}-${row.nonUniqueId}` : row.nonUniqueId;
}

function accountNumberJson(accountNumber: string) {
  return { value: accountNumber, formatted: formatAccountNumber(accountNumber), unformatted: accountNumber };
}

function classificationInput(row: BankTransaction) {
  return {
    id: row.nonUniqueId,
    ...(row.mcc !== undefined ? { mcc: row.mcc } : {}),
    amount: minorToNumber(row.amountMinor),
    type: row.typeCode,
    text: row.cleanedDescription,
    // An integer since February 2026 (it was a string before, without a version bump).
    date: osloMidnightMs(row.date),
  };
}

interface CachedTail {
  version: number;
  source: TransactionSource;
  /** UTF-8 of the row's JSON after `{"id":"...",`. */
  bytes: Buffer;
}

const ID_PREFIX = '{"id":"';
const ID_SUFFIX = '",';
const COMMA = 0x2c;

/**
 * Renders rows. A list response re-uses each row's encoded JSON (everything but the per-response `id`),
 * which keeps a 10,000-row response in a few milliseconds.
 */
export class TransactionRenderer {
  private readonly tails = new WeakMap<BankTransaction, CachedTail>();

  constructor(private readonly bank: Bank) {}

  /**
   * The whole `{"transactions":[...],"errors":[...]}` body as UTF-8 bytes, assembled from each row's
   * cached bytes and its per-response id without re-encoding any text.
   */
  listBody(
    rows: ReadonlyArray<{ row: BankTransaction; source: TransactionSource }>,
    ids: readonly string[],
    errors: readonly string[],
  ): Buffer<ArrayBuffer> {
    const head = '{"transactions":[';
    const foot = `],"errors":${JSON.stringify(errors)}}`;
    const tails = rows.map(({ row, source }) => this.tail(row, source));
    let length = head.length + foot.length + Math.max(rows.length - 1, 0);
    tails.forEach((tail, index) => {
      length += ID_PREFIX.length + (ids[index]?.length ?? 0) + ID_SUFFIX.length + tail.length;
    });
    const body = Buffer.allocUnsafe(length);
    let offset = body.write(head, 0, 'latin1');
    tails.forEach((tail, index) => {
      if (index > 0) body[offset++] = COMMA;
      // Ids are base64url, so latin1 writes them byte for byte.
      offset += body.write(`${ID_PREFIX}${ids[index] ?? ''}${ID_SUFFIX}`, offset, 'latin1');
      offset += tail.copy(body, offset);
    });
    body.write(foot, offset, 'utf8');
    return body;
  }

  /** The TransactionDTO as an object (for the classified list). */
  listObject(row: BankTransaction, id: string, source: TransactionSource): Record<string, unknown> {
    const account = this.account(row);
    const isCard = account.creditCard !== undefined;
    const nonUniqueId = wireNonUniqueId(row, account, source);
    const json: Record<string, unknown> = {
      id,
      nonUniqueId,
      description: row.description,
      cleanedDescription: row.cleanedDescription,
      accountNumber: accountNumberJson(account.accountNumber),
      amount: minorToNumber(row.amountMinor),
      date: osloMidnightMs(row.date),
      interestDate: osloMidnightMs(row.interestDate),
      typeCode: row.typeCode,
      typeText: row.typeText,
      currencyCode: row.foreign?.currencyCode ?? account.currencyCode,
      canShowDetails: row.bookingStatus === 'BOOKED',
      source,
      isConfidential: row.isConfidential,
      bookingStatus: row.bookingStatus,
      accountName: account.name,
      accountKey: account.key,
      accountCurrency: account.currencyCode,
      isFromCurrencyAccount: account.currencyCode !== 'NOK',
      classificationInput: classificationInput(row),
    };
    if (row.remoteAccountNumber !== undefined) json.remoteAccountNumber = row.remoteAccountNumber;
    if (row.remoteAccountName !== undefined) json.remoteAccountName = row.remoteAccountName;
    if (row.kidOrMessage !== undefined) json.kidOrMessage = row.kidOrMessage;
    if (row.foreign) json.currencyAmount = minorToNumber(row.foreign.amountMinor);
    if (row.mcc !== undefined) json.mcc = row.mcc;
    if (isCard && account.creditCard) {
      json.creditCardIdentifiers = { partitionKey: account.creditCard.partitionKey, nonUniqueId };
    }
    return json;
  }

  /** The "Transaction details" object: dates as `yyyy-MM-dd` strings, unlike the list. */
  detailsObject(row: BankTransaction, id: string, source: TransactionSource): Record<string, unknown> {
    const account = this.account(row);
    const json: Record<string, unknown> = {
      id,
      date: row.date,
      valueDate: row.interestDate,
      bookedDate: row.date,
      postingDate: row.date,
      type: row.typeText,
      amount: minorToNumber(row.amountMinor),
      typeCode: row.typeCode,
      typeText: row.typeText,
      accountKey: account.key,
      accountName: account.name,
      description: row.description,
      cleanedDescription: row.cleanedDescription,
      originalDescription: row.description,
      nonUniqueId: wireNonUniqueId(row, account, source),
      currencyCode: row.foreign?.currencyCode ?? account.currencyCode,
      accountNumber: accountNumberJson(account.accountNumber),
      accountCurrency: account.currencyCode,
      archiveReference: row.archiveReference,
      numericalReference: row.numericalReference,
      classificationInput: classificationInput(row),
    };
    if (row.foreign) {
      json.currencyAmount = minorToNumber(row.foreign.amountMinor);
      json.exchangeRate = row.foreign.exchangeRate;
    }
    if (row.kidOrMessage !== undefined) json.kidOrMessage = row.kidOrMessage;
    if (row.remoteAccountName !== undefined) json.remoteAccountName = row.remoteAccountName;
    if (row.remoteAccountNumber !== undefined) json.remoteAccountNumber = row.remoteAccountNumber;
    if (row.amountMinor < 0 && row.remoteAccountName !== undefined) {
      json.paymentDetails = {
        amount: minorToNumber(-row.amountMinor),
        amountCurrency: account.currencyCode,
        ...(row.kidOrMessage !== undefined ? { message: row.kidOrMessage } : {}),
        payeeBankName: 'SpareBank 1',
        serviceCharges: [],
      };
    }
    return json;
  }

  private tail(row: BankTransaction, source: TransactionSource): Buffer {
    const cached = this.tails.get(row);
    if (cached && cached.version === row.version && cached.source === source) return cached.bytes;
    const text = JSON.stringify(this.listObject(row, '', source)).slice('{"id":"",'.length);
    const bytes = Buffer.from(text, 'utf8');
    this.tails.set(row, { version: row.version, source, bytes });
    return bytes;
  }

  private account(row: BankTransaction): BankAccount {
    const account = this.bank.accountByKey(row.accountKey);
    if (!account) throw new Error(`row ${row.serial} belongs to no account`);
    return account;
  }
}
