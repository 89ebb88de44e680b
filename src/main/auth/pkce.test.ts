import { describe, expect, it } from 'vitest';
import { base64url, constantTimeEqual, createPkcePair, randomToken, s256Challenge } from './pkce';

describe('PKCE (RFC 7636)', () => {
  it('reproduces RFC 7636 Appendix B exactly', () => {
    // The 32 octets of Appendix B encode to its verifier, which hashes to its challenge.
    const octets = [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
      105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    expect(base64url(Buffer.from(octets))).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates S256-only pairs whose verifier is 43–128 unreserved characters and never repeats', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = createPkcePair();
      expect(p.method).toBe('S256');
      expect(p.verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      expect(p.challenge).toBe(s256Challenge(p.verifier));
      expect(p.challenge).not.toBe(p.verifier);
      seen.add(p.verifier);
    }
    expect(seen.size).toBe(200);
  });

  it('makes state/nonce values of at least 128 bits that never repeat', () => {
    const a = randomToken();
    expect(Buffer.from(a, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(new Set(Array.from({ length: 100 }, () => randomToken())).size).toBe(100);
  });

  it('compares in constant time but correctly, including different lengths', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });
});

describe('base64url', () => {
  it('replaces every + and / and strips all padding', () => {
    // 0xfb 0xff 0xbf → "+/+/" in base64; one byte → two padding characters.
    expect(Buffer.from([0xfb, 0xff, 0xbf, 0xfb, 0xff, 0xbf]).toString('base64')).toBe('+/+/+/+/');
    expect(base64url(Buffer.from([0xfb, 0xff, 0xbf, 0xfb, 0xff, 0xbf]))).toBe('-_-_-_-_');
    expect(base64url(Buffer.from([0xff]))).toBe('_w');
    expect(base64url(Buffer.from([0xff, 0xff]))).toBe('__8');
  });

  it('makes 43-character verifiers and 43-character tokens from 32 bytes by default, other sizes on request', () => {
    expect(createPkcePair().verifier).toHaveLength(43);
    expect(randomToken()).toHaveLength(43);
    expect(randomToken(16)).toHaveLength(22);
  });
});
