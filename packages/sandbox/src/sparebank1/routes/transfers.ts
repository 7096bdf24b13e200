import type { Hono } from 'hono';
import type { TransferKind } from '../data/model.js';
import { jsonText, withJsonVersion } from '../http/api-guard.js';
import type { ErrorDetail } from '../http/errors.js';
import { V1_ONLY } from '../http/media-types.js';
import type { SpareBank1Env, SpareBank1State } from '../state.js';
import { TRANSFER_ERRORS, type TransferRefusal } from '../transfers/error-codes.js';
import { TransferDesk } from '../transfers/transfer-desk.js';
import { parseTransferRequest } from '../transfers/transfer-request.js';

const ENDPOINTS: ReadonlyArray<[TransferKind, string]> = [
  ['debit', '/personal/banking/transfer/debit'],
  ['creditcard', '/personal/banking/transfer/creditcard/transferTo'],
  ['pension', '/personal/banking/transfer/pension'],
];

function fillTemplate(template: string, values: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => values[Number(index)] ?? whole);
}

function refusalResponse(state: SpareBank1State, refusal: TransferRefusal): Response {
  if (refusal.code === 'BAD_REQUEST') {
    const detail: ErrorDetail = { code: 'BAD_REQUEST', message: refusal.message ?? 'Bad request' };
    if (refusal.resource) detail.resource = refusal.resource;
    return state.errors.response(400, detail);
  }
  const spec = TRANSFER_ERRORS[refusal.code];
  const values = refusal.values ?? [];
  const detail: ErrorDetail = {
    code: refusal.code,
    message: refusal.message ?? fillTemplate(spec.message, values),
    localizedMessage: { template: spec.message, values },
  };
  if (refusal.resource) detail.resource = refusal.resource;
  return state.errors.response(spec.status, detail);
}

/**
 * The Transfer API: debit (between own accounts), credit card and pension. No idempotency: every
 * accepted request creates a transfer, and a repeat within the window only adds a
 * `DUPLICATE_PAYMENT_EXISTS` warning. Request bodies are JSON under any content type (the spec says `*\/*`).
 */
export function registerTransferRoutes(app: Hono<SpareBank1Env>, state: SpareBank1State): void {
  const desk = new TransferDesk(state);

  for (const [kind, path] of ENDPOINTS) {
    app.post(path, (c) =>
      withJsonVersion(c, state, V1_ONLY, async () => {
        let body: unknown;
        try {
          body = JSON.parse(await c.req.text());
        } catch {
          return refusalResponse(state, {
            code: 'BAD_REQUEST',
            resource: 'body',
            message: 'The request body is not valid JSON',
          });
        }
        const request = parseTransferRequest(kind, body, state.options.strictAmountType);
        if ('code' in request) return refusalResponse(state, request);

        const armedIndex = state.scenarios.transferFailures.findIndex(
          (failure) => failure.kind === undefined || failure.kind === kind,
        );
        const armed = armedIndex >= 0 ? state.scenarios.transferFailures.splice(armedIndex, 1)[0] : undefined;
        if (armed && !armed.afterBooking) return refusalResponse(state, { code: armed.code });

        const outcome = desk.submit(request);
        if ('code' in outcome) return refusalResponse(state, outcome);
        if (armed) return refusalResponse(state, { code: armed.code });
        return jsonText(
          JSON.stringify({ paymentId: outcome.record.paymentId, warnings: outcome.record.warnings }),
        );
      }),
    );
  }
}
