// The composed session against the sandbox (its real pages walked over HTTP, its real token and revocation
// endpoints) and the real keychain: the states the renderer sees, what the keychain holds, and how many token
// requests each step costs.
import { randomUUID } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { useSandboxWithKeychains } from '../../../test/support/sandbox';
import { readStoredSession } from '../../../test/support/stored-sign-in';
import type { AuthState, SignInMode } from '../../shared/model';
import { AppFailure } from '../errors';
import {
  NOT_REMEMBERED_NO_REFRESH_TOKEN,
  NOT_SIGNED_IN,
  RENEWAL_INTERRUPTED,
  SESSION_EXPIRED,
  SIGNED_OUT_ELSEWHERE,
  SESSION_BUSY,
  SIGNED_OUT_NOT_FORGOTTEN,
  SIGNED_OUT_NOT_RECORDED,
  signedInAgain,
  signedOutNotRevoked,
} from '../messages';
import {
  KeychainError,
  keychainProblemText,
  type Keychain,
  type KeychainProblem,
} from '../secrets/keychain';
import { createKeytarKeychain } from '../secrets/keytar-keychain';
import { DEFAULT_SCOPES, type AuthConfig } from './config';
import { createAuthHttp } from './http';
import { httpUserAgent } from './http-user-agent.fixture';
import { memoryRenewalJournal, type RenewalJournal } from './renewal-journal';
import { AuthSession } from './session';
import { processLock, type SessionLock } from './session-lock';
import { memorySignedOutMarker, type SignedOutMarker } from './signed-out-marker';
import { withFailing } from './broken-session-files.fixture';
import { SESSION_ACCOUNT, serializeSession } from './stored-session';
import { captureLogForTest } from './test-log.fixture';
import { TokenClient } from './token-client';
import type { UserAgent } from './user-agent';

const { sandbox, keychains } = useSandboxWithKeychains({
  owners: 1,
  locks: 1,
  seed: 'auth-session',
});
const sessions: AuthSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.dispose();
});

