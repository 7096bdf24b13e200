import { randomToken, sha256Base64Url } from './random.js';

/** A PKCE pair (RFC 7636, method S256). */
export interface PkcePair {
  /** Kept by the app until the callback; sent to the token endpoint. Secret. */
  codeVerifier: string;
  /** Sent in the authorization URL. */
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

/** A fresh verifier (43 base64url characters) and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const codeVerifier = randomToken();
  return { codeVerifier, codeChallenge: sha256Base64Url(codeVerifier), codeChallengeMethod: 'S256' };
}
