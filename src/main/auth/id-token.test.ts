import { describe, expect, it } from 'vitest';
import { checkIdTokenClaims } from './id-token';

const jwt = (claims: Record<string, unknown>) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const now = Date.parse('2026-01-01T00:00:00Z');
const good = { iss: 'https://login.example', aud: 'app', exp: now / 1000 + 300, nonce: 'n-123' };
const expected = { issuer: 'https://login.example', clientId: 'app', nonce: 'n-123', now };

describe('ID token claims (when openid is requested)', () => {
  it('accepts the token of this attempt', () => {
    expect(() => checkIdTokenClaims(jwt(good), expected)).not.toThrow();
    expect(() => checkIdTokenClaims(jwt({ ...good, aud: ['other', 'app'] }), expected)).not.toThrow();
  });

  it('refuses another nonce, issuer, audience, an expired token, or garbage', () => {
    for (const claims of [{ ...good, nonce: 'n-999' }, { ...good, nonce: undefined }, { ...good, iss: 'https://evil.example' }, { ...good, iss: 'https://login.example/' }, { ...good, iss: 'https://LOGIN.example' }, { ...good, aud: 'other' }, { ...good, exp: now / 1000 - 3600 }]) {
      expect(() => checkIdTokenClaims(jwt(claims), expected)).toThrow(/different sign-in/);
    }
    expect(() => checkIdTokenClaims('not-a-jwt', expected)).toThrow();
    expect(() => checkIdTokenClaims('a.!!!.c', expected)).toThrow();
  });
});
