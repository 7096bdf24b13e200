import { createHash } from 'node:crypto';

/** PKCE transformation methods (RFC 7636). */
export type PkceMethod = 'S256' | 'plain';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The method named in an authorize request; `plain` when absent (RFC 7636 section 4.3). */
export function parsePkceMethod(value: string | undefined): PkceMethod | undefined {
  if (value === undefined || value === 'plain') return 'plain';
  return value === 'S256' ? 'S256' : undefined;
}

/** Whether `verifier` matches the stored challenge. */
export function verifyPkce(verifier: string | undefined, challenge: string, method: PkceMethod): boolean {
  if (verifier === undefined || !VERIFIER.test(verifier)) return false;
  const derived = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return derived === challenge;
}
