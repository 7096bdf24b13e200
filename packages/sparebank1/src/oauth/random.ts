import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: 256 bits, unguessable. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** base64url(SHA-256(text)). */
export function sha256Base64Url(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * Compares two secrets in constant time. Both are first reduced to HMACs under a fresh random key,
 * so the buffers compared always have the same length and neither a length difference nor a
 * common prefix changes how long the comparison takes.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const key = randomBytes(32);
  const digestA = createHmac('sha256', key).update(a, 'utf8').digest();
  const digestB = createHmac('sha256', key).update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}
