import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A PKCE verifier and its S256 challenge (RFC 7636 §4.1–4.2). */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** Base64url without padding (RFC 7636 Appendix A). */
export function base64url(bytes: Buffer): string {
  const urlSafe = bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  // Stryker disable next-line Regex: base64 has '=' only as trailing padding, so dropping the `$` anchor changes nothing
  return urlSafe.replace(/=+$/, '');
}

/** The S256 challenge for a verifier: BASE64URL(SHA256(ASCII(verifier))). */
export function s256Challenge(verifier: string): string {
  const hash = createHash('sha256');
  // Stryker disable next-line StringLiteral: verifiers are unreserved ASCII (RFC 7636 §4.1), which Node's default UTF-8 encodes to the same bytes
  hash.update(verifier, 'ascii');
  return base64url(hash.digest());
}

/**
 * A fresh verifier from the OS CSPRNG: 32 random bytes → 43 base64url characters, 256 bits of entropy
 * (RFC 7636 §7.1 recommends exactly this). Plain is never offered: S256 only.
 */
export function createPkcePair(): PkcePair {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: s256Challenge(verifier), method: 'S256' };
}

/** An unguessable one-time value (state, nonce): 32 CSPRNG bytes, 256 bits, well above RFC 9700's 128. */
export function randomToken(bytes = 32): string {
  return base64url(randomBytes(bytes));
}

/** Compares two strings in time independent of where they differ, so `state` cannot be probed byte by byte. */
export function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives equal-length inputs, so the length of the expected value does not leak either.
  // Strings hash as UTF-8, Node's default.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  // Stryker disable next-line ConditionalExpression: equal SHA-256 digests already mean equal strings; the length check is a second guard
  const sameLength = a.length === b.length;
  return timingSafeEqual(ha, hb) && sameLength;
}
