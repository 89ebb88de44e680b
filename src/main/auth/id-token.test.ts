import { describe, expect, it } from 'vitest';
import { AppFailure } from '../errors';
import { checkIdTokenClaims } from './id-token';

const jwt = (claims: Record<string, unknown>) =>
  `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const now = Date.parse('2026-01-01T00:00:00Z');
const good = { iss: 'https://login.example', aud: 'app', exp: now / 1000 + 300, nonce: 'n-123' };
const expected: { issuer: string; clientId: string; nonce: string | undefined; now: number } = {
  issuer: 'https://login.example',
  clientId: 'app',
  nonce: 'n-123',
  now,
};

describe('ID token claims (when openid is requested)', () => {
  it('accepts the token of this attempt', () => {
    expect(() => checkIdTokenClaims(jwt(good), expected)).not.toThrow();
    expect(() =>
      checkIdTokenClaims(jwt({ ...good, aud: ['other', 'app'] }), expected),
    ).not.toThrow();
  });

  it('refuses another nonce, issuer, audience, an expired token, or garbage', () => {
    for (const claims of [
      { ...good, nonce: 'n-999' },
      { ...good, nonce: undefined },
      { ...good, iss: 'https://evil.example' },
      { ...good, iss: 'https://login.example/' },
      { ...good, iss: 'https://LOGIN.example' },
      { ...good, aud: 'other' },
      { ...good, exp: now / 1000 - 3600 },
    ]) {
      expect(() => checkIdTokenClaims(jwt(claims), expected)).toThrow(/different sign-in/);
    }
    expect(() => checkIdTokenClaims('not-a-jwt', expected)).toThrow();
    expect(() => checkIdTokenClaims('a.!!!.c', expected)).toThrow();
  });
});

describe('ID token claims, one check at a time', () => {
  const refusal = (token: string, exp: typeof expected = expected) => {
    try {
      checkIdTokenClaims(token, exp);
    } catch (e) {
      if (e instanceof AppFailure) return { code: e.code, message: e.message };
      throw e;
    }
    return null;
  };
  const refused = {
    code: 'sign-in-failed',
    message:
      'The sign-in server sent an identity token for a different sign-in, so it was refused. Please try again.',
  };

  it('refuses a token without exp, or with a non-numeric exp', () => {
    expect(refusal(jwt({ ...good, exp: undefined }))).toEqual(refused);
    expect(refusal(jwt({ ...good, exp: String(good.exp) }))).toEqual(refused);
  });

  it('allows one minute of clock skew on exp, and no more', () => {
    expect(refusal(jwt({ ...good, exp: now / 1000 - 59 }))).toBeNull();
    expect(refusal(jwt({ ...good, exp: now / 1000 - 60 }))).toBeNull();
    expect(refusal(jwt({ ...good, exp: now / 1000 - 61 }))).toEqual(refused);
  });

  it('refuses a missing or non-string issuer, an audience list without us, and a token without a payload', () => {
    expect(refusal(jwt({ ...good, iss: undefined }))).toEqual(refused);
    expect(refusal(jwt({ ...good, iss: 42 }))).toEqual(refused);
    expect(refusal(jwt({ ...good, aud: ['other'] }))).toEqual(refused);
    expect(refusal(jwt({ ...good, aud: undefined }))).toEqual(refused);
    expect(refusal('header-only')).toEqual(refused);
    expect(refusal('header..sig')).toEqual(refused);
    expect(refusal(`h.${Buffer.from('not json').toString('base64url')}.s`)).toEqual(refused);
  });

  it('checks the nonce only when the attempt sent one', () => {
    expect(
      refusal(jwt({ ...good, nonce: undefined }), { ...expected, nonce: undefined }),
    ).toBeNull();
    expect(
      refusal(jwt({ ...good, nonce: 'anything' }), { ...expected, nonce: undefined }),
    ).toBeNull();
    expect(refusal(jwt({ ...good, nonce: 123 }))).toEqual(refused);
  });
});
