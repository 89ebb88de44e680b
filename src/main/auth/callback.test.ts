import { describe, expect, it } from 'vitest';
import { isFailure } from '../errors';
import type { PendingAuthorization } from './authorize-request';
import { buildAuthorization } from './authorize-request';
import { isRedirectTarget, readCallback } from './callback';
import { s256Challenge } from './pkce';
import { KNOWN_ISSUERS, type ServerMetadata } from './discovery';

const REDIRECT = 'http://127.0.0.1:8111/callback';
const ISSUER = 'https://login.example';
const metadata = (issuer: string): ServerMetadata => ({ ...KNOWN_ISSUERS[0]!, issuer, authorizationEndpoint: `${issuer}/connect/authorize`, fromDiscovery: true });

function pending(over: Partial<PendingAuthorization> = {}): PendingAuthorization {
  return { url: '', state: 'S'.repeat(43), verifier: 'v', nonce: undefined, redirectUri: REDIRECT, issuer: ISSUER, issRequired: true, consumed: false, ...over };
}
const cb = (q: Record<string, string>) => `${REDIRECT}?${new URLSearchParams(q).toString()}`;
function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isFailure(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('authorization request', () => {
  it('asks for code + S256 PKCE with fresh state, exact redirect URI and consent for offline access', () => {
    const config = { issuer: ISSUER, clientId: 'app', redirectUri: REDIRECT, scopes: ['read:owneraccounts', 'offline_access'], signInMode: 'embedded' as const };
    const a = buildAuthorization(config, metadata(ISSUER));
    const b = buildAuthorization(config, metadata(ISSUER));
    const q = new URL(a.url).searchParams;
    expect(a.url.startsWith(`${ISSUER}/connect/authorize?`)).toBe(true);
    expect(Object.fromEntries(q)).toMatchObject({
      response_type: 'code',
      client_id: 'app',
      redirect_uri: REDIRECT,
      scope: 'read:owneraccounts offline_access',
      code_challenge_method: 'S256',
      state: a.state,
      prompt: 'consent',
    });
    expect(q.get('code_challenge')).toBe(s256Challenge(a.verifier));
    expect(a.url).not.toContain(a.verifier);
    expect(q.has('nonce')).toBe(false);
    expect(a.state).not.toBe(b.state);
    expect(a.verifier).not.toBe(b.verifier);
  });

  it('adds a nonce only when openid is requested', () => {
    const a = buildAuthorization({ issuer: ISSUER, clientId: 'app', redirectUri: REDIRECT, scopes: ['openid'], signInMode: 'embedded' }, metadata(ISSUER));
    expect(a.nonce).toBeTruthy();
    expect(new URL(a.url).searchParams.get('nonce')).toBe(a.nonce);
  });
});

describe('callback validation', () => {
  it('returns the code for a matching state and iss', () => {
    expect(readCallback(cb({ code: 'c1', state: 'S'.repeat(43), iss: ISSUER }), pending())).toEqual({ code: 'c1' });
  });

  it('refuses a wrong, missing or replayed state before looking at anything else', () => {
    expect(failure(() => readCallback(cb({ code: 'c', state: 'T'.repeat(43), iss: ISSUER }), pending())).code).toBe('state-mismatch');
    expect(failure(() => readCallback(cb({ code: 'c', iss: ISSUER }), pending())).code).toBe('state-mismatch');
    // An error response with a forged state is not ours either: it must not show "access denied".
    expect(failure(() => readCallback(cb({ error: 'access_denied', state: 'x' }), pending())).code).toBe('state-mismatch');
    const p = pending();
    readCallback(cb({ code: 'c', state: p.state, iss: ISSUER }), p);
    expect(failure(() => readCallback(cb({ code: 'c', state: p.state, iss: ISSUER }), p)).code).toBe('state-mismatch');
  });

  it('enforces RFC 9207 iss when advertised and checks it whenever present', () => {
    const s = 'S'.repeat(43);
    expect(failure(() => readCallback(cb({ code: 'c', state: s, iss: 'https://evil.example' }), pending())).message).toMatch(/unexpected server/);
    expect(failure(() => readCallback(cb({ code: 'c', state: s }), pending())).message).toMatch(/unexpected server/);
    expect(readCallback(cb({ code: 'c', state: s }), pending({ issRequired: false }))).toEqual({ code: 'c' });
    expect(failure(() => readCallback(cb({ code: 'c', state: s, iss: 'https://evil.example' }), pending({ issRequired: false }))).code).toBe('sign-in-failed');
  });

  it('compares iss exactly with the discovered issuer: no trailing-slash or case forgiveness (RFC 9207 §2.4)', () => {
    for (const iss of [`${ISSUER}/`, ISSUER.toUpperCase(), 'https://LOGIN.example', ` ${ISSUER}`]) {
      const f = failure(() => readCallback(cb({ code: 'c', state: 'S'.repeat(43), iss }), pending({ issRequired: false })));
      expect(f.code, iss).toBe('sign-in-failed');
      expect(f.message).toMatch(/unexpected server/);
    }
  });

  it('maps access_denied and other errors, and a missing code, to readable failures', () => {
    const s = 'S'.repeat(43);
    const denied = failure(() => readCallback(cb({ error: 'access_denied', state: s, iss: ISSUER }), pending()));
    expect(denied.code).toBe('access-denied');
    expect(denied.message).toMatch(/Allow/);
    const other = failure(() => readCallback(cb({ error: 'server_error<script>', state: s, iss: ISSUER }), pending()));
    expect(other.message).toContain('server_errorscript');
    expect(failure(() => readCallback(cb({ state: s, iss: ISSUER }), pending())).message).toMatch(/no|not return/);
  });

  it('recognises the redirect target by origin and path only', () => {
    expect(isRedirectTarget(`${REDIRECT}?code=1`, REDIRECT)).toBe(true);
    expect(isRedirectTarget('http://127.0.0.1:8112/callback', REDIRECT)).toBe(false);
    expect(isRedirectTarget('http://127.0.0.1:8111/callback2', REDIRECT)).toBe(false);
    expect(isRedirectTarget('https://127.0.0.1:8111/callback', REDIRECT)).toBe(false);
    expect(isRedirectTarget('not a url', REDIRECT)).toBe(false);
  });
});
