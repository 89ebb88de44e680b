// The composed session against the sandbox (its real pages walked over HTTP, its real token and revocation
// endpoints) and the real keychain: the states the renderer sees, what the keychain holds, and how many token
// requests each step costs.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { readStoredSession } from '../../../test/support/stored-sign-in';
import type { AuthState } from '../../shared/model';
import { NOT_SIGNED_IN, SESSION_EXPIRED } from '../messages';
import type { Keychain } from '../secrets/keychain';
import { createKeytarKeychain } from '../secrets/keytar-keychain';
import { DEFAULT_SCOPES, type AuthConfig } from './config';
import { createAuthHttp } from './http';
import { httpUserAgent } from './http-user-agent.fixture';
import { AuthSession } from './session';
import { SESSION_ACCOUNT, serializeSession } from './stored-session';
import { captureLogForTest } from './test-log.fixture';
import { TokenClient } from './token-client';
import type { UserAgent } from './user-agent';

let sandbox: Sandbox;
const keychains: Keychain[] = [];
const sessions: AuthSession[] = [];
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, owners: 1, locks: 1, seed: 'auth-session' });
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.dispose();
  for (const k of keychains.splice(0)) await k.delete(SESSION_ACCOUNT).catch(() => {});
  sandbox.faults.clear();
});

function session(options: { keychain?: Keychain; agent?: UserAgent; now?: () => number } = {}) {
  const keychain = options.keychain ?? createKeytarKeychain({ service: `tapkey-locks-session-${randomUUID()}` });
  keychains.push(keychain);
  const log = captureLogForTest();
  const http = createAuthHttp({ timeoutMs: 5_000 });
  const config: AuthConfig = {
    issuer: sandbox.issuer,
    clientId: sandbox.clientId,
    apiBaseUrl: sandbox.apiBaseUrl,
    redirectUri: sandbox.redirectUris[0]!,
    scopes: DEFAULT_SCOPES,
    signInMode: 'embedded',
  };
  const s = new AuthSession({
    log: log.logger,
    keychain,
    tokenClient: new TokenClient(http, log.logger),
    http,
    config: () => config,
    userAgentFor: () => options.agent ?? httpUserAgent('alice', sandbox.users[0]!.password),
    ...(options.now ? { now: options.now } : {}),
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
    expect(await s.signIn()).toEqual({ status: 'signed-in', remembered: true });
    expect(states.map((x) => x.status)).toEqual(['authorizing', 'exchanging', 'signed-in']);
    expect(s.servers).toEqual({ issuer: sandbox.issuer, clientId: sandbox.clientId, apiBaseUrl: sandbox.apiBaseUrl });
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
    expect(await again.s.resume()).toEqual({ status: 'signed-in', remembered: true });
    expect(await again.s.getAccessToken()).toBe(stored!.accessToken);
    expect(sandbox.stats.tokenRequests()).toBe(1);
  });

  it('renews once for concurrent callers after a 401, and stores the rotated token', async () => {
    const { s, keychain } = session();
    await s.signIn();
    const first = await s.getAccessToken();
    sandbox.stats.reset();
    const [a, b, c] = await Promise.all([s.refreshAfterUnauthorized(first), s.refreshAfterUnauthorized(first), s.getAccessToken()]);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect(a).not.toBe(first);
    expect(new Set([a, b, c]).size).toBe(1);
    expect((await readStoredSession(keychain))?.accessToken).toBe(a);
    expect(s.state).toEqual({ status: 'signed-in', remembered: true });
  });

  it('signs out: forgets here and at the server, and further calls say "not signed in"', async () => {
    const { s, keychain, states } = session();
    await s.signIn();
    const refresh = (await readStoredSession(keychain))!.refreshToken;
    let ended = 0;
    s.onSignedOut(() => (ended += 1));
    expect(await s.signOut()).toEqual({ status: 'signed-out' });
    expect(states.at(-1)).toEqual({ status: 'signed-out' });
    expect(ended).toBe(1);
    expect(s.servers).toBeNull();
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect(await sandbox.isRefreshTokenActive(refresh)).toBe(false);
    expect(s.lastSignOut).toEqual({ forgotten: true, remembered: true, revocation: 'revoked' });
    await expect(s.getAccessToken()).rejects.toMatchObject({ code: 'not-signed-in', message: NOT_SIGNED_IN });
  });

  it('a refresh token the server rejects ends the session as expired, with the reason', async () => {
    const { s, keychain } = session();
    await s.signIn();
    const stored = (await readStoredSession(keychain))!;
    await keychain.set(
      SESSION_ACCOUNT,
      serializeSession({ ...stored, refreshToken: 'not-a-refresh-token', accessTokenExpiresAt: 1, accessTokenIssuedAt: 0 }),
    );
    const resumed = session({ keychain });
    expect(await resumed.s.resume()).toEqual({ status: 'expired', reason: SESSION_EXPIRED });
    await expect(resumed.s.getAccessToken()).rejects.toMatchObject({ code: 'session-expired', message: SESSION_EXPIRED });
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
  });

  it('a transient failure keeps the sign-in (here and in the keychain) and says why', async () => {
    const { s, keychain } = session();
    await s.signIn();
    const first = await s.getAccessToken();
    const before = await readStoredSession(keychain);
    sandbox.faults.add({ target: 'token', kind: 'status', status: 503 });
    await expect(s.refreshAfterUnauthorized(first)).rejects.toMatchObject({ code: expect.any(String) as string });
    expect(s.state).toEqual({ status: 'signed-in', remembered: true });
    expect(await readStoredSession(keychain)).toEqual(before);
  });

  it('a failed sign-in moves to error with its code; a cancelled one back to signed out', async () => {
    const failing: UserAgent = { mode: 'embedded', authorize: () => Promise.reject(Object.assign(new Error('pages broke'))) };
    const { s, states } = session({ agent: failing });
    await expect(s.signIn()).rejects.toMatchObject({ code: 'sign-in-failed' });
    expect(states.at(-1)).toMatchObject({ status: 'error', code: 'sign-in-failed' });
    const waiting: UserAgent = {
      mode: 'embedded',
      authorize: (req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new Error('closed')))),
    };
    const other = session({ agent: waiting });
    const attempt = other.s.signIn();
    expect(other.s.signIn()).toBe(attempt);
    expect(await other.s.cancelSignIn()).toEqual({ status: 'signed-out' });
    expect(await attempt).toEqual({ status: 'signed-out' });
  });
});
