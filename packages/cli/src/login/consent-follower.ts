import { CliError } from '../errors/cli-errors.js';

/** A form on a consent page, as a browser would submit it. */
interface ParsedForm {
  action: string;
  method: string;
  fields: Array<[string, string]>;
  /** Submit buttons: label (button text or value) with the name/value they add when pressed. */
  buttons: Array<{ label: string; name?: string | undefined; value: string }>;
}

const MAX_REDIRECTS = 10;

/**
 * Approves a sandbox consent page over plain HTTP, as a browser would: loads the authorization URL,
 * submits the form whose button reads "Approve" (hidden fields and cookies included) and follows
 * the redirects until they leave the sandbox for the redirect URI, which is then loaded too, so the
 * CLI's own callback server receives the code exactly as it would from a browser.
 *
 * Only for the sandbox: the real bank's consent page is a BankID login that only a person completes.
 */
export async function approveConsentOverHttp(
  authorizationUrl: string | URL,
  options: { signal?: AbortSignal | undefined; fetch?: typeof fetch } = {},
): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const cookies = new Map<string, string>();
  const request = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (cookies.size > 0 && sameOrigin(url, authorizationUrl)) {
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await doFetch(url, {
      ...init,
      headers,
      redirect: 'manual',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const separator = pair.indexOf('=');
      if (separator > 0) cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
    return response;
  };

  let url = new URL(authorizationUrl);
  let response = await followRedirects(request, url, await request(url));
  url = new URL(response.url || url);
  const page = await response.text();
  const form = findApproveForm(page);
  if (!form) {
    throw new CliError('The sandbox consent page has no "Approve" form; the sandbox and CLI disagree.', {
      hint: 'rebuild with `pnpm build` so both come from the same checkout',
    });
  }
  const action = new URL(form.form.action || url.toString(), url);
  const body = new URLSearchParams(form.form.fields);
  if (form.button.name) body.append(form.button.name, form.button.value);
  const method = form.form.method.toUpperCase() === 'GET' ? 'GET' : 'POST';
  if (method === 'GET') {
    for (const [name, value] of body) action.searchParams.append(name, value);
    response = await request(action);
  } else {
    response = await request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }
  response = await followRedirects(request, action, response);
  await response.body?.cancel();
  if (!response.ok) {
    throw new CliError(`The login callback answered with HTTP ${response.status}.`);
  }
}

async function followRedirects(
  request: (url: URL, init?: RequestInit) => Promise<Response>,
  from: URL,
  first: Response,
): Promise<Response> {
  let response = first;
  let current = from;
  for (let hops = 0; isRedirect(response.status); hops += 1) {
    if (hops >= MAX_REDIRECTS) throw new CliError('Too many redirects during the sandbox login.');
    const location = response.headers.get('location');
    await response.body?.cancel();
    if (!location) throw new CliError('The sandbox redirected without a Location header.');
    current = new URL(location, current);
    response = await request(current);
  }
  return response;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function sameOrigin(url: URL, other: string | URL): boolean {
  return url.origin === new URL(other).origin;
}

/** The form with an "Approve" submit button, and that button. */
function findApproveForm(
  html: string,
): { form: ParsedForm; button: ParsedForm['buttons'][number] } | undefined {
  for (const form of parseForms(html)) {
    const button = form.buttons.find((candidate) => /approve|godkjenn|allow|accept/i.test(candidate.label));
    if (button) return { form, button };
  }
  return undefined;
}

/** A small form reader for the sandbox's own plain-HTML consent page (not a general HTML parser). */
function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = parseAttributes(match[1] ?? '');
    const inner = match[2] ?? '';
    const form: ParsedForm = {
      action: decodeEntities(attributes.get('action') ?? ''),
      method: attributes.get('method') ?? 'GET',
      fields: [],
      buttons: [],
    };
    for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const inputAttributes = parseAttributes(input[1] ?? '');
      const type = (inputAttributes.get('type') ?? 'text').toLowerCase();
      const name = inputAttributes.get('name');
      const value = decodeEntities(inputAttributes.get('value') ?? '');
      if (type === 'submit') {
        form.buttons.push({ label: value, name, value });
      } else if (name && type !== 'checkbox' && type !== 'radio') {
        form.fields.push([name, value]);
      } else if (name && inputAttributes.has('checked')) {
        form.fields.push([name, value || 'on']);
      }
    }
    for (const button of inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
      const buttonAttributes = parseAttributes(button[1] ?? '');
      const type = (buttonAttributes.get('type') ?? 'submit').toLowerCase();
      if (type !== 'submit') continue;
      const label = decodeEntities((button[2] ?? '').replace(/<[^>]*>/g, '')).trim();
      form.buttons.push({
        label: label || (buttonAttributes.get('value') ?? ''),
        name: buttonAttributes.get('name'),
        value: decodeEntities(buttonAttributes.get('value') ?? ''),
      });
    }
    forms.push(form);
  }
  return forms;
}

function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = (match[1] ?? '').toLowerCase();
    attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
