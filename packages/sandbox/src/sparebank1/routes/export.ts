import type { Hono } from 'hono';
import type { BankAccount, BankTransaction } from '../data/model.js';
import { formatMinorNorwegian } from '../data/money.js';
import { toNorwegianDate } from '../data/oslo-dates.js';
import { acceptsCsv, CSV_MEDIA_TYPE } from '../http/media-types.js';
import type { SpareBank1Env, SpareBank1State } from '../state.js';
import { dateParameter, invalidAccountKey } from './transaction-query.js';

/** The `fields` values and their Norwegian column headers. */
const COLUMNS = {
  DATE: 'Dato',
  DESCRIPTION: 'Beskrivelse',
  INTEREST_DATE: 'Rentedato',
  IN: 'Inn',
  OUT: 'Ut',
  TO_ACCOUNT: 'Til konto',
  FROM_ACCOUNT: 'Fra konto',
  CATEGORY: 'Hovedkategori',
  SUBCATEGORY: 'Underkategori',
} as const;

type Field = keyof typeof COLUMNS;

const DEFAULT_FIELDS: readonly Field[] = [
  'DATE',
  'DESCRIPTION',
  'INTEREST_DATE',
  'IN',
  'OUT',
  'TO_ACCOUNT',
  'FROM_ACCOUNT',
];

function isField(value: string): value is Field {
  return Object.hasOwn(COLUMNS, value);
}

function quoted(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

function cell(field: Field, row: BankTransaction, account: BankAccount): string {
  const incoming = row.amountMinor > 0;
  switch (field) {
    case 'DATE':
      return quoted(toNorwegianDate(row.date));
    case 'DESCRIPTION':
      return quoted(row.description);
    case 'INTEREST_DATE':
      return quoted(toNorwegianDate(row.interestDate));
    case 'IN':
      return incoming ? quoted(formatMinorNorwegian(row.amountMinor)) : '';
    case 'OUT':
      return incoming ? '' : quoted(formatMinorNorwegian(row.amountMinor));
    case 'TO_ACCOUNT': {
      const to = incoming ? account.accountNumber : row.remoteAccountNumber;
      return to && to !== '-1' ? quoted(to) : '';
    }
    case 'FROM_ACCOUNT': {
      const from = incoming ? row.remoteAccountNumber : account.accountNumber;
      return from && from !== '-1' ? quoted(from) : '';
    }
    case 'CATEGORY':
      return quoted(row.category.mainI18n);
    case 'SUBCATEGORY':
      return quoted(row.category.subI18n);
  }
}

/**
 * `GET /transactions/export`: booked rows of one account as CSV with a UTF-8 BOM, `;` separators and a
 * trailing `;`, Norwegian headers, `dd.MM.yyyy` dates and decimal commas (the netbank layout). Needs an
 * `Accept` that admits `application/csv`; a JSON `Accept` gets 406. Several `fields` may be repeated or
 * comma-joined (which form the bank takes is unknown).
 */
export function registerExportRoute(app: Hono<SpareBank1Env>, state: SpareBank1State): void {
  const badRequest = (message: string, resource: string) =>
    state.errors.response(400, { code: 'BAD_REQUEST', message, resource });

  app.get('/personal/banking/transactions/export', (c) => {
    if (!acceptsCsv(c.req.header('accept'))) {
      return state.errors.status(406, `Not acceptable. Supported media type: ${CSV_MEDIA_TYPE}`);
    }
    const keys = c.req.queries('accountKey') ?? [];
    if (keys.length === 0) return badRequest('Required parameter accountKey is missing', 'accountKey');
    const key = keys[0] ?? '';
    const account = keys.length === 1 && !key.includes(',') ? state.bank.accountByKey(key) : undefined;
    if (!account) return invalidAccountKey(state);

    const fromDate = dateParameter(c, state, 'fromDate');
    if (fromDate instanceof Response) return fromDate;
    if (!fromDate) return badRequest('Required parameter fromDate is missing', 'fromDate');
    const toDate = dateParameter(c, state, 'toDate');
    if (toDate instanceof Response) return toDate;
    if (!toDate) return badRequest('Required parameter toDate is missing', 'toDate');

    const requested = (c.req.queries('fields') ?? [])
      .flatMap((value) => value.split(','))
      .map((v) => v.trim());
    const fields: Field[] = [];
    for (const value of requested) {
      if (value === '') continue;
      if (!isField(value)) return badRequest(`Unknown field ${value}`, 'fields');
      if (!fields.includes(value)) fields.push(value);
    }
    const columns = fields.length > 0 ? fields : DEFAULT_FIELDS;

    const lines = [`${columns.map((field) => COLUMNS[field]).join(';')};`];
    for (const row of state.bank.rows(account.key, { fromDate, toDate, bookedOnly: true })) {
      lines.push(`${columns.map((field) => cell(field, row, account)).join(';')};`);
    }
    return new Response(`\uFEFF${lines.join('\n')}\n`, {
      status: 200,
      headers: { 'content-type': CSV_MEDIA_TYPE },
    });
  });
}
