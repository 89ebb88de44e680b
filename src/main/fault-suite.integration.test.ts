// The fault suite: the whole core (sign-in session, keychain, API client, IPC dispatcher) against the sandbox
// injecting each fault. Each case checks the state the app ends in, the message the user sees, that the
// stored sign-in survives every transient fault, and that no request storm happened.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRealCore, type RealCore } from '../../test/support/real-core';
import { SESSION_ACCOUNT, parseStoredSession } from './auth/stored-session';
import { RENEWAL_INTERRUPTED } from './messages';
import { createDispatcher, type Dispatch } from './ipc/dispatcher';

let rc: RealCore;
let dispatch: Dispatch;
let owner: string;

const stored = async () => {
  const text = await rc.keychain.get(SESSION_ACCOUNT);
  return text === null ? null : parseStoredSession(text);
};
const listLocks = () => dispatch('tapkey:list-bound-locks', [owner]);
const apiCalls = () => rc.sandbox.stats.apiRequests(/BoundLocks/i);
// A list's first page goes with a twin (`$skip=1&$select=id`, never retried) while its end cannot be proven
// from the page alone; a page that fails at once may cancel its twin before it arrives.
const twinCalls = () =>
  rc.sandbox.stats.apiRequests(/BoundLocks\?\$top=\d+&\$skip=1&\$select=id$/i);
const pageCalls = () => apiCalls() - twinCalls();

beforeAll(async () => {
  rc = await startRealCore({
    owners: 3,
    locks: 10,
    seed: 'faults',
    tapkey: {
      http: { timeoutMs: 600, retryBaseDelayMs: 20, maxAttempts: 3, maxRetryAfterSeconds: 2 },
    },
  });
  expect(await rc.signIn('alice')).toMatchObject({ status: 'signed-in', remembered: true });
  dispatch = createDispatcher(rc.core.handlers, rc.log.logger);
  owner = rc.sandbox.users[0]!.ownerAccountIds[0]!;
}, 60_000);
afterAll(() => rc?.close());
afterEach(() => {
  rc.sandbox.faults.clear();
  rc.sandbox.stats.reset();
});

/** Runs `action` under a fault and checks the stored sign-in is untouched and the user is still signed in. */
async function transient<T>(action: () => Promise<T>): Promise<T> {
  const before = await stored();
  expect(before).not.toBeNull();
  const result = await action();
  const after = await stored();
  expect(after?.refreshToken).toBe(before!.refreshToken);
  expect(await rc.sandbox.isRefreshTokenActive(before!.refreshToken)).toBe(true);
  expect(rc.core.session.state.status).toBe('signed-in');
  return result;
}

/** Lists the locks under a fault that must fail at once: `error` after one page request, no retries. */
async function failsAtOnce(error: object): Promise<void> {
  expect(await transient(listLocks)).toEqual({ ok: false, error });
  expect(pageCalls()).toBe(1);
  expect(twinCalls()).toBeLessThanOrEqual(1);
}

describe('fault suite: the API under faults', () => {
  it('a latency spike beyond the timeout: "did not answer in time" after a bounded number of tries', async () => {
    rc.sandbox.faults.add({ target: 'api', kind: 'latency', delayMs: 2_000 });
    const r = await transient(listLocks);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'timeout',
        message:
          'Tapkey did not answer in time while loading the locks of this owner account. Try again.',
      },
    });
    expect(pageCalls()).toBe(3);
    expect(twinCalls()).toBe(1);
  });

  it('429 with a short Retry-After is waited out; a long one is reported with its delay and not retried', async () => {
    rc.sandbox.faults.add({
      target: 'api',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    expect(await transient(listLocks)).toMatchObject({
      ok: true,
      value: { locks: expect.any(Array) },
    });
    // The 429, the page, and its twin; or, when the twin drew the 429, the page, the twin and the request that
    // then proves the list's end.
    expect(apiCalls()).toBe(3);

    rc.sandbox.stats.reset();
    rc.sandbox.faults.add({ target: 'api', kind: 'status', status: 429, retryAfterSeconds: 30 });
    await failsAtOnce({
      code: 'rate-limited',
      message: 'Tapkey is limiting requests; try again in 30 s.',
      retryAfterSeconds: 30,
    });
  });

  it('a 503 burst is retried through; a 500 is reported at once', async () => {
    rc.sandbox.faults.add({ target: 'api', kind: 'status', status: 503, times: 2 });
    expect(await transient(listLocks)).toMatchObject({ ok: true });
    // Two 503s (the page's and its twin's), the page, and the request that proves the list's end.
    expect(apiCalls()).toBe(4);

    rc.sandbox.stats.reset();
    rc.sandbox.faults.add({ target: 'api', kind: 'status', status: 500 });
    await failsAtOnce({
      code: 'server',
      message: 'Tapkey could not deliver the locks of this owner account (HTTP 500).',
    });
  });

  it('malformed JSON is "unreadable", never an empty list', async () => {
    rc.sandbox.faults.add({ target: 'api', kind: 'malformed-json' });
    await failsAtOnce({
      code: 'malformed-response',
      message: 'Tapkey sent an unreadable answer while loading the locks of this owner account.',
    });
  });

  it('a connection dropped mid-body is retried; a connection that keeps dropping is a network error', async () => {
    rc.sandbox.faults.add({ target: 'api', kind: 'drop-mid-body', times: 1 });
    expect(await transient(listLocks)).toMatchObject({
      ok: true,
      value: { locks: expect.any(Array) },
    });
    // The dropped one, the page, and its twin (or the request that proves the end, when the twin was dropped).
    expect(apiCalls()).toBe(3);

    rc.sandbox.stats.reset();
    rc.sandbox.faults.add({ target: 'api', kind: 'drop-mid-body' });
    expect(await transient(listLocks)).toMatchObject({
      ok: false,
      error: { code: 'network', message: expect.stringMatching(/^Could not reach Tapkey/) },
    });
    expect(pageCalls()).toBe(3);
    expect(twinCalls()).toBe(1);
  });
});

