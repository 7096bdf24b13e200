import type { Context } from 'hono';
import { Hono } from 'hono';
import type { BridgeEnv } from '../context.js';
import { BANKS, type BankSeed, DEMO_BANK_ID } from '../data/banks.js';
import type { BridgeV3Bank } from './bank.js';
import type { BridgeV3Deps } from './context.js';
import { providerCapabilities } from './serialize.js';
import { type CONNECT_FAILURE_STEPS, completeSession, SessionCompletionError } from './sessions.js';
import type { V3SessionRecord } from './state.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function form(sessionId: string, label: string, fields: Record<string, string>, extra = ''): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="post" action="/connect/session/${escapeHtml(sessionId)}">${hidden}${extra}<button type="submit">${escapeHtml(label)}</button></form>`;
}

/** The providers a session's list shows: its country (if any), with every requested capability. */
export function providersFor(session: V3SessionRecord): BankSeed[] {
  return BANKS.filter(
    (bank) =>
      (session.countryCode === null || bank.countryCode === session.countryCode) &&
      session.capabilities.every((capability) => providerCapabilities(bank).includes(capability)),
  );
}

function providerPicker(session: V3SessionRecord): string {
  const options = providersFor(session).map(
    (bank) =>
      `<option value="${bank.id}"${bank.id === DEMO_BANK_ID ? ' selected' : ''}>${escapeHtml(bank.name)}</option>`,
  );
  return `<label>Bank <select name="provider_id">${options.join('')}</select></label>`;
}

const html = (c: Context<BridgeEnv>, status: 200 | 400 | 404 | 410, text: string) =>
  c.body(text, status, { 'content-type': 'text/html; charset=utf-8' });

function sessionPage(deps: BridgeV3Deps, session: V3SessionRecord): string {
  const providerName = (id: number) => BANKS.find((bank) => bank.id === id)?.name ?? `provider ${id}`;
  const parts: string[] = [];
  if (session.itemId !== null) {
    parts.push(
      form(
        session.id,
        `Authenticate again at ${providerName(deps.bridge.store.item(session.itemId)?.bankId ?? DEMO_BANK_ID)}`,
        { outcome: 'success' },
      ),
    );
  } else {
    if (session.kind === 'user-management') {
      for (const item of deps.bridge.store.dataOf(session.userUuid).items) {
        if (item.status !== 0) {
          parts.push(
            form(session.id, `Repair ${providerName(item.bankId)} (item ${item.id}, status ${item.status})`, {
              outcome: 'success',
              item_id: String(item.id),
            }),
          );
        }
      }
    }
    if (session.providerId !== null) {
      parts.push(form(session.id, `Connect ${providerName(session.providerId)}`, { outcome: 'success' }));
    } else if (providersFor(session).length > 0) {
      parts.push(form(session.id, 'Connect', { outcome: 'success' }, providerPicker(session)));
    }
  }
  parts.push(form(session.id, 'Cancel', { outcome: 'failure', step: 'bank_creds_form' }));
  return page('Bridge Connect (bankkit sandbox)', parts.join(''));
}

/**
 * The Connect page a session URL points to: `GET /connect/session/{id}` shows the choices as plain
 * HTML forms; `POST` completes the session and redirects to `callback_url` (302) with the outcome.
 */
export function createConnectPage(deps: BridgeV3Deps, bank: BridgeV3Bank): Hono<BridgeEnv> {
  const app = new Hono<BridgeEnv>();

  app.get('/connect/session/:id', (c) => {
    const session = deps.state.sessions.get(c.req.param('id'));
    if (session === undefined)
      return html(c, 404, page('Session not found', '<p>This Connect session does not exist.</p>'));
    if (session.completed)
      return html(c, 410, page('Session already used', '<p>This Connect session is completed.</p>'));
    return html(c, 200, sessionPage(deps, session));
  });

  app.post('/connect/session/:id', async (c) => {
    const fields = await c.req.parseBody();
    const field = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
    const success = field('outcome') !== 'failure';
    const step = field('step') as (typeof CONNECT_FAILURE_STEPS)[number] | undefined;
    const itemId = field('item_id');
    const providerId = field('provider_id');
    const session = deps.state.sessions.get(c.req.param('id'));
    if (
      providerId !== undefined &&
      session !== undefined &&
      !providersFor(session).some((bank) => String(bank.id) === providerId)
    ) {
      return html(c, 400, page('Connect failed', '<p>This bank is not offered in this session.</p>'));
    }
    try {
      const done = completeSession(deps, bank, c.req.param('id'), {
        success,
        ...(step === undefined ? {} : { step }),
        ...(itemId === undefined || !/^\d{1,16}$/.test(itemId) ? {} : { itemId: Number(itemId) }),
        ...(providerId === undefined ? {} : { providerId: Number(providerId) }),
      });
      if (done.callbackUrl !== null) return c.redirect(done.callbackUrl, 302);
      return html(
        c,
        200,
        page(
          success ? 'Your bank is connected' : 'Connection cancelled',
          `<p>You can close this window.</p>`,
        ),
      );
    } catch (error) {
      if (error instanceof SessionCompletionError) {
        return html(c, error.status, page('Connect failed', `<p>${escapeHtml(error.message)}</p>`));
      }
      throw error;
    }
  });
  return app;
}
