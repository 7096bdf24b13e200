import type { SpareBank1Client } from '../../src/index.js';

interface HtmlForm {
  action: string;
  method: string;
  fields: Record<string, string>;
  html: string;
}

function unescapeHtml(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
}

/** The forms of a page with their hidden fields: what a browser would submit, read with plain text tools. */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, attributes = '', body = ''] = match;
    const fields: Record<string, string> = {};
    for (const input of body.matchAll(/<input\b[^>]*>/gi)) {
      const name = attribute(input[0], 'name');
      if (name) fields[name] = attribute(input[0], 'value') ?? '';
    }
    forms.push({
      action: attribute(`<form ${attributes}>`, 'action') ?? '',
      method: (attribute(`<form ${attributes}>`, 'method') ?? 'get').toUpperCase(),
      fields,
      html: match[0],
    });
  }
  return forms;
}

/**
 * Drives the consent page like a browser without one: GET the authorization URL, submit the form
 * whose button is `button` ("Approve" or "Deny"), and return the redirect's Location: the callback URL.
 */
export async function followConsent(
  authorizationUrl: URL,
  button: 'Approve' | 'Deny' = 'Approve',
): Promise<string> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const form = parseForms(await page.text()).find((candidate) =>
    candidate.html.includes(`>${button}</button>`),
  );
  if (!form) throw new Error(`no ${button} form on the consent page`);
  const target = new URL(form.action, authorizationUrl);
  const decision = await fetch(target, {
    method: form.method,
    body: new URLSearchParams(form.fields),
    redirect: 'manual',
  });
  const location = decision.headers.get('location');
  if (decision.status !== 302 || !location) throw new Error(`consent decision answered ${decision.status}`);
  return new URL(location, target).href;
}

/** The whole BankID login against the sandbox. */
export async function logIn(client: SpareBank1Client, options: { finInst?: string; pkce?: boolean } = {}) {
  const { url, state, codeVerifier } = client.createAuthorizationUrl(options);
  const callbackUrl = await followConsent(url);
  return client.handleCallback(callbackUrl, { expectedState: state, codeVerifier });
}