function session(
  options: {
    keychain?: Keychain;
    agent?: UserAgent;
    agentFor?: (mode: SignInMode) => UserAgent;
    now?: () => number;
    scopes?: readonly string[];
    journal?: RenewalJournal;
    lock?: SessionLock;
    signedOutMarker?: SignedOutMarker;
  } = {},
) {
  const keychain =
    options.keychain ?? createKeytarKeychain({ service: `tapkey-locks-session-${randomUUID()}` });
  keychains.push(keychain);
  const log = captureLogForTest();
  const http = createAuthHttp({ timeoutMs: 5_000 });
  const config: AuthConfig = {
    issuer: sandbox.issuer,
    clientId: sandbox.clientId,
    apiBaseUrl: sandbox.apiBaseUrl,
    redirectUri: sandbox.redirectUris[0]!,
    scopes: options.scopes ?? DEFAULT_SCOPES,
    signInMode: 'embedded',
  };
  const s = new AuthSession({
    log: log.logger,
    keychain,
    tokenClient: new TokenClient(http, log.logger),
    http,
    config: () => config,
    userAgentFor: (mode) =>
      options.agentFor?.(mode) ??
      options.agent ??
      httpUserAgent('alice', sandbox.users[0]!.password),
    ...(options.now ? { now: options.now } : {}),
    ...(options.journal ? { renewalJournal: options.journal } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
    ...(options.signedOutMarker ? { signedOutMarker: options.signedOutMarker } : {}),
  });
  sessions.push(s);
  const states: AuthState[] = [];
  s.onStateChange((st) => states.push(st));
  return { s, keychain, log, states };
}

describe('the session', () => {
  it('signs in through authorizing and exchanging, stores the sign-in, and hands out its access token without a token request', async () => {
    const { s, keychain, states, log } = session();
    sandbox.stats.reset();
    expect(await s.signIn()).toStrictEqual({ status: 'signed-in', remembered: true });
    expect(states.map((x) => x.status)).toEqual(['authorizing', 'exchanging', 'signed-in']);
    expect(s.servers).toEqual({
      issuer: sandbox.issuer,
      clientId: sandbox.clientId,
      apiBaseUrl: sandbox.apiBaseUrl,
    });
    const stored = await readStoredSession(keychain);
    expect(stored).toMatchObject({
      issuer: sandbox.issuer,
      clientId: sandbox.clientId,
      apiBaseUrl: sandbox.apiBaseUrl,
      scope: DEFAULT_SCOPES.join(' '),
    });
    expect(await s.getAccessToken()).toBe(stored!.accessToken);
    expect(await s.refreshAfterUnauthorized('some-other-token')).toBe(stored!.accessToken);
    expect(sandbox.stats.tokenRequests()).toBe(1);
    expect(log.text()).not.toContain(stored!.refreshToken);
    // A second start resumes it without a token request.
    const again = session({ keychain });
    expect(await again.s.resume()).toStrictEqual({ status: 'signed-in', remembered: true });
    expect(await again.s.getAccessToken()).toBe(stored!.accessToken);
    expect(sandbox.stats.tokenRequests()).toBe(1);
  });

  it('renews once for concurrent callers after a 401, and stores the rotated token', async () => {
    const { s, keychain } = session();
    await s.signIn();
    const first = await s.getAccessToken();
    sandbox.stats.reset();
    const [a, b, c] = await Promise.all([
      s.refreshAfterUnauthorized(first),
      s.refreshAfterUnauthorized(first),
      s.getAccessToken(),
    ]);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect(a).not.toBe(first);
    expect(new Set([a, b, c]).size).toBe(1);
    expect((await readStoredSession(keychain))?.accessToken).toBe(a);
    expect(s.state).toStrictEqual({ status: 'signed-in', remembered: true });
  });

  it('signs out: forgets here and at the server, and further calls say "not signed in"', async () => {
    const { s, keychain, states } = session();
    await s.signIn();
    const refresh = (await readStoredSession(keychain))!.refreshToken;
    let ended = 0;
    s.onSignedOut(() => (ended += 1));
    expect(await s.signOut()).toStrictEqual({ status: 'signed-out' });
    expect(states.at(-1)).toStrictEqual({ status: 'signed-out' });
    expect(ended).toBe(1);
    expect(s.servers).toBeNull();
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect(await sandbox.isRefreshTokenActive(refresh)).toBe(false);
    expect(s.lastSignOut).toEqual({ forgotten: true, remembered: true, revocation: 'revoked' });
    await expect(s.getAccessToken()).rejects.toMatchObject({
      code: 'not-signed-in',
      message: NOT_SIGNED_IN,
    });
  });

  it('a refresh token the server rejects ends the session as expired, with the reason', async () => {
    const { s, keychain } = session();
    await s.signIn();
    const stored = (await readStoredSession(keychain))!;
    await keychain.set(
      SESSION_ACCOUNT,
      serializeSession({
        ...stored,
        refreshToken: 'not-a-refresh-token',
        accessTokenExpiresAt: 1,
        accessTokenIssuedAt: 0,
      }),
    );
    const resumed = session({ keychain });
    expect(await resumed.s.resume()).toStrictEqual({ status: 'expired', reason: SESSION_EXPIRED });
    await expect(resumed.s.getAccessToken()).rejects.toMatchObject({
      code: 'session-expired',
      message: SESSION_EXPIRED,
    });
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
  });

  it('a transient failure keeps the sign-in (here and in the keychain) and says why', async () => {
    const { s, keychain } = session();
    await s.signIn();
    const first = await s.getAccessToken();
    const before = await readStoredSession(keychain);
    sandbox.faults.add({ target: 'token', kind: 'status', status: 503 });
    await expect(s.refreshAfterUnauthorized(first)).rejects.toMatchObject({
      code: 'server',
    });
    expect(s.state).toStrictEqual({ status: 'signed-in', remembered: true });
    expect(await readStoredSession(keychain)).toEqual(before);
  });

  it('a failed sign-in moves to error with its code; a cancelled one back to signed out', async () => {
    const failing: UserAgent = {
      mode: 'embedded',
      authorize: () => Promise.reject(Object.assign(new Error('pages broke'))),
    };
    const { s, states } = session({ agent: failing });
    await expect(s.signIn()).rejects.toMatchObject({ code: 'sign-in-failed' });
    expect(states.at(-1)).toMatchObject({ status: 'error', code: 'sign-in-failed' });
    const waiting: UserAgent = {
      mode: 'embedded',
      authorize: (req) =>
        new Promise((_, reject) =>
          req.signal.addEventListener('abort', () => reject(new Error('closed'))),
        ),
    };
    const other = session({ agent: waiting });
    const attempt = other.s.signIn();
    expect(other.s.signIn()).toBe(attempt);
    expect(await other.s.cancelSignIn()).toStrictEqual({ status: 'signed-out' });
    expect(await attempt).toStrictEqual({ status: 'signed-out' });
  });
});

/** The real keychain with hooks: a write or read that fails with a keychain problem, or a pause inside a write. */
function hookedKeychain(hooks: {
  setProblem?: KeychainProblem;
  getProblem?: KeychainProblem;
  deleteProblem?: KeychainProblem;
  beforeSet?: () => Promise<void>;
}): Keychain {
  const real = createKeytarKeychain({ service: `tapkey-locks-session-${randomUUID()}` });
  return {
    description: real.description,
    get: async (account) => {
      if (hooks.getProblem) throw new KeychainError(hooks.getProblem, 'keychain read failed');
      return real.get(account);
    },
    set: async (account, value) => {
      await hooks.beforeSet?.();
      if (hooks.setProblem) throw new KeychainError(hooks.setProblem, 'keychain write failed');
      return real.set(account, value);
    },
    delete: async (account) => {
      if (hooks.deleteProblem)
        throw new KeychainError(hooks.deleteProblem, 'keychain delete failed');
      return real.delete(account);
    },
  };
}

const HOUR = 3_600_000;

describe('the session, edge cases', () => {
  it('an aborted caller of getAccessToken gets "cancelled" while the shared renewal carries on for the others', async () => {
    let clock = Date.now();
    const { s, keychain, states, log } = session({ now: () => clock });
    await s.signIn();
    const first = await s.getAccessToken();
    const already = new AbortController();
    already.abort();
    await expect(s.getAccessToken(already.signal)).rejects.toMatchObject({ code: 'cancelled' });
    clock += 2 * HOUR;
    sandbox.stats.reset();
    sandbox.faults.add({ target: 'token', kind: 'latency', delayMs: 300 });
    const leaving = new AbortController();
    const cancelled = s.getAccessToken(leaving.signal);
    const staying = s.getAccessToken();
    const joiningLate = new AbortController();
    const lateCancelled = s.refreshAfterUnauthorized(first, joiningLate.signal);
    expect(s.state).toStrictEqual({ status: 'refreshing', remembered: true });
    // While renewing: signing in again changes nothing, and a 401 for any token joins the renewal.
    expect(await s.signIn()).toStrictEqual({ status: 'refreshing', remembered: true });
    const otherRejected = s.refreshAfterUnauthorized('some-other-token');
    await expect(s.refreshAfterUnauthorized(first, already.signal)).rejects.toMatchObject({
      code: 'cancelled',
    });
    leaving.abort();
    joiningLate.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    await expect(lateCancelled).rejects.toMatchObject({ code: 'cancelled' });
    const renewed = await staying;
    expect(renewed).not.toBe(first);
    expect(await otherRejected).toBe(renewed);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect((await readStoredSession(keychain))?.accessToken).toBe(renewed);
    expect(states.slice(-2)).toEqual([
      { status: 'refreshing', remembered: true },
      { status: 'signed-in', remembered: true },
    ]);
    // A signal that never aborts changes nothing; the renewed token is fresh, so no further request.
    expect(await s.getAccessToken(new AbortController().signal)).toBe(renewed);
    expect(await s.refreshAfterUnauthorized(first, new AbortController().signal)).toBe(renewed);
    expect(sandbox.stats.tokenRequests()).toBe(1);
    expect(log.text()).toMatch(/"message":"signed in","mode":"embedded","remembered":true/);
    expect(log.text()).not.toContain('adopted the sign-in another process renewed');
    // A second renewal later is a new one (the first is not handed out again).
    clock += 2 * HOUR;
    const second = await s.getAccessToken();
    expect(second).not.toBe(renewed);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(2);
  });

  it('a stale access token is renewed before use, and a fresh one at resume costs no renewal', async () => {
    let clock = Date.now();
    const { s, keychain } = session({ now: () => clock });
    await s.signIn();
    const first = await s.getAccessToken();
    const again = session({ keychain, now: () => clock });
    expect(await again.s.resume()).toStrictEqual({ status: 'signed-in', remembered: true });
    expect(again.states.map((x) => x.status)).toEqual(['signed-in']);
    clock += 2 * HOUR;
    sandbox.stats.reset();
    const renewed = await s.getAccessToken();
    expect(renewed).not.toBe(first);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    // The other session's token is stale too: it adopts the one renewed by the first instead of renewing again.
    expect(await again.s.getAccessToken()).toBe(renewed);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect(again.log.text()).toContain('adopted the sign-in another process renewed');
    expect(again.states.map((x) => x.status)).toEqual(['signed-in', 'refreshing', 'signed-in']);
  });

  it('a renewal that cannot complete at resume keeps the stored sign-in and says so in the log', async () => {
    let clock = Date.now();
    const { s, keychain } = session({ now: () => clock });
    await s.signIn();
    clock += 2 * HOUR;
    sandbox.faults.add({ target: 'token', kind: 'status', status: 503 });
    const again = session({ keychain, now: () => clock });
    expect(await again.s.resume()).toStrictEqual({ status: 'signed-in', remembered: true });
    expect(again.states.map((x) => x.status)).toEqual(['signed-in', 'refreshing', 'signed-in']);
    expect(again.log.text()).toMatch(
      /"message":"resume refresh did not complete","errorCode":"server"/,
    );
    expect(await readStoredSession(keychain)).not.toBeNull();
  });

  it('a resume that must not refresh (before a sign-out) sends no token request, whatever the token’s age', async () => {
    let clock = Date.now();
    const { s, keychain } = session({ now: () => clock });
    await s.signIn();
    clock += 2 * HOUR;
    sandbox.stats.reset();
    const again = session({ keychain, now: () => clock });
    expect(await again.s.resume({ renewStale: false })).toEqual({
      status: 'signed-in',
      remembered: true,
    });
    expect(again.states.map((x) => x.status)).toEqual(['signed-in']);
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });

  it('signing out during a renewal drops its result: signed out, nothing stored, the caller told "not signed in"', async () => {
    let clock = Date.now();
    const { s, keychain, states } = session({ now: () => clock });
    await s.signIn();
    clock += 2 * HOUR;
    sandbox.faults.add({ target: 'token', kind: 'latency', delayMs: 300 });
    const pending = s.getAccessToken().catch((e: unknown) => e);
    expect(s.state.status).toBe('refreshing');
    const signal = s.sessionSignal;
    await s.signOut();
    expect(signal.aborted).toBe(true);
    expect(await pending).toMatchObject({ code: 'not-signed-in' });
    expect(s.state.status).toBe('signed-out');
    expect(states.at(-1)?.status).toBe('signed-out');
    expect(s.servers).toBeNull();
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    await expect(s.refreshAfterUnauthorized('x')).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it('a sign-in the keychain cannot keep is signed in, not remembered, with the keychain problem as notice', async () => {
    const { s, log } = session({ keychain: hookedKeychain({ setProblem: 'locked' }) });
    expect(await s.signIn()).toEqual({
      status: 'signed-in',
      remembered: false,
      notice: keychainProblemText('locked'),
    });
    expect(log.text()).toContain('signed in');
  });

  it('a keychain that cannot be read at start-up resumes signed out, with the reason', async () => {
    const { s } = session({ keychain: hookedKeychain({ getProblem: 'locked' }) });
    const state = await s.resume();
    expect(state.status).toBe('signed-out');
    expect(state).toHaveProperty('reason', expect.stringContaining('keychain') as string);
    expect(s.storedElsewhere).toBeNull();
  });

  it('a sign-in stored for other servers is left alone and reported', async () => {
    const { s, keychain } = session();
    await s.signIn();
    const stored = (await readStoredSession(keychain))!;
    const elsewhere = {
      issuer: 'https://elsewhere.example',
      clientId: 'other-client',
      apiBaseUrl: 'https://api.elsewhere.example',
    };
    await keychain.set(SESSION_ACCOUNT, serializeSession({ ...stored, ...elsewhere }));
    const other = session({ keychain });
    expect(await other.s.resume()).toStrictEqual({ status: 'signed-out' });
    expect(other.states).toStrictEqual([{ status: 'signed-out' }]);
    expect(other.s.storedElsewhere).toEqual(elsewhere);
    expect((await readStoredSession(keychain))?.issuer).toBe(elsewhere.issuer);
    // Signing in here replaces it and clears the report.
    expect(await other.s.signIn()).toStrictEqual({ status: 'signed-in', remembered: true });
    expect(other.s.storedElsewhere).toBeNull();
    expect((await readStoredSession(keychain))?.issuer).toBe(sandbox.issuer);
  });

  it('signing out during the keychain write of a sign-in undoes it', async () => {
    let release!: () => void;
    const paused = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const writing = new Promise<void>((r) => (entered = r));
    const keychain = hookedKeychain({
      beforeSet: async () => {
        entered();
        await paused;
      },
    });
    const { s, log } = session({ keychain });
    const attempt = s.signIn();
    await writing;
    const out = s.signOut();
    release();
    expect(await attempt).toStrictEqual({ status: 'signed-out' });
    await out;
    expect(s.state.status).toBe('signed-out');
    expect(s.servers).toBeNull();
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect(log.text()).toContain('sign-in cancelled');
  });

  it('signIn while signed in changes nothing; after a failed attempt a new one starts; cancel without an attempt is a no-op', async () => {
    const { s, states } = session();
    expect(await s.cancelSignIn()).toBe(s.state);
    await s.signIn();
    sandbox.stats.reset();
    const count = states.length;
    expect(await s.signIn()).toStrictEqual({ status: 'signed-in', remembered: true });
    expect(states.length).toBe(count);
    expect(sandbox.stats.tokenRequests()).toBe(0);

    let calls = 0;
    const cause = new Error('pages broke');
    const failing: UserAgent = {
      mode: 'embedded',
      authorize: () => {
        calls += 1;
        return Promise.reject(cause);
      },
    };
    const other = session({ agent: failing });
    await expect(other.s.signIn()).rejects.toMatchObject({ code: 'sign-in-failed', cause });
    await expect(other.s.signIn()).rejects.toMatchObject({ code: 'sign-in-failed' });
    expect(calls).toBe(2);
    expect(other.log.text()).toMatch(
      /"message":"sign-in failed","errorCode":"sign-in-failed".*"pages broke"/,
    );
  });

  it('a user agent that reports a cancelled sign-in returns to signed out without an error', async () => {
    const cancelling: UserAgent = {
      mode: 'embedded',
      authorize: () => Promise.reject(new AppFailure('sign-in-cancelled', 'closed')),
    };
    const { s, states, log } = session({ agent: cancelling });
    expect(await s.signIn()).toStrictEqual({ status: 'signed-out' });
    expect(states.map((x) => x.status)).toEqual(['authorizing', 'signed-out']);
    expect(log.text()).toContain('sign-in cancelled');
    const stopping: UserAgent = {
      mode: 'embedded',
      authorize: () => Promise.reject(new AppFailure('cancelled', 'stopped')),
    };
    const other = session({ agent: stopping });
    expect(await other.s.signIn()).toStrictEqual({ status: 'signed-out' });
  });

  it("sign-out clears both user agents' data, survives a failing listener and says when the server was not told", async () => {
    const cleared: string[] = [];
    const agentFor = (mode: 'embedded' | 'system-browser'): UserAgent => ({
      ...httpUserAgent('alice', sandbox.users[0]!.password),
      mode,
      clearData: () => {
        cleared.push(mode);
        return mode === 'embedded' ? Promise.resolve() : Promise.reject(new Error('profile busy'));
      },
    });
    const { s, log } = session({ agentFor });
    await s.signIn();
    let later = 0;
    s.onSignedOut(() => {
      throw new Error('listener broke');
    });
    s.onSignedOut(() => (later += 1));
    let disposed = 0;
    s.onSignedOut(() => (disposed += 1))();
    sandbox.faults.add({ target: 'revocation', kind: 'status', status: 503 });
    const state = await s.signOut();
    expect(cleared.sort()).toEqual(['embedded', 'system-browser']);
    expect(later).toBe(1);
    expect(disposed).toBe(0);
    expect(log.text()).toMatch(/sign-out listener failed.*listener broke/);
    expect(log.text()).toMatch(/could not clear sign-in data.*profile busy/);
    expect(s.lastSignOut).toMatchObject({ forgotten: true, revocation: 'unreachable' });
    expect(state).toEqual({
      status: 'signed-out',
      reason: signedOutNotRevoked('unreachable', new URL(sandbox.issuer).host),
    });
    // Signing out again with no session calls no listener, and has nothing to report.
    expect(await s.signOut()).toStrictEqual({ status: 'signed-out' });
    expect(later).toBe(1);
  });
});

describe('the session, renewal outcomes', () => {
  it('a 401 for a token already replaced returns the current one without renewing', async () => {
    const { s, states } = session();
    await s.signIn();
    const current = await s.getAccessToken();
    expect(await s.refreshAfterUnauthorized('an-older-token')).toBe(current);
    expect(states.map((x) => x.status)).not.toContain('refreshing');
  });

  it('a refresh token the server rejects during use ends the session as expired', async () => {
    let clock = Date.now();
    const { s, keychain } = session({ now: () => clock });
    await s.signIn();
    const stored = (await readStoredSession(keychain))!;
    await keychain.set(
      SESSION_ACCOUNT,
      serializeSession({ ...stored, refreshToken: 'not-a-refresh-token' }),
    );
    const resumed = session({ keychain, now: () => clock });
    expect(await resumed.s.resume()).toStrictEqual({ status: 'signed-in', remembered: true });
    clock += 2 * HOUR;
    await expect(resumed.s.getAccessToken()).rejects.toMatchObject({
      code: 'session-expired',
      message: SESSION_EXPIRED,
    });
    expect(resumed.s.state).toStrictEqual({ status: 'expired', reason: SESSION_EXPIRED });
  });

  it('a sign-out whose revocation is slow does not overwrite a sign-in started meanwhile', async () => {
    let agent: UserAgent = httpUserAgent('alice', sandbox.users[0]!.password);
    const { s } = session({ agentFor: () => agent });
    await s.signIn();
    sandbox.faults.add({ target: 'revocation', kind: 'status', status: 503 });
    sandbox.faults.add({ target: 'revocation', kind: 'latency', delayMs: 300 });
    const out = s.signOut();
    agent = {
      mode: 'embedded',
      authorize: (req) =>
        new Promise((_, reject) =>
          req.signal.addEventListener('abort', () => reject(new Error('closed'))),
        ),
    };
    const attempt = s.signIn();
    expect(s.state).toStrictEqual({ status: 'authorizing', mode: 'embedded' });
    expect(await out).toStrictEqual({ status: 'authorizing', mode: 'embedded' });
    expect(s.lastSignOut).toMatchObject({ forgotten: true, revocation: 'unreachable' });
    expect(await s.cancelSignIn()).toStrictEqual({ status: 'signed-out' });
    expect(await attempt).toStrictEqual({ status: 'signed-out' });
  });
});

describe('the session, server metadata', () => {
  it('keeps discovered metadata, so a later discovery outage does not stop a sign-in', async () => {
    const cancelling: UserAgent = {
      mode: 'embedded',
      authorize: () => Promise.reject(new AppFailure('sign-in-cancelled', 'closed')),
    };
    const { s, log } = session({ agent: cancelling });
    sandbox.faults.add({ target: 'discovery', kind: 'status', status: 503 });
    await expect(s.signIn()).rejects.toMatchObject({ code: 'discovery-failed' });
    sandbox.faults.clear();
    expect(await s.signIn()).toStrictEqual({ status: 'signed-out' });
    sandbox.faults.add({ target: 'discovery', kind: 'status', status: 503 });
    expect(await s.signIn()).toStrictEqual({ status: 'signed-out' });
    expect(log.text().match(/"discovery":(true|false)/g)).toEqual([
      '"discovery":true',
      '"discovery":true',
    ]);
  });
});

describe('the session, who is signed in', () => {
  it('carries an id made at login and the granted scopes; signed out, neither', async () => {
    const { s, keychain } = session();
    expect(s.signInIdentity).toBeNull();
    expect(s.grantedScopes).toEqual([]);
    await s.signIn();
    const id = s.signInIdentity;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect([...s.grantedScopes].sort()).toEqual([...DEFAULT_SCOPES].sort());
    // The same sign-in resumed elsewhere is the same one; a new sign-in is another.
    const resumed = session({ keychain });
    await resumed.s.resume();
    expect(resumed.s.signInIdentity).toBe(id);
    await s.signOut();
    expect(s.signInIdentity).toBeNull();
    await s.signIn();
    expect(s.signInIdentity).not.toBe(id);
  });

  it('without offline_access there is no refresh token: not remembered, said so, and a stale token ends the session', async () => {
    let clock = Date.now();
    const { s, keychain } = session({
      now: () => clock,
      scopes: DEFAULT_SCOPES.filter((x) => x !== 'offline_access'),
    });
    expect(await s.signIn()).toStrictEqual({
      status: 'signed-in',
      remembered: false,
      notice: NOT_REMEMBERED_NO_REFRESH_TOKEN,
    });
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    clock += 2 * HOUR;
    sandbox.stats.reset();
    await expect(s.getAccessToken()).rejects.toMatchObject({
      code: 'session-expired',
      message: SESSION_EXPIRED,
    });
    expect(s.state).toStrictEqual({ status: 'expired', reason: SESSION_EXPIRED });
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });

  it('a caller’s signal used for many calls is not left holding a listener per call', async () => {
    let clock = Date.now();
    const { s } = session({ now: () => clock });
    await s.signIn();
    const window = new AbortController();
    for (let i = 0; i < 3; i++) {
      clock += 2 * HOUR;
      await s.getAccessToken(window.signal);
    }
    await s.refreshAfterUnauthorized(await s.getAccessToken(), window.signal);
    expect(getEventListeners(window.signal, 'abort')).toHaveLength(0);
  });
});

describe('the session, at start-up', () => {
  it('with nothing stored, resumes signed out with nothing to report', async () => {
    const { s, states } = session();
    expect(await s.resume()).toStrictEqual({ status: 'signed-out' });
    expect(states).toStrictEqual([{ status: 'signed-out' }]);
    expect(s.storedElsewhere).toBeNull();
  });
});

describe('the session, disposed', () => {
  it('stops in-flight calls and drops every listener', async () => {
    const { s, states } = session();
    await s.signIn();
    let ended = 0;
    s.onSignedOut(() => (ended += 1));
    const signal = s.sessionSignal;
    await s.dispose();
    expect(signal.aborted).toBe(true);
    const seen = states.length;
    await s.signOut();
    expect(states).toHaveLength(seen);
    expect(ended).toBe(0);
  });

  it('ends a sign-in that is still on the sign-in pages', async () => {
    const waiting: UserAgent = {
      mode: 'embedded',
      authorize: (req) =>
        new Promise((_, reject) =>
          req.signal.addEventListener('abort', () => reject(new Error('closed'))),
        ),
    };
    const { s } = session({ agent: waiting });
    const attempt = s.signIn();
    await s.dispose();
    expect(await attempt).toStrictEqual({ status: 'signed-out' });
  });
});

describe('the session, signing out', () => {
  it('a keychain that cannot delete the entry: signed out here, saying the saved sign-in is still there', async () => {
    const keychain = hookedKeychain({ deleteProblem: 'locked' });
    const { s } = session({ keychain });
    await s.signIn();
    expect(await s.signOut()).toStrictEqual({
      status: 'signed-out',
      reason: SIGNED_OUT_NOT_FORGOTTEN,
    });
    expect(s.lastSignOut).toMatchObject({ forgotten: false });
    await expect(s.getAccessToken()).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it('without the session lock (a renewal elsewhere holds it) and without the marker that stops that renewal from being resumed: signed out, saying the sign-in may come back', async () => {
    const free = processLock();
    let held = false;
    // Another process holds the lock from the sign-out on, longer than the sign-out waits.
    const lock: SessionLock = {
      withLock: (fn, wait) =>
        held ? Promise.reject(new AppFailure('timeout', SESSION_BUSY)) : free.withLock(fn, wait),
      ifFree: (fn) => (held ? Promise.resolve('busy' as const) : free.ifFree(fn)),
    };
    const { s, keychain } = session({
      lock,
      signedOutMarker: withFailing(memorySignedOutMarker(), ['write']),
    });
    await s.signIn();
    held = true;
    expect(await s.signOut()).toStrictEqual({
      status: 'signed-out',
      reason: SIGNED_OUT_NOT_RECORDED,
    });
    expect(s.lastSignOut).toMatchObject({ forgotten: true, remembered: false });
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
  });
});

describe('the session, another process', () => {
  it('a sign-out elsewhere (the entry gone) ends this session saying so: listeners run, calls stop', async () => {
    let clock = Date.now();
    const { s, keychain, states } = session({ now: () => clock });
    await s.signIn();
    let ended = 0;
    s.onSignedOut(() => (ended += 1));
    const signal = s.sessionSignal;
    await keychain.delete(SESSION_ACCOUNT);
    clock += 2 * HOUR;
    sandbox.stats.reset();
    const e = await s.getAccessToken().catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'not-signed-in', message: SIGNED_OUT_ELSEWHERE });
    expect(states.at(-1)).toStrictEqual({ status: 'signed-out', reason: SIGNED_OUT_ELSEWHERE });
    expect(ended).toBe(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(e);
    expect(s.servers).toBeNull();
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });

  it('a new login elsewhere: the old session’s caller gets nothing of it, a new session starts with a new key and a notice', async () => {
    const { s, keychain, log } = session();
    await s.signIn();
    const alicesToken = await s.getAccessToken();
    const aliceId = s.signInIdentity;
    const oldSignal = s.sessionSignal;
    let ended = 0;
    s.onSignedOut(() => (ended += 1));
    // Bob signs in from another window on the same keychain entry.
    const bob = session({ keychain, agent: httpUserAgent('bob', 'bob-password') });
    await bob.s.signIn();
    const bobsToken = await bob.s.getAccessToken();
    const bobsId = bob.s.signInIdentity;
    const bobsEntry = (await readStoredSession(keychain))!;
    // Alice's token is refused (Tapkey answered 401): the renewal finds bob's sign-in stored.
    sandbox.stats.reset();
    const e = await s.refreshAfterUnauthorized(alicesToken).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppFailure);
    const failure = e as AppFailure;
    expect(failure.code).toBe('cancelled');
    expect(failure.message).toBe(signedInAgain(bobsEntry.account ?? bobsEntry.subject));
    expect(oldSignal.aborted).toBe(true);
    expect(oldSignal.reason).toBe(failure);
    expect(ended).toBe(1);
    expect(s.signInIdentity).toBe(bobsId);
    expect(s.signInIdentity).not.toBe(aliceId);
    expect(s.state).toStrictEqual({
      status: 'signed-in',
      remembered: true,
      notice: failure.message,
      sessionKey: '1',
    });
    expect(s.sessionSignal).not.toBe(oldSignal);
    expect(s.sessionSignal.aborted).toBe(false);
    expect(await s.getAccessToken()).toBe(bobsToken);
    expect(sandbox.stats.tokenRequests()).toBe(0);
    expect(log.text()).toMatch(
      /"message":"another sign-in took this one’s place","replacements":1/,
    );
  });
});

describe('the session, an interrupted renewal', () => {
  it('found at start-up: the session ends as expired, saying so, and asks nothing of the server', async () => {
    const journal = memoryRenewalJournal();
    const { s, keychain } = session({ journal });
    await s.signIn();
    await journal.sending((await readStoredSession(keychain))!.refreshToken!);
    sandbox.stats.reset();
    const again = session({ keychain, journal });
    expect(await again.s.resume()).toStrictEqual({
      status: 'expired',
      reason: RENEWAL_INTERRUPTED,
    });
    await expect(again.s.getAccessToken()).rejects.toMatchObject({
      code: 'session-expired',
      message: RENEWAL_INTERRUPTED,
    });
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });

  it('found at renewal: the token is not sent again and the session ends saying so', async () => {
    let clock = Date.now();
    const journal = memoryRenewalJournal();
    const { s, keychain, states } = session({ journal, now: () => clock });
    await s.signIn();
    await journal.sending((await readStoredSession(keychain))!.refreshToken!);
    clock += 2 * HOUR;
    sandbox.stats.reset();
    await expect(s.getAccessToken()).rejects.toMatchObject({
      code: 'session-expired',
      message: RENEWAL_INTERRUPTED,
    });
    expect(states.at(-1)).toStrictEqual({ status: 'expired', reason: RENEWAL_INTERRUPTED });
    expect(s.servers).toBeNull();
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });
});
