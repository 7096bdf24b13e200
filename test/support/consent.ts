/**
 * The SpareBank 1 sandbox's consent page driven over plain HTTP, as a browser would: load the
 * authorization URL, submit the "approve" form with its hidden fields, and read the redirect.
 */

interface DecisionForm {
  action: string;
  fields: URLSearchParams;
}

const FORM = /<form\b([^>]*)>([\s\S]*?)<\/form>/gi;
const INPUT = /<input\b[^>]*>/gi;

function attribute(tag: string, name: string): string | undefined {
  const value = new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)?.[1];
  return value
    ?.replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

function approveForm(html: string): DecisionForm {
  for (const [, attributes = '', body = ''] of html.matchAll(FORM)) {
    const fields = new URLSearchParams();
    for (const [input] of body.matchAll(INPUT)) {
      const name = attribute(input, 'name');
      if (name !== undefined) fields.append(name, attribute(input, 'value') ?? '');
    }
    if (fields.get('decision') === 'approve') {
      return { action: attribute(`<form ${attributes}>`, 'action') ?? '', fields };
    }
  }
  throw new Error('the consent page has no approve form');
}

/** Approves the login on the consent page and returns the callback URL the bank redirects to. */
export async function approveConsent(authorizationUrl: URL): Promise<URL> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`the consent page answered ${page.status}`);
  const form = approveForm(await page.text());
  const target = new URL(form.action, authorizationUrl);
  const decision = await fetch(target, { method: 'POST', body: form.fields, redirect: 'manual' });
  const location = decision.headers.get('location');
  if (decision.status !== 302 || location === null) {
    throw new Error(`the consent decision answered ${decision.status}`);
  }
  return new URL(location, target);
}