describe('fault suite: tokens under faults', () => {
  it('an expired access token: many concurrent calls share exactly one refresh, and the rotated token is stored', async () => {
    const before = (await stored())!;
    rc.sandbox.expireAccessTokens();
    const results = await Promise.all(Array.from({ length: 12 }, listLocks));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(rc.sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    const after = (await stored())!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(await rc.sandbox.isRefreshTokenActive(after.refreshToken)).toBe(true);
    expect(rc.core.session.state.status).toBe('signed-in');
  });

  it('the authorization server answering 503 during a refresh keeps the stored sign-in; the next call recovers', async () => {
    rc.sandbox.stats.reset();
    rc.sandbox.expireAccessTokens();
    const remove = rc.sandbox.faults.add({ target: 'token', kind: 'status', status: 503 });
    const r = await transient(listLocks);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('server');
      expect(r.error.message).not.toMatch(/sign in again/i);
    }
    // Bounded: the token endpoint is not hammered.
    expect(rc.sandbox.stats.tokenRequests('refresh_token')).toBeLessThanOrEqual(3);
    remove();
    expect(await listLocks()).toMatchObject({ ok: true });
  });

  it('a connection lost after the refresh was sent ends the sign-in, saying so, and never sends that token again', async () => {
    const before = (await stored())!;
    rc.sandbox.stats.reset();
    rc.sandbox.expireAccessTokens();
    rc.sandbox.faults.add({ target: 'token', kind: 'handle-then-drop', times: 1 });
    expect(await listLocks()).toEqual({
      ok: false,
      error: { code: 'session-expired', message: RENEWAL_INTERRUPTED },
    });
    expect(rc.core.session.state).toEqual({ status: 'expired', reason: RENEWAL_INTERRUPTED });
    expect(await listLocks()).toMatchObject({ ok: false, error: { code: 'session-expired' } });
    expect(rc.sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    // The entry is kept (nothing is discarded on a failure); signing in again replaces it.
    expect((await stored())?.refreshToken).toBe(before.refreshToken);
    expect(await rc.signIn('alice')).toMatchObject({ status: 'signed-in' });
  });

  it('a revoked refresh token ends the session: "please sign in again", the stored entry is removed', async () => {
    const before = (await stored())!;
    const res = await fetch(new URL('/connect/revocation', rc.sandbox.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: before.refreshToken,
        token_type_hint: 'refresh_token',
        client_id: rc.sandbox.clientId,
      }),
    });
    expect(res.ok).toBe(true);
    rc.sandbox.expireAccessTokens();
    rc.sandbox.stats.reset();
    const r = await listLocks();
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'session-expired', message: expect.stringMatching(/sign in again/i) },
    });
    expect(['expired', 'signed-out']).toContain(rc.core.session.state.status);
    expect(await stored()).toBeNull();
    expect(rc.sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    // Further calls fail fast without touching the network.
    const again = await listLocks();
    expect(again.ok).toBe(false);
    // (The first call's page and twin, both refused with 401.)
    expect(rc.sandbox.stats.apiRequests()).toBeLessThanOrEqual(2);
  });

  it('no token, code or verifier reached the log', () => {
    const text = rc.log.text();
    expect(text).not.toMatch(/"(access_token|refresh_token|code_verifier|code)":"(?!\[redacted\])/);
    expect(text).not.toMatch(/Bearer (?!\[redacted\])[A-Za-z0-9]/);
  });
});
