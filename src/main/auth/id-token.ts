import { AppFailure } from '../errors';
import { constantTimeEqual } from './pkce';

/**
 * Checks the claims of an ID token received directly from the token endpoint over TLS, where OIDC Core
 * §3.1.3.7 allows skipping the signature check: issuer, audience, expiry and the attempt's nonce.
 */
export function checkIdTokenClaims(
  idToken: string,
  expected: { issuer: string; clientId: string; nonce: string | undefined; now: number },
): void {
  const bad = () =>
    new AppFailure(
      'sign-in-failed',
      'The sign-in server sent an identity token for a different sign-in, so it was refused. Please try again.',
    );
  const payload = idToken.split('.')[1];
  // Stryker disable next-line ConditionalExpression: a missing or empty payload fails the JSON parse below just the same; this states it
  if (!payload) throw bad();
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    throw bad();
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  // OIDC Core §3.1.3.7: `iss` must exactly match the discovered issuer.
  if (claims.iss !== expected.issuer) throw bad();
  if (!aud.includes(expected.clientId)) throw bad();
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < expected.now - 60_000) throw bad();
  if (
    expected.nonce !== undefined &&
    (typeof claims.nonce !== 'string' || !constantTimeEqual(claims.nonce, expected.nonce))
  )
    throw bad();
}
