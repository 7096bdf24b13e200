import type { BridgeApp, BridgeDeps } from '../context.js';
import { BANKS, type BankSeed } from '../data/banks.js';
import { notFound } from '../errors.js';
import { idParam, pathOf, queryOf, sendJson } from '../http.js';
import { renderPage } from '../pagination.js';
import { bankJson } from '../serialize.js';

const BANKS_BY_ID = new Map(BANKS.map((bank) => [bank.id, bank]));
const BANKS_BY_ID_ASC = [...BANKS].sort((a, b) => a.id - b.id);
// Bridge's recorded `/v2/banks` answers list banks by id, highest first.
const BANKS_BY_ID_DESC = [...BANKS_BY_ID_ASC].reverse();

/**
 * Repeated `countries` and `capabilities` are each OR-ed. An unknown capability value (such as the
 * Python client's `BankCapability.AIS`) simply matches nothing; it is not an error.
 */
function filterBanks(query: URLSearchParams): readonly BankSeed[] {
  const countries = query
    .getAll('countries')
    .flatMap((value) => value.split(','))
    .map((v) => v.trim().toUpperCase());
  const capabilities = query
    .getAll('capabilities')
    .flatMap((value) => value.split(','))
    .map((v) => v.trim());
  return BANKS_BY_ID_DESC.filter(
    (bank) =>
      (countries.length === 0 || countries.includes(bank.countryCode)) &&
      (capabilities.length === 0 ||
        capabilities.some((capability) => bank.capabilities.includes(capability))),
  );
}

/** Banks (app-scoped): the list with filters, one bank, and the connector-status array. */
export function registerBankRoutes(app: BridgeApp, deps: BridgeDeps): void {
  app.get('/v2/banks', (c) => {
    const query = queryOf(c);
    return sendJson(
      c,
      renderPage({
        list: { items: filterBanks(query), keyOf: (bank) => [bank.id, 0], direction: 'desc' },
        scope: 'banks',
        pathname: pathOf(c),
        query,
        cursors: deps.cursors,
        toJson: bankJson,
      }),
    );
  });

  // The real endpoint answers a bare JSON array, not the paginated envelope.
  app.get('/v2/banks/insights', (c) =>
    sendJson(
      c,
      JSON.stringify(
        BANKS_BY_ID_ASC.map((bank) => ({
          bank_id: bank.id,
          name: bank.name,
          status: 'ok',
          success_rate: bank.id === 574 ? 1 : 0.97,
        })),
      ),
    ),
  );

  app.get('/v2/banks/:id', (c) => {
    const bank = BANKS_BY_ID.get(idParam(c, 'id', 'Bank'));
    if (bank === undefined) throw notFound('Bank');
    return sendJson(c, bankJson(bank));
  });
}
