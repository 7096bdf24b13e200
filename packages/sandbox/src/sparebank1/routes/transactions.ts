import type { Context, Hono } from 'hono';
import { UNCATEGORIZED } from '../data/merchants.js';
import type { BankTransaction } from '../data/model.js';
import { jsonText, withJsonVersion } from '../http/api-guard.js';
import { V1_ONLY } from '../http/media-types.js';
import { sourceOf, TransactionRenderer } from '../serialize/transactions.js';
import { type SpareBank1Env, type SpareBank1State, sandboxToday } from '../state.js';
import { parseTransactionQuery, selectRows } from './transaction-query.js';

const BASE = '/personal/banking/transactions';

function categories(row: BankTransaction) {
  const confident = row.category !== UNCATEGORIZED;
  return [{ ...row.category, confidence: confident ? 92 : 0 }];
}

/**
 * The Transactions API: the list (no pagination; `rowLimit` only), the classified list (each row
 * wrapped with its categories), and details by an id from a recent list of the same session.
 */
export function registerTransactionRoutes(app: Hono<SpareBank1Env>, state: SpareBank1State): void {
  const renderer = new TransactionRenderer(state.bank);

  const issuer = (c: Context<SpareBank1Env>) =>
    state.transactionIds.beginListing(c.get('session').id, state.runtime.clock.nowMs());

  app.get(BASE, (c) =>
    withJsonVersion(c, state, V1_ONLY, () => {
      const query = parseTransactionQuery(c, state, ['accountKey']);
      if (query instanceof Response) return query;
      const { rows, errors } = selectRows(state, query);
      const ids = issuer(c).idsFor(rows.map(({ row }) => row.serial));
      return jsonText(renderer.listBody(rows, ids, errors));
    }),
  );

  app.get(`${BASE}/classified`, (c) =>
    withJsonVersion(c, state, V1_ONLY, () => {
      const query = parseTransactionQuery(c, state, ['accountKey', 'Account keys']);
      if (query instanceof Response) return query;
      const { rows, errors } = selectRows(state, query);
      const ids = issuer(c).idsFor(rows.map(({ row }) => row.serial));
      const transactions = rows.map(({ row, source }, index) => ({
        transaction: renderer.listObject(row, ids[index] ?? '', source),
        categories: categories(row),
        recurring: row.recurring,
        subscription: row.subscription,
      }));
      return jsonText(JSON.stringify({ transactions, errors }));
    }),
  );

  const resolve = (c: Context<SpareBank1Env>): BankTransaction | undefined => {
    const serial = state.transactionIds.resolve(
      c.req.param('id') ?? '',
      c.get('session').id,
      state.runtime.clock.nowMs(),
    );
    const row = serial === undefined ? undefined : state.bank.rowBySerial(serial);
    return row?.bookingStatus === 'BOOKED' ? row : undefined;
  };
  const notFound = () =>
    state.errors.response(404, {
      code: 'NOT_FOUND',
      message: 'Transaction not found. Transaction ids expire; use an id from a recent list.',
      resource: 'id',
    });

  app.get(`${BASE}/:id/details`, (c) =>
    withJsonVersion(c, state, V1_ONLY, () => {
      const row = resolve(c);
      if (!row) return notFound();
      const source = sourceOf(row, sandboxToday(state), state.options.recentDays);
      return jsonText(JSON.stringify(renderer.detailsObject(row, c.req.param('id'), source)));
    }),
  );

  app.get(`${BASE}/:id/details/classified`, (c) =>
    withJsonVersion(c, state, V1_ONLY, () => {
      const row = resolve(c);
      if (!row) return notFound();
      const source = sourceOf(row, sandboxToday(state), state.options.recentDays);
      return jsonText(
        JSON.stringify({
          transaction: renderer.detailsObject(row, c.req.param('id'), source),
          categories: categories(row),
          recurring: row.recurring,
          merchant: {
            name: row.cleanedDescription,
            country: 'NO',
            category: row.category.subI18n,
            categories: [row.category.mainI18n, row.category.subI18n],
            clearResponse: true,
          },
        }),
      );
    }),
  );
}
