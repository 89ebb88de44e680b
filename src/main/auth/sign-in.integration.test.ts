// The complete sign-in against the real sandbox, with a real Chromium as the embedded window (same
// interception rule as Electron's) and the real keychain (gnome-keyring under `npm test`).
import { describe, expect, it } from 'vitest';
import type { RealCore, RealCoreOptions } from '../../../test/support/real-core';
import { useRealCores } from '../../../test/support/use-real-cores';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { refreshTokens } from '../../../sandbox/http-sign-in';
import type { AuthState } from '../../shared/model';
import {
  parseStoredSession,
  serializeSession,
  SESSION_ACCOUNT,
  type StoredSession,
} from './stored-session';
import { RENEWAL_INTERRUPTED, SESSION_EXPIRED, signedOutNotRevoked } from '../messages';
import { failureOf } from '../failure-of.fixture';

const { sandbox, start, closeCores } = useRealCores();

async function stored(rc: RealCore): Promise<StoredSession | null> {
  const text = await rc.keychain.get(SESSION_ACCOUNT);
  return text === null ? null : parseStoredSession(text);
}

/** The secrets of a session that must never show up in logs or in anything the renderer receives. */
function expectNoLeak(rc: RealCore, secrets: Array<string | null | undefined>): void {
  const seen = rc.log.text() + JSON.stringify(rc.states);
  for (const s of secrets) if (s) expect(seen).not.toContain(s);
}

async function apiOwners(token: string): Promise<Response> {
  return fetch(`${sandbox.apiBaseUrl}Owners`, { headers: { authorization: `Bearer ${token}` } });
}

