import { describe, expect, it } from 'vitest';
import { isFailure } from '../errors';
import type { PendingAuthorization } from './authorize-request';
import { buildAuthorization } from './authorize-request';
import { isRedirectTarget, readCallback } from './callback';
import { pendingAuthorization } from './pending-authorization.fixture';
import { s256Challenge } from './pkce';
import { KNOWN_ISSUERS, type ServerMetadata } from './discovery';

const REDIRECT = 'http://127.0.0.1:8111/callback';
const ISSUER = 'https://login.example';
const metadata = (issuer: string): ServerMetadata => ({
  ...KNOWN_ISSUERS[0]!,
  issuer,
  authorizationEndpoint: `${issuer}/connect/authorize`,
  fromDiscovery: true,
});

const pending = (over: Partial<PendingAuthorization> = {}) =>
  pendingAuthorization(ISSUER, REDIRECT, over);
const cb = (q: Record<string, string>) => `${REDIRECT}?${new URLSearchParams(q).toString()}`;
function failure(fn: () => unknown): { code: string; message: string; scopes?: string[] } {
  try {
    fn();
  } catch (e) {
    if (isFailure(e))
      return {
        code: e.code,
        message: e.message,
        ...(e.extra.scopes ? { scopes: e.extra.scopes } : {}),
      };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('authorization request', () => {
  it('asks for code + S256 PKCE with fresh state, exact redirect URI and consent for offline access', () => {
    const config = {
      issuer: ISSUER,
      clientId: 'app',
      redirectUri: REDIRECT,
      scopes: ['read:owneraccounts', 'offline_access'],
      signInMode: 'embedded' as const,
    };
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
    const a = buildAuthorization(
      {
        issuer: ISSUER,
        clientId: 'app',
        redirectUri: REDIRECT,
        scopes: ['openid'],
        signInMode: 'embedded',
      },
      metadata(ISSUER),
    );
    expect(a.nonce).toBeTruthy();
    expect(new URL(a.url).searchParams.get('nonce')).toBe(a.nonce);
  });
});

describe('authorization request, what the attempt remembers', () => {
  const config = {
    issuer: ISSUER,
    clientId: 'app',
    redirectUri: REDIRECT,
    scopes: ['read:owneraccounts'],
    signInMode: 'embedded' as const,
  };

  it('asks for consent only when a refresh token (offline_access) is requested', () => {
    const a = buildAuthorization(config, metadata(ISSUER));
    expect(new URL(a.url).searchParams.has('prompt')).toBe(false);
    expect(a.nonce).toBeUndefined();
  });

  it('keeps what the callback must be checked against, unused, and accepts its own answer once', () => {
    const withIss = {
      ...metadata(ISSUER),
      authorizationEndpoint: `${ISSUER}/authorize?tenant=t1`,
      issParameterSupported: true,
    };
    const a = buildAuthorization(config, withIss);
    expect(a).toMatchObject({
      redirectUri: REDIRECT,
      issuer: ISSUER,
      issRequired: true,
      consumed: false,
    });
    // Parameters already in the endpoint URL are kept (RFC 6749 §3.1).
    expect(new URL(a.url).searchParams.get('tenant')).toBe('t1');
    expect(failure(() => readCallback(cb({ code: 'c', state: a.state }), a)).code).toBe(
      'sign-in-failed',
    );
    const b = buildAuthorization(config, withIss);
    expect(readCallback(cb({ code: 'c', state: b.state, iss: ISSUER }), b)).toEqual({ code: 'c' });
    // A server that does not advertise RFC 9207 (as the pinned Tapkey table says) may omit iss.
    expect(buildAuthorization(config, metadata(ISSUER)).issRequired).toBe(false);
  });
});

describe('callback validation', () => {
  it('returns the code for a matching state and iss', () => {
    expect(readCallback(cb({ code: 'c1', state: 'S'.repeat(43), iss: ISSUER }), pending())).toEqual(
      { code: 'c1' },
    );
  });

  it('refuses a wrong, missing or replayed state before looking at anything else', () => {
    expect(
      failure(() => readCallback(cb({ code: 'c', state: 'T'.repeat(43), iss: ISSUER }), pending()))
        .code,
    ).toBe('state-mismatch');
    expect(failure(() => readCallback(cb({ code: 'c', iss: ISSUER }), pending())).code).toBe(
      'state-mismatch',
    );
    // An error response with a forged state is not ours either: it must not show "access denied".
    expect(
      failure(() => readCallback(cb({ error: 'access_denied', state: 'x' }), pending())).code,
    ).toBe('state-mismatch');
    const p = pending();
    readCallback(cb({ code: 'c', state: p.state, iss: ISSUER }), p);
    expect(
      failure(() => readCallback(cb({ code: 'c', state: p.state, iss: ISSUER }), p)).code,
    ).toBe('state-mismatch');
  });

  it('enforces RFC 9207 iss when advertised and checks it whenever present', () => {
    const s = 'S'.repeat(43);
    expect(
      failure(() =>
        readCallback(cb({ code: 'c', state: s, iss: 'https://evil.example' }), pending()),
      ).message,
    ).toMatch(/unexpected server/);
    expect(failure(() => readCallback(cb({ code: 'c', state: s }), pending())).message).toMatch(
      /unexpected server/,
    );
    expect(readCallback(cb({ code: 'c', state: s }), pending({ issRequired: false }))).toEqual({
      code: 'c',
    });
    expect(
      failure(() =>
        readCallback(
          cb({ code: 'c', state: s, iss: 'https://evil.example' }),
          pending({ issRequired: false }),
        ),
      ).code,
    ).toBe('sign-in-failed');
  });

  it('compares iss exactly with the discovered issuer: no trailing-slash or case forgiveness (RFC 9207 §2.4)', () => {
    for (const iss of [`${ISSUER}/`, ISSUER.toUpperCase(), 'https://LOGIN.example', ` ${ISSUER}`]) {
      const f = failure(() =>
        readCallback(
          cb({ code: 'c', state: 'S'.repeat(43), iss }),
          pending({ issRequired: false }),
        ),
      );
      expect(f.code, iss).toBe('sign-in-failed');
      expect(f.message).toMatch(/unexpected server/);
    }
  });

  it('maps access_denied and other errors, and a missing code, to readable failures', () => {
    const s = 'S'.repeat(43);
    const denied = failure(() =>
      readCallback(cb({ error: 'access_denied', state: s, iss: ISSUER }), pending()),
    );
    expect(denied.code).toBe('access-denied');
    expect(denied.message).toMatch(/Allow/);
    const other = failure(() =>
      readCallback(cb({ error: 'server_error<script>', state: s, iss: ISSUER }), pending()),
    );
    expect(other.message).toContain('server_errorscript');
    expect(failure(() => readCallback(cb({ state: s, iss: ISSUER }), pending())).message).toMatch(
      /no|not return/,
    );
  });

  it('on invalid_scope names the refused scopes and where to allow them, never "try again"', () => {
    const s = 'S'.repeat(43);
    const asked = [
      'read:owneraccounts',
      'read:core:entities',
      'offline_access',
      'read:grants',
      'read:logs',
    ];
    const refused = (description?: string) => {
      const f = failure(() =>
        readCallback(
          cb({
            error: 'invalid_scope',
            ...(description !== undefined ? { error_description: description } : {}),
            state: s,
            iss: ISSUER,
          }),
          pending({ scopes: asked }),
        ),
      );
      expect(f.code).toBe('scope-refused');
      expect(f.message).not.toMatch(/try again/i);
      return f;
    };
    const one = refused('Invalid scope: read:logs <b>not allowed</b>');
    expect(one.message).toBe(
      "Tapkey refused the permission read:logs (invalid_scope). In the Tapkey portal, allow Logs (read-only) in the permissions of this app's OAuth client, then sign in again.",
    );
    expect(one.scopes).toEqual(['read:logs']);
    expect(refused('unknown scopes: read:grants, read:logs').scopes).toEqual([
      'read:grants',
      'read:logs',
    ]);
    // The server's own words never reach the message; without a scope named, every scope asked is a candidate.
    const vague = refused('<script>nope</script>');
    expect(vague.message).not.toContain('script');
    expect(vague.message).toContain('read:grants');
    expect(vague.scopes).toEqual(asked);
  });

  it('recognises the redirect target by origin and path only', () => {
    expect(isRedirectTarget(`${REDIRECT}?code=1`, REDIRECT)).toBe(true);
    expect(isRedirectTarget('http://127.0.0.1:8112/callback', REDIRECT)).toBe(false);
    expect(isRedirectTarget('http://127.0.0.1:8111/callback2', REDIRECT)).toBe(false);
    expect(isRedirectTarget('https://127.0.0.1:8111/callback', REDIRECT)).toBe(false);
    expect(isRedirectTarget('not a url', REDIRECT)).toBe(false);
  });
});

describe('callback validation, case by case', () => {
  const s = 'S'.repeat(43);
  const ours = { state: s, iss: ISSUER };
  const withRepeated = (
    key: string,
    first: string,
    second: string,
    rest: Record<string, string>,
  ) => {
    const u = new URL(cb(rest));
    u.searchParams.append(key, first);
    u.searchParams.append(key, second);
    return u.toString();
  };

  it('refuses a response with any of state, code, iss or error repeated, and consumes the attempt', () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['state', { code: 'c', iss: ISSUER }],
      ['code', { ...ours }],
      ['iss', { code: 'c', state: s }],
      ['error', { code: 'c', ...ours }],
    ];
    for (const [key, rest] of cases) {
      const p = pending();
      const value =
        key === 'state' ? s : key === 'iss' ? ISSUER : key === 'error' ? 'access_denied' : 'c';
      const f = failure(() => readCallback(withRepeated(key, value, value, rest), p));
      expect(f, key).toEqual({
        code: 'sign-in-failed',
        message: 'The sign-in response was malformed, so it was ignored. Please sign in again.',
      });
      expect(p.consumed, key).toBe(true);
    }
    // Parameters RFC 6749 does not name (error_description, session_state) may repeat harmlessly.
    expect(
      readCallback(withRepeated('session_state', 'a', 'b', { code: 'c', ...ours }), pending()),
    ).toEqual({ code: 'c' });
  });

  it('refuses an address other than the redirect URI with its own message, before touching the attempt', () => {
    const p = pending();
    const f = failure(() =>
      readCallback(`http://127.0.0.1:8111/other?${new URLSearchParams({ code: 'c', ...ours })}`, p),
    );
    expect(f).toEqual({
      code: 'sign-in-failed',
      message: 'The sign-in ended at an unexpected address. Please try again.',
    });
    expect(p.consumed).toBe(false);
    expect(readCallback(cb({ code: 'c', ...ours }), p)).toEqual({ code: 'c' });
  });

  it('refuses a foreign or missing state with the state-mismatch message', () => {
    const message =
      'The sign-in response did not belong to this sign-in attempt, so it was ignored. Please sign in again.';
    expect(
      failure(() => readCallback(cb({ code: 'c', state: '', iss: ISSUER }), pending())),
    ).toEqual({ code: 'state-mismatch', message });
    expect(
      failure(() => readCallback(cb({ code: 'c', state: s + 'x', iss: ISSUER }), pending())),
    ).toEqual({ code: 'state-mismatch', message });
  });

  it('compares iss exactly (a trailing slash on either side is another issuer, RFC 9207 §2.4) and names a mix-up', () => {
    expect(readCallback(cb({ code: 'c', state: s, iss: ISSUER }), pending())).toEqual({
      code: 'c',
    });
    const mixUp = {
      code: 'sign-in-failed',
      message:
        'The sign-in response came from an unexpected server, so it was ignored. Please sign in again.',
    };
    expect(
      failure(() => readCallback(cb({ code: 'c', state: s, iss: `${ISSUER}/` }), pending())),
    ).toEqual(mixUp);
    expect(
      failure(() =>
        readCallback(cb({ code: 'c', state: s, iss: ISSUER }), pending({ issuer: `${ISSUER}/` })),
      ),
    ).toEqual(mixUp);
    expect(
      failure(() =>
        readCallback(cb({ code: 'c', state: s, iss: 'https://login.example.evil' }), pending()),
      ),
    ).toEqual({
      code: 'sign-in-failed',
      message:
        'The sign-in response came from an unexpected server, so it was ignored. Please sign in again.',
    });
  });

  it('treats an error parameter as an error even when empty or sent with a code', () => {
    for (const error of ['', 'temporarily_unavailable']) {
      const f = failure(() => readCallback(cb({ code: 'c', error, ...ours }), pending()));
      expect(f.code, error).toBe('sign-in-failed');
      expect(f.message, error).toBe(
        `The sign-in server refused the sign-in (${error}). Please try again.`,
      );
    }
    expect(
      failure(() => readCallback(cb({ code: 'c', error: 'access_denied', ...ours }), pending())),
    ).toEqual({
      code: 'access-denied',
      message:
        'You did not allow the app to access your Tapkey account. Sign in again and choose Allow to continue.',
    });
  });

  it('asks for an interactive sign-in on login_required, consent_required and interaction_required', () => {
    for (const error of ['login_required', 'consent_required', 'interaction_required']) {
      expect(
        failure(() => readCallback(cb({ error, ...ours }), pending())),
        error,
      ).toEqual({
        code: 'sign-in-failed',
        message: 'The sign-in server needs you to sign in interactively. Please try again.',
      });
    }
  });

  it('shows at most 60 safe characters of an unknown error code', () => {
    const f = failure(() =>
      readCallback(cb({ error: `a.b-c_d "<>/${'x'.repeat(100)}`, ...ours }), pending()),
    );
    expect(f.message).toBe(
      `The sign-in server refused the sign-in (a.b-c_d${'x'.repeat(53)}). Please try again.`,
    );
  });

  it('refuses an empty code with its own message', () => {
    const message = 'The sign-in server did not return an authorization code. Please try again.';
    expect(failure(() => readCallback(cb({ code: '', ...ours }), pending()))).toEqual({
      code: 'sign-in-failed',
      message,
    });
    expect(failure(() => readCallback(cb({ ...ours }), pending()))).toEqual({
      code: 'sign-in-failed',
      message,
    });
  });

  it('recognises the redirect target whatever the query or fragment, and never for an unreadable redirect URI', () => {
    expect(isRedirectTarget(`${REDIRECT}#frag`, REDIRECT)).toBe(true);
    expect(isRedirectTarget(REDIRECT, 'not a url')).toBe(false);
    expect(isRedirectTarget('http://localhost:8111/callback', REDIRECT)).toBe(false);
  });
});
