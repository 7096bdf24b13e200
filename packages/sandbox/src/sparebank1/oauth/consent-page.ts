/**
 * HTML of the simulated BankID login. Plain forms, no script: a headless browser clicks "Approve" or
 * "Deny", and a plain HTTP client can read each form's `action` and hidden fields and post them.
 */

/** Where the consent forms post. Relative, so it works on both the API and the auth origin. */
export const DECISION_PATH = '/oauth/authorize/decision';

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** What the consent page shows. */
export interface ConsentPageModel {
  requestId: string;
  clientName: string;
  customerName: string;
  bankName: string;
}

function decisionForm(requestId: string, decision: 'approve' | 'deny', label: string): string {
  return `<form method="post" action="${DECISION_PATH}" class="decision decision-${decision}">
        <input type="hidden" name="request_id" value="${escapeHtml(requestId)}">
        <input type="hidden" name="decision" value="${decision}">
        <button type="submit" id="${decision}">${label}</button>
      </form>`;
}

/** The consent page: who logs in, which client asks, and the Approve and Deny buttons. */
export function renderConsentPage(model: ConsentPageModel): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>SpareBank 1 sandbox: log in with BankID</title>
  </head>
  <body>
    <main>
      <h1>Log in to ${escapeHtml(model.bankName)}</h1>
      <p role="status">Simulated BankID: you are logged in as <strong>${escapeHtml(model.customerName)}</strong>.</p>
      <section aria-labelledby="consent-heading">
        <h2 id="consent-heading">Give ${escapeHtml(model.clientName)} access?</h2>
        <p>${escapeHtml(model.clientName)} asks to read your accounts and transactions and to move money between your own accounts.</p>
      </section>
      ${decisionForm(model.requestId, 'approve', 'Approve')}
      ${decisionForm(model.requestId, 'deny', 'Deny')}
    </main>
  </body>
</html>
`;
}

/**
 * The bank's deliberately vague error page ("Oh no, something went wrong!"): shown instead of a redirect
 * when the client id, redirect URI or response type is wrong, so nothing leaks to an unverified URI.
 */
export function renderErrorPage(): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>SpareBank 1</title>
  </head>
  <body>
    <main>
      <h1>Oh no, something went wrong!</h1>
      <p>Please try again later.</p>
    </main>
  </body>
</html>
`;
}