describe('sign-in in the embedded window', () => {
  it('signs in, stores the session (bound to its servers) in the keychain, and leaks no secret', async () => {
    const rc = await start();
    const codeRequests = sandbox.stats.tokenRequests('authorization_code');
    const state = await rc.signIn('alice');
    expect(state).toEqual({ status: 'signed-in', remembered: true });
    expect(rc.states.map((s) => s.status)).toEqual(['authorizing', 'exchanging', 'signed-in']);
    expect(sandbox.stats.tokenRequests('authorization_code')).toBe(codeRequests + 1);

    // The redirect was cancelled in the browser, captured once, and carried the RFC 9207 iss.
    expect(rc.embedded.interceptedCallbacks).toHaveLength(1);
    const callback = new URL(rc.embedded.interceptedCallbacks[0]!);
    expect(callback.searchParams.get('iss')).toBe(sandbox.issuer);
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();

    const saved = await stored(rc);
    expect(saved).toMatchObject({
      v: 2,
      issuer: sandbox.issuer,
      clientId: sandbox.clientId,
      apiBaseUrl: sandbox.apiBaseUrl,
    });
    expect(saved!.scope.split(' ').sort()).toEqual([
      'offline_access',
      'read:core:entities',
      'read:owneraccounts',
    ]);
    expect(await sandbox.isRefreshTokenActive(saved!.refreshToken)).toBe(true);

    const token = await rc.core.session.getAccessToken();
    // The access token is shared through the keychain (other processes use it without a token request).
    expect(saved!.accessToken).toBe(token);
    expect(saved!.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 3_000_000);
    const res = await apiOwners(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(sandbox.data.ownerAccounts('alice'));
    expectNoLeak(rc, [token, saved!.refreshToken, code]);
    expect(rc.log.text()).toContain('signed in');
  });

  it('resumes from the keychain in a new run without any token request while the stored access token is valid', async () => {
    const first = await start();
    await first.signIn('bob');
    const before = (await stored(first))!;
    await first.core.dispose();

    const tokenRequests = sandbox.stats.tokenRequests();
    const second = await start({
      keychainService: first.keychainService,
      profileDir: first.profileDir,
    });
    await second.core.start();
    expect(second.core.session.state).toEqual({ status: 'signed-in', remembered: true });
    expect(second.states.map((s) => s.status)).toEqual(['signed-in']);
    const token = await second.core.session.getAccessToken();
    expect(token).toBe(before.accessToken);
    expect((await apiOwners(token)).status).toBe(200);
    expect(sandbox.stats.tokenRequests()).toBe(tokenRequests);
    expectNoLeak(second, [token, before.refreshToken]);
  });

  it('resumes with one refresh when the stored access token expired, rotating the refresh token and storing the new one first', async () => {
    const first = await start();
    await first.signIn('bob');
    const before = (await stored(first))!;
    await first.core.dispose();
    await first.keychain.set(
      SESSION_ACCOUNT,
      serializeSession({ ...before, accessTokenExpiresAt: Date.now() - 1_000 }),
    );

    const refreshes = sandbox.stats.tokenRequests('refresh_token');
    const second = await start({
      keychainService: first.keychainService,
      profileDir: first.profileDir,
    });
    await second.core.start();
    expect(second.core.session.state).toEqual({ status: 'signed-in', remembered: true });
    expect(second.states.map((s) => s.status)).toEqual(['signed-in', 'refreshing', 'signed-in']);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(refreshes + 1);

    const after = (await stored(second))!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(await sandbox.isRefreshTokenActive(before.refreshToken)).toBe(false);
    expect(await sandbox.isRefreshTokenActive(after.refreshToken)).toBe(true);
    const token = await second.core.session.getAccessToken();
    expect(after.accessToken).toBe(token);
    expect((await apiOwners(token)).status).toBe(200);
    expectNoLeak(second, [token, before.refreshToken, after.refreshToken]);
  });

  it('refreshes exactly once for many concurrent callers with an expired token, and once per 401', async () => {
    // Access tokens live 1 s: once that second has passed, every caller needs a new one.
    const short = await startSandbox({ quiet: true, accessTokenTtlSeconds: 1 });
    try {
      const rc = await start({ sandbox: short });
      await rc.signIn('alice');
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const refreshes = short.stats.tokenRequests('refresh_token');
      const tokens = await Promise.all(
        Array.from({ length: 25 }, () => rc.core.session.getAccessToken()),
      );
      expect(short.stats.tokenRequests('refresh_token')).toBe(refreshes + 1);
      expect(new Set(tokens).size).toBe(1);

      // 25 API calls rejected with the same token: one refresh, and every caller gets the new token.
      const rejected = tokens[0]!;
      const renewed = await Promise.all(
        Array.from({ length: 25 }, () => rc.core.session.refreshAfterUnauthorized(rejected)),
      );
      expect(short.stats.tokenRequests('refresh_token')).toBe(refreshes + 2);
      expect(new Set(renewed).size).toBe(1);
      expect(renewed[0]).not.toBe(rejected);
      // A caller that still holds the old token after the refresh gets the new one without another request.
      expect(await rc.core.session.refreshAfterUnauthorized(rejected)).toBe(renewed[0]);
      expect(short.stats.tokenRequests('refresh_token')).toBe(refreshes + 2);
      // Reuse detection at the sandbox would have revoked the grant if two refreshes had raced.
      expect(await short.isRefreshTokenActive((await stored(rc))!.refreshToken)).toBe(true);
    } finally {
      await closeCores();
      await short.close();
    }
  });

  it('signs out: revokes at the server, removes the keychain entry, cancels the session and forgets the tokens', async () => {
    const rc = await start();
    await rc.signIn('alice');
    const rt = (await stored(rc))!.refreshToken;
    const signal = rc.core.session.sessionSignal;
    let signedOutEvents = 0;
    rc.core.session.onSignedOut(() => signedOutEvents++);
    const revocations = sandbox.stats.revocations();

    expect(await rc.core.handlers['auth:sign-out']()).toEqual({ status: 'signed-out' });
    expect(sandbox.stats.revocations()).toBe(revocations + 1);
    expect(await sandbox.isRefreshTokenActive(rt)).toBe(false);
    expect(await rc.keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect(signal.aborted).toBe(true);
    expect(signedOutEvents).toBe(1);
    expect((await failureOf(rc.core.session.getAccessToken())).code).toBe('not-signed-in');
  });

  it('still signs out completely when revocation fails', async () => {
    const rc = await start();
    await rc.signIn('alice');
    sandbox.faults.add({ target: 'revocation', kind: 'status', status: 500 });
    expect(await rc.core.handlers['auth:sign-out']()).toEqual({
      status: 'signed-out',
      reason: signedOutNotRevoked('unreachable', new URL(sandbox.issuer).host),
    });
    expect(await rc.keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect(rc.log.text()).toContain('revocation refused');
  });

  it('keeps the stored refresh token when the server answers that it issued nothing (5xx), and recovers', async () => {
    const rc = await start();
    await rc.signIn('alice');
    const rt = (await stored(rc))!.refreshToken;
    const token = await rc.core.session.getAccessToken();
    for (const rule of [
      { target: 'token', kind: 'status', status: 500 },
      { target: 'token', kind: 'status', status: 503, retryAfterSeconds: 7 },
    ] as const) {
      const remove = sandbox.faults.add({ ...rule, times: 1 });
      const f = await failureOf(rc.core.session.refreshAfterUnauthorized(token));
      remove();
      expect(f.code).toBe('server');
      expect(f.message).toMatch(new RegExp(new URL(sandbox.issuer).host.replace(/\./g, '\\.')));
      expect(rc.core.session.state).toEqual({ status: 'signed-in', remembered: true });
      expect((await stored(rc))!.refreshToken).toBe(rt);
    }
    const renewed = await rc.core.session.refreshAfterUnauthorized(token);
    expect((await apiOwners(renewed)).status).toBe(200);
  });

  it('an answer lost after sending (dropped, unreadable) may hide a rotation: the sign-in ends saying so, the token is kept but never sent again', async () => {
    for (const rule of [
      { target: 'token', kind: 'drop' },
      { target: 'token', kind: 'malformed-json' },
    ] as const) {
      const rc = await start();
      await rc.signIn('alice');
      const rt = (await stored(rc))!.refreshToken;
      const token = await rc.core.session.getAccessToken();
      sandbox.stats.reset();
      sandbox.faults.add({ ...rule, times: 1 });
      const f = await failureOf(rc.core.session.refreshAfterUnauthorized(token));
      expect(f).toMatchObject({ code: 'session-expired', message: RENEWAL_INTERRUPTED });
      expect(rc.core.session.state).toEqual({ status: 'expired', reason: RENEWAL_INTERRUPTED });
      // Nothing discarded, nothing sent twice: the entry stays, and a restart says the same without a request.
      expect((await stored(rc))!.refreshToken).toBe(rt);
      const again = await start({
        keychainService: rc.keychainService,
        profileDir: rc.profileDir,
      });
      await again.core.start();
      expect(again.core.session.state).toEqual({ status: 'expired', reason: RENEWAL_INTERRUPTED });
      expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
      // Signing in again is the way out.
      expect(await again.signIn('alice')).toMatchObject({ status: 'signed-in' });
    }
  });

  it('signs out with "please sign in again" when the refresh token is dead (invalid_grant), clearing the keychain', async () => {
    const rc = await start();
    await rc.signIn('alice');
    const rt = (await stored(rc))!.refreshToken;
    // Someone else redeems the refresh token: ours is now rotated away (and the grant revoked as reuse).
    expect((await refreshTokens(sandbox.issuer, sandbox.clientId, rt)).status).toBe(200);
    const token = await rc.core.session.getAccessToken();
    const f = await failureOf(rc.core.session.refreshAfterUnauthorized(token));
    expect(f.code).toBe('session-expired');
    expect(rc.core.session.state).toEqual({ status: 'expired', reason: SESSION_EXPIRED });
    expect(await rc.keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect((await failureOf(rc.core.session.getAccessToken())).code).toBe('session-expired');
  });

  it('sends a fresh nonce when openid is requested, and signs in with the ID token the sandbox then issues', async () => {
    let nonce: string | null = null;
    const rc = await start({
      scopes: ['openid', 'read:owneraccounts', 'read:core:entities', 'offline_access'],
      wrapUserAgent: (agent) => ({
        ...agent,
        authorize: (req) => {
          nonce = new URL(req.url).searchParams.get('nonce');
          return agent.authorize(req);
        },
      }),
    });
    expect(await rc.signIn('alice')).toEqual({ status: 'signed-in', remembered: true });
    // The authorize request carried a fresh nonce (the sandbox put it in the ID token, which was checked).
    expect(nonce ?? '').toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses to sign in when the discovery of an issuer without pinned endpoints fails: no guessed endpoints', async () => {
    const rc = await start();
    sandbox.faults.add({ target: 'discovery', kind: 'status', status: 500 });
    const tokenRequests = sandbox.stats.tokenRequests();
    const f = await failureOf(rc.core.handlers['auth:sign-in']());
    expect(f.code).toBe('discovery-failed');
    expect(f.message).toContain(sandbox.issuer);
    expect(rc.states.map((s) => s.status)).toEqual(['authorizing', 'error']);
    expect(sandbox.stats.tokenRequests()).toBe(tokenRequests);
    expect(rc.log.text()).toContain('discovery unreachable');
  });

  it('stays signed out when the user signs out while a refresh is in flight', async () => {
    const rc = await start();
    await rc.signIn('alice');
    const token = await rc.core.session.getAccessToken();
    sandbox.faults.add({ target: 'token', kind: 'latency', delayMs: 500, times: 1 });
    const refreshing = failureOf(rc.core.session.refreshAfterUnauthorized(token));
    await rc.waitForState((st) => st.status === 'refreshing');
    await rc.core.handlers['auth:sign-out']();
    expect(['not-signed-in', 'cancelled']).toContain((await refreshing).code);
    expect(rc.core.session.state).toEqual({ status: 'signed-out' });
    expect(await rc.keychain.get(SESSION_ACCOUNT)).toBeNull();
  });

  it('treats closing the window as a cancelled sign-in, not an error', async () => {
    const rc = await start();
    const result = rc.core.handlers['auth:sign-in']();
    const page = await rc.waitForAuthPage();
    await page.getByLabel('Username').waitFor();
    await page.close();
    expect(await result).toEqual({ status: 'signed-out' });
    expect(rc.states.map((s) => s.status)).toEqual(['authorizing', 'signed-out']);
    expect(await rc.keychain.get(SESSION_ACCOUNT)).toBeNull();
  });

  it('cancels from the app (auth:cancel-sign-in) and ends a stalled attempt at its time limit', async () => {
    const rc = await start({ signInTimeoutMs: 1_500 });
    const result = rc.core.handlers['auth:sign-in']();
    await (await rc.waitForAuthPage()).getByLabel('Username').waitFor();
    expect(await rc.core.handlers['auth:cancel-sign-in']()).toEqual({ status: 'signed-out' });
    expect(await result).toEqual({ status: 'signed-out' });

    const stalled = rc.core.handlers['auth:sign-in']();
    const f = await failureOf(stalled);
    expect(f.code).toBe('sign-in-timeout');
    expect(rc.core.session.state).toEqual({
      status: 'error',
      code: 'sign-in-timeout',
      message: f.message,
    });
  });

  it('ends the attempt when the sign-in page navigates to a foreign origin', async () => {
    const rc = await start();
    const result = rc.core.handlers['auth:sign-in']();
    const page = await rc.waitForAuthPage();
    await page.getByLabel('Username').waitFor();
    // As a compromised or misconfigured sign-in page would (the sandbox's own pages run no scripts).
    await page.evaluate("window.location.href = 'https://evil.example/phish'");
    const f = await failureOf(result);
    expect(f.code).toBe('sign-in-failed');
    expect(f.message).toContain('evil.example');
    expect(rc.embedded.blocked).toEqual(['https://evil.example']);
    expect(rc.core.session.state).toMatchObject({ status: 'error', code: 'sign-in-failed' });
  });

  it('reports Deny on the consent page as access denied', async () => {
    const rc = await start();
    const f = await failureOf(rc.signIn('bob', { consent: 'deny' }));
    expect(f.code).toBe('access-denied');
    expect(f.message).toMatch(/Allow/);
    expect(rc.core.session.state).toMatchObject({ status: 'error', code: 'access-denied' });
    expect(await rc.keychain.get(SESSION_ACCOUNT)).toBeNull();
  });
});

describe('tampered authorization responses', () => {
  /** A user agent wrapper standing in for an attacker who controls what reaches the redirect URI. */
  function tamper(rewrite: (callback: URL) => string): RealCoreOptions['wrapUserAgent'] {
    return (agent) => ({
      ...agent,
      authorize: async (req) => rewrite(new URL(await agent.authorize(req))),
    });
  }
  const cases: Array<[string, (u: URL) => string, string, RegExp]> = [
    [
      'a wrong state',
      (u) => (u.searchParams.set('state', 'forged-state-value-000000000000'), u.href),
      'state-mismatch',
      /did not belong/,
    ],
    [
      'a missing state',
      (u) => (u.searchParams.delete('state'), u.href),
      'state-mismatch',
      /did not belong/,
    ],
    [
      'a wrong iss (mix-up)',
      (u) => (u.searchParams.set('iss', 'https://evil.example'), u.href),
      'sign-in-failed',
      /unexpected server/,
    ],
    [
      'a missing iss although RFC 9207 is advertised',
      (u) => (u.searchParams.delete('iss'), u.href),
      'sign-in-failed',
      /unexpected server/,
    ],
    [
      'a missing code',
      (u) => (u.searchParams.delete('code'), u.href),
      'sign-in-failed',
      /authorization code/,
    ],
  ];
  for (const [name, rewrite, code, message] of cases) {
    it(`refuses ${name} without exchanging anything`, async () => {
      const rc = await start({ wrapUserAgent: tamper(rewrite) });
      const exchanges = sandbox.stats.tokenRequests('authorization_code');
      const f = await failureOf(rc.signIn('alice'));
      expect(f.code).toBe(code);
      expect(f.message).toMatch(message);
      expect(sandbox.stats.tokenRequests('authorization_code')).toBe(exchanges);
      expect(rc.core.session.state).toEqual({
        status: 'error',
        code,
        message: f.message,
      } satisfies AuthState);
      expect(await rc.keychain.get(SESSION_ACCOUNT)).toBeNull();
      const callbackCode = new URL(rc.embedded.interceptedCallbacks[0]!).searchParams.get('code');
      expectNoLeak(rc, [callbackCode]);
    });
  }

  it('refuses a replayed response from an earlier attempt', async () => {
    let previous: string | null = null;
    const rc = await start({
      wrapUserAgent: (agent) => ({
        ...agent,
        authorize: async (req) => {
          const url = await agent.authorize(req);
          const replay = previous ?? url;
          previous = url;
          return replay;
        },
      }),
    });
    expect((await rc.signIn('alice')).status).toBe('signed-in');
    await rc.core.handlers['auth:sign-out']();
    const exchanges = sandbox.stats.tokenRequests('authorization_code');
    const f = await failureOf(rc.signIn('alice'));
    expect(f.code).toBe('state-mismatch');
    expect(sandbox.stats.tokenRequests('authorization_code')).toBe(exchanges);
  });
});

describe('token endpoint failures during the code exchange', () => {
  const cases: Array<[string, Parameters<Sandbox['faults']['add']>[0], string, RegExp]> = [
    [
      '400 invalid_grant',
      { target: 'token', kind: 'status', status: 400, body: { error: 'invalid_grant' } },
      'sign-in-failed',
      /code was rejected/,
    ],
    [
      '400 invalid_client',
      { target: 'token', kind: 'status', status: 400, body: { error: 'invalid_client' } },
      'sign-in-failed',
      /client ID/,
    ],
    ['500', { target: 'token', kind: 'status', status: 500 }, 'server', /HTTP 500/],
    [
      'an unreadable body',
      { target: 'token', kind: 'malformed-json' },
      'malformed-response',
      /cannot read/,
    ],
    [
      'a body that is not an OAuth error',
      {
        target: 'token',
        kind: 'status',
        status: 400,
        body: '<html><body>Bad gateway</body></html>',
      },
      'sign-in-failed',
      /refused the request \(HTTP 400\)/,
    ],
    [
      'a timeout',
      { target: 'token', kind: 'latency', delayMs: 3_000 },
      'timeout',
      /did not answer in time/,
    ],
    ['a dropped connection', { target: 'token', kind: 'drop' }, 'network', /Could not reach/],
  ];
  for (const [name, rule, code, message] of cases) {
    it(`maps ${name} to "${code}" and stores nothing`, async () => {
      const rc = await start({ http: { timeoutMs: 1_000, tokenTimeoutMs: 1_000 } });
      sandbox.faults.add({ ...rule, pathPattern: undefined });
      const f = await failureOf(rc.signIn('alice'));
      expect(f.code).toBe(code);
      expect(f.message).toMatch(message);
      expect(f.message.length).toBeLessThan(200);
      expect(f.message).not.toMatch(/<html|\{/);
      expect(rc.core.session.state).toMatchObject({ status: 'error', code });
      expect(await rc.keychain.get(SESSION_ACCOUNT)).toBeNull();
      expectNoLeak(rc, [new URL(rc.embedded.interceptedCallbacks[0]!).searchParams.get('code')]);
    });
  }
});
