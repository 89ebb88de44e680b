// Renewal with one rotating refresh token shared by many processes, against the sandbox's real token endpoint
// (reuse detection on) and the real keychain: which token is redeemed, how many token requests that takes, what
// the keychain holds afterwards, and when a sign-in is declared dead.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useSandboxWithKeychains } from '../../../test/support/sandbox';
import { readStoredSession, storeHeadlessSignIn } from '../../../test/support/stored-sign-in';
import { KeychainError, type Keychain } from '../secrets/keychain';
import { createKeytarKeychain } from '../secrets/keytar-keychain';
import { withFailing } from './broken-session-files.fixture';
import { discover } from './discovery';
import { withFaults, writeFailures, type KeychainFaults } from './faulty-keychain.fixture';
import { createAuthHttp } from './http';
import { fromStored, type LiveTokens } from './live-tokens';
import { Refresher } from './refresher';
import { memoryRenewalJournal, type RenewalJournal } from './renewal-journal';
import { renewalsInFlight } from './renewals-in-flight';
import { processLock, type SessionLock } from './session-lock';
import { memorySignedOutMarker, tokenFingerprint, type SignedOutMarker } from './signed-out-marker';
import { SESSION_ACCOUNT, serializeSession, type StoredSession } from './stored-session';
import { captureLogForTest } from './test-log.fixture';
import { TokenClient, type TokenResponse } from './token-client';
import { TokenEndpointError } from './token-errors';
import { TokenStore } from './token-store';
import { SESSION_EXPIRED } from '../messages';

const { sandbox, keychains } = useSandboxWithKeychains({ owners: 1, locks: 1, seed: 'refresher' });

const NOW = 1_800_000_000_000;

/**
 * A refresher on the real keychain (fresh service) and the sandbox, with the keychain `faults` a test asks for
 * (`beforeGet(n)` acts as another process would between our reads).
 */
function setup(
  hooks: KeychainFaults & {
    lock?: SessionLock;
    /** Share a keychain and journal with another setup (another process, as far as the refresher knows). */
    real?: Keychain;
    journal?: RenewalJournal;
    marker?: SignedOutMarker;
  } = {},
) {
  const real =
    hooks.real ?? createKeytarKeychain({ service: `tapkey-locks-refresher-${randomUUID()}` });
  const journal = hooks.journal ?? memoryRenewalJournal();
  const marker = hooks.marker ?? memorySignedOutMarker();
  keychains.push(real);
  const keychain = withFaults(real, hooks);
  const log = captureLogForTest();
  const http = createAuthHttp({ timeoutMs: 5_000 });
  const refresher = new Refresher({
    store: new TokenStore(keychain, log.logger),
    lock: hooks.lock ?? processLock(),
    journal,
    marker,
    tokenClient: new TokenClient(http, log.logger),
    metadata: (issuer, signal) => discover(http, issuer, log.logger, signal),
    log: log.logger,
    now: () => NOW,
    marginCapMs: 60_000,
    defaultAccessTtlS: 3_600,
  });
  return { real, refresher, log, journal, marker };
}

/**
 * A sign-in stored as by a login without a sign-in id (as before ids): these tests are about refresh tokens
 * rotated between processes, so every sign-in here counts as the same one (replacedBy has its own tests).
 */
async function signIn(k: Keychain): Promise<StoredSession> {
  return storeHeadlessSignIn(k, sandbox, 'alice', sandbox.users[0]!.password, undefined, null);
}
const live = (s: StoredSession): LiveTokens => fromStored(s, sandbox.apiBaseUrl);
/** Stores in `k` an expired sign-in whose refresh token the server never issued (so it rejects it). */
async function storeRejectedRefresh(k: Keychain): Promise<StoredSession> {
  const s = expired({ ...(await signIn(k)), refreshToken: 'not-a-refresh-token' });
  await k.set(SESSION_ACCOUNT, serializeSession(s));
  return s;
}
/**
 * Renews a stored refresh token the server refuses, while another process stores `meanwhile(k)` between the
 * refusal and the re-read under the lock; what the renewal said, what was stored, and the token requests it took.
 */
async function renewRefusedWhile(meanwhile: (k: Keychain) => Promise<StoredSession>) {
  let stored: StoredSession | undefined;
  const { real, refresher, log } = setup({
    beforeGet: async (n, k) => {
      if (n !== 2) return;
      stored = await meanwhile(k);
      await k.set(SESSION_ACCOUNT, serializeSession(stored));
    },
  });
  const s = await storeRejectedRefresh(real);
  sandbox.stats.reset();
  const r = await refresher.renew(live(s), undefined, true, signal());
  return { r, stored: stored!, real, log, requests: sandbox.stats.tokenRequests('refresh_token') };
}
const expired = (s: StoredSession): StoredSession => ({
  ...s,
  accessTokenIssuedAt: NOW - 3_700_000,
  accessTokenExpiresAt: NOW - 100_000,
});
const fresh = (s: StoredSession): StoredSession => ({
  ...s,
  accessTokenIssuedAt: NOW - 1_000,
  accessTokenExpiresAt: NOW + 3_599_000,
});
const signal = () => AbortSignal.timeout(10_000);

describe('renewing a shared sign-in', () => {
  it('redeems an expired stored sign-in once, and stores the rotated refresh token and the new access token', async () => {
    const { real, refresher, log } = setup();
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    sandbox.stats.reset();
    const r = await refresher.renew(live(s), undefined, true, signal());
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect(r).toMatchObject({ kind: 'renewed', source: 'server', stored: 'yes' });
    if (r.kind !== 'renewed') throw new Error('not renewed');
    expect(r.tokens.refreshToken).not.toBe(s.refreshToken);
    expect(r.tokens.accessToken).not.toBe(s.accessToken);
    expect(log.text()).toContain('"message":"session renewed","rotated":true');
    expect(r.tokens).toMatchObject({
      accessIssuedAt: NOW,
      issuer: sandbox.issuer,
      clientId: sandbox.clientId,
      apiBaseUrl: sandbox.apiBaseUrl,
      scope: s.scope,
    });
    expect(r.tokens.accessExpiresAt).toBeGreaterThan(NOW);
    expect(await readStoredSession(real)).toMatchObject({
      refreshToken: r.tokens.refreshToken,
      accessToken: r.tokens.accessToken,
      accessTokenIssuedAt: NOW,
      accessTokenExpiresAt: r.tokens.accessExpiresAt,
      savedAt: new Date(NOW).toISOString(),
    });
  });

  it('adopts a fresh access token another process stored, without a token request', async () => {
    const { real, refresher } = setup();
    const s = await signIn(real);
    await real.set(SESSION_ACCOUNT, serializeSession(fresh(s)));
    sandbox.stats.reset();
    const r = await refresher.renew(
      { ...live(s), accessToken: 'an-older-access-token' },
      'an-older-access-token',
      true,
      signal(),
    );
    expect(r).toEqual({ kind: 'renewed', tokens: live(fresh(s)), source: 'store', stored: 'yes' });
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });

  it('redeems when the fresh stored access token is the one the API just rejected', async () => {
    const { real, refresher } = setup();
    const s = fresh(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    sandbox.stats.reset();
    const r = await refresher.renew(live(s), s.accessToken!, true, signal());
    expect(r).toMatchObject({ kind: 'renewed', source: 'server', stored: 'yes' });
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
  });

  it('redeems the newer refresh token another process stored, not the one it holds (no reuse, one request)', async () => {
    const { real, refresher } = setup();
    const old = await signIn(real);
    // Another process rotated: the stored token is newer, its access token already expired.
    const rotated = await signIn(real);
    await real.set(SESSION_ACCOUNT, serializeSession(expired(rotated)));
    sandbox.stats.reset();
    const r = await refresher.renew(live(expired(old)), undefined, true, signal());
    expect(r).toMatchObject({ kind: 'renewed', source: 'server' });
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    // The held token was never redeemed; the stored one was (rotated away).
    expect(await sandbox.isRefreshTokenActive(old.refreshToken)).toBe(true);
    expect(await sandbox.isRefreshTokenActive(rotated.refreshToken)).toBe(false);
  });

  it.each([
    {
      when: 'with nothing newer stored: dead, and the entry holding it removed',
      newer: [],
      requests: 1,
      left: null,
    },
    {
      when: 'and a newer one stored meanwhile is refused too: dead, and that entry removed',
      newer: ['also-not-a-refresh-token'],
      requests: 2,
      left: null,
    },
    {
      // Another process keeps storing refused tokens: the renewal must not chase them one by one.
      when: 'and so is each newer one stored after a refusal: one adopted at most, the last (never sent) left',
      newer: ['refused-2', 'refused-3'],
      requests: 2,
      left: 'refused-3',
    },
  ])('a refresh token the server rejects $when', async ({ newer, requests, left }) => {
    const { real, refresher } = setup({
      beforeGet: async (n, k) => {
        const refreshToken = newer[n - 2];
        if (refreshToken)
          await k.set(
            SESSION_ACCOUNT,
            serializeSession({ ...(await readStoredSession(k))!, refreshToken }),
          );
      },
    });
    const s = await storeRejectedRefresh(real);
    sandbox.stats.reset();
    expect(await refresher.renew(live(s), undefined, true, signal())).toEqual({
      kind: 'dead',
      reason: SESSION_EXPIRED,
    });
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(requests);
    expect((await readStoredSession(real))?.refreshToken ?? null).toBe(left);
  });

  it('a rejected refresh token whose entry another process already removed: dead, nothing to remove', async () => {
    const { real, refresher, log } = setup({
      beforeGet: async (n, k) => {
        if (n === 2) await k.delete(SESSION_ACCOUNT);
      },
    });
    const s = await storeRejectedRefresh(real);
    expect(await refresher.renew(live(s), undefined, true, signal())).toEqual({
      kind: 'dead',
      reason: SESSION_EXPIRED,
    });
    expect(await real.get(SESSION_ACCOUNT)).toBeNull();
    expect(log.text()).toContain('refresh token refused; the sign-in has ended');
    expect(log.text()).not.toContain('adopting it');
  });

  it('a dead token does not remove another server’s sign-in stored meanwhile', async () => {
    const { real, refresher } = setup();
    const s = await signIn(real);
    const foreign = { ...s, refreshToken: 'foreign-refresh', issuer: 'https://login.tapkey.com' };
    await real.set(SESSION_ACCOUNT, serializeSession(foreign));
    expect(
      await refresher.renew(
        live(expired({ ...s, refreshToken: 'not-a-refresh-token' })),
        undefined,
        true,
        signal(),
      ),
    ).toEqual({ kind: 'dead', reason: SESSION_EXPIRED });
    expect(await readStoredSession(real)).toEqual(foreign);
  });

  it('after invalid_grant, re-reads under the lock and adopts a fresh sign-in stored meanwhile (not dead)', async () => {
    const { r, stored, requests, log } = await renewRefusedWhile(async (k) =>
      fresh(await signIn(k)),
    );
    expect(r).toEqual({ kind: 'renewed', tokens: live(stored), source: 'store', stored: 'yes' });
    expect(requests).toBe(1);
    expect(log.text()).toContain('refresh token was rotated by another process; adopting it');
    expect(log.text()).not.toContain('the sign-in has ended');
  });

  it('after invalid_grant, redeems an expired sign-in stored meanwhile', async () => {
    const { r, requests, real } = await renewRefusedWhile(async (k) => expired(await signIn(k)));
    expect(r).toMatchObject({ kind: 'renewed', source: 'server', stored: 'yes' });
    expect(requests).toBe(2);
    expect((await readStoredSession(real))?.refreshToken).toBe(
      r.kind === 'renewed' ? r.tokens.refreshToken : 'none',
    );
  });

  it('after invalid_grant, another sign-in found on the re-read replaces this one (never adopted as it)', async () => {
    const { r, stored } = await renewRefusedWhile(async (k) => ({
      ...fresh(await signIn(k)),
      signInId: 'bob-login',
    }));
    expect(r).toEqual({ kind: 'replaced', tokens: live(stored), stored: 'yes' });
  });

  it('a dead token whose entry cannot be removed (locked keychain): still dead, the failure logged', async () => {
    const { real, refresher, log } = setup({ failDelete: new KeychainError('locked', 'locked') });
    const s = await storeRejectedRefresh(real);
    expect(await refresher.renew(live(s), undefined, true, signal())).toEqual({
      kind: 'dead',
      reason: SESSION_EXPIRED,
    });
    expect(log.text()).toContain(
      '"message":"could not remove the stored sign-in","error":{"name":"KeychainError"',
    );
  });

  it('a transient failure is thrown untouched and the stored refresh token is kept', async () => {
    const { real, refresher } = setup();
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    sandbox.faults.add({ target: 'token', kind: 'status', status: 503 });
    const e = await refresher.renew(live(s), undefined, true, signal()).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(TokenEndpointError);
    expect(e).toMatchObject({ transient: true });
    expect(await readStoredSession(real)).toEqual(s);
  });

  it('a transient failure after invalid_grant, while redeeming the newer token, is thrown too', async () => {
    const { real, refresher } = setup({
      beforeGet: async (n, k) => {
        if (n === 2) {
          await k.set(SESSION_ACCOUNT, serializeSession(expired(await signIn(k))));
          sandbox.faults.add({ target: 'token', kind: 'status', status: 503 });
        }
      },
    });
    const s = await storeRejectedRefresh(real);
    await expect(refresher.renew(live(s), undefined, true, signal())).rejects.toMatchObject({
      transient: true,
    });
    expect(await real.get(SESSION_ACCOUNT)).not.toBeNull();
  });

  it('a set without a refresh token is dead without a token request', async () => {
    const { refresher } = setup();
    sandbox.stats.reset();
    const s = await signIn(
      createKeytarKeychain({ service: `tapkey-locks-refresher-${randomUUID()}` }),
    );
    expect(
      await refresher.renew(
        { ...live(expired(s)), refreshToken: undefined },
        undefined,
        false,
        signal(),
      ),
    ).toEqual({ kind: 'dead', reason: SESSION_EXPIRED });
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(0);
  });

  it('does not overwrite another server’s sign-in stored while it renewed', async () => {
    let foreign: StoredSession | undefined;
    const { real, refresher, journal } = setup({
      beforeGet: async (n, k) => {
        if (n === 2) {
          foreign = {
            ...(await readStoredSession(k))!,
            issuer: 'https://login.tapkey.com',
            refreshToken: 'foreign',
          };
          await k.set(SESSION_ACCOUNT, serializeSession(foreign));
        }
      },
    });
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    const r = await refresher.renew(live(s), undefined, true, signal());
    expect(r).toMatchObject({ kind: 'renewed', source: 'server', stored: 'foreign' });
    expect(await readStoredSession(real)).toEqual(foreign);
    // The answer is not lost (its receiver holds it), so no record keeps the sent token from anyone.
    expect(await journal.read()).toBeNull();
  });

  it('reports the keychain problem when the renewed sign-in cannot be stored', async () => {
    for (const [error, problem] of writeFailures('locked')) {
      const { real, refresher, log } = setup({ failSet: error });
      const s = expired(
        await signIn(createKeytarKeychain({ service: `tapkey-locks-refresher-${randomUUID()}` })),
      );
      // Never stored (the keychain refuses writes), so an empty entry is no sign of a sign-out elsewhere.
      const r = await refresher.renew(live(s), undefined, false, signal());
      expect(r).toMatchObject({ kind: 'renewed', source: 'server', stored: problem });
      expect(await real.get(SESSION_ACCOUNT)).toBeNull();
      expect(log.text()).toContain(
        `"message":"could not store the renewed sign-in in the keychain","problem":"${problem}"`,
      );
    }
  });
});

describe('a refresh, once sent, is never abandoned and never repeated', () => {
  it('an answer lost after the server rotated: interrupted, recorded, and no process sends that token again', async () => {
    const { real, refresher, journal, log } = setup();
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    sandbox.stats.reset();
    sandbox.faults.add({ target: 'token', kind: 'handle-then-drop', times: 1 });
    expect(await refresher.renew(live(s), undefined, true, signal())).toEqual({
      kind: 'interrupted',
    });
    expect(await sandbox.isRefreshTokenActive(s.refreshToken)).toBe(false);
    expect(await journal.read()).toMatchObject({ sentSha256: tokenFingerprint(s.refreshToken) });
    // The keychain keeps what it had (nothing is discarded), but no one redeems it again.
    expect(await readStoredSession(real)).toEqual(s);
    const other = setup({ real, journal });
    expect(await other.refresher.renew(live(s), undefined, true, signal())).toEqual({
      kind: 'interrupted',
    });
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect(log.text()).toContain('the answer to a sent refresh was lost');
    expect(other.log.text()).toContain('the last renewal was interrupted after sending');
  });

  it('an answer slower than the caller’s patience: the caller’s abort does not stop it, and it is stored', async () => {
    const { real, refresher, journal } = setup();
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    sandbox.faults.add({ target: 'token', kind: 'handle-then-delay', delayMs: 600, times: 1 });
    const controller = new AbortController();
    const renewal = refresher.renew(live(s), undefined, true, controller.signal);
    await expect.poll(() => renewalsInFlight(), { interval: 10 }).toBe(1);
    controller.abort();
    const r = await renewal;
    expect(r).toMatchObject({ kind: 'renewed', source: 'server', stored: 'yes' });
    expect(renewalsInFlight()).toBe(0);
    const stored = await readStoredSession(real);
    expect(stored?.refreshToken).toBe(r.kind === 'renewed' ? r.tokens.refreshToken : 'none');
    expect(await sandbox.isRefreshTokenActive(stored!.refreshToken)).toBe(true);
    expect(await journal.read()).toBeNull();
  });

  it('a caller that gives up while waiting for the lock sends nothing', async () => {
    const { real, refresher } = setup();
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    sandbox.stats.reset();
    const controller = new AbortController();
    controller.abort();
    await expect(
      refresher.renew(live(s), undefined, true, controller.signal),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });

  it('a caller that gives up while another renewal holds the lock stops waiting at once, and sends nothing', async () => {
    const lock = processLock();
    const { real, refresher } = setup({ lock });
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    sandbox.stats.reset();
    let release!: () => void;
    const holding = lock.withLock(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const renewal = refresher.renew(live(s), undefined, true, controller.signal);
    controller.abort();
    // Settles while the other holder still has the lock: the wait itself was given up.
    await expect(renewal).rejects.toMatchObject({ code: 'cancelled' });
    release();
    await holding;
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });

  it('a journal that cannot be read, written or cleared does not stop a renewal, and each failure is logged', async () => {
    const { real, refresher, log } = setup({
      journal: withFailing(memoryRenewalJournal(), ['read', 'sending', 'clear']),
    });
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    const r = await refresher.renew(live(s), undefined, true, signal());
    expect(r).toMatchObject({ kind: 'renewed', source: 'server', stored: 'yes' });
    expect((await readStoredSession(real))?.refreshToken).toBe(
      r.kind === 'renewed' ? r.tokens.refreshToken : 'none',
    );
    for (const [message, op] of [
      ['could not read the renewal journal', 'read'],
      ['could not record the renewal before sending it', 'sending'],
      ['could not clear the renewal journal', 'clear'],
    ])
      expect(log.text()).toContain(
        `"message":"${message}","error":{"name":"Error","message":"EIO: i/o error, ${op}"}`,
      );
  });

  it('an answer neither the keychain nor the journal can keep is still handed to its receiver, and logged', async () => {
    const { real, refresher, log } = setup({
      failSet: new KeychainError('locked', 'locked'),
      journal: withFailing(memoryRenewalJournal(), ['answered']),
    });
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    const r = await refresher.renew(live(s), undefined, true, signal());
    expect(r).toMatchObject({ kind: 'renewed', source: 'server', stored: 'locked' });
    if (r.kind !== 'renewed') throw new Error('not renewed');
    expect(await sandbox.isRefreshTokenActive(r.tokens.refreshToken!)).toBe(true);
    expect(log.text()).toContain(
      '"message":"could not record the unstored renewal","error":{"name":"Error","message":"EIO: i/o error, answered"}',
    );
  });

  it('the server answering that it issued nothing (503) clears the record: the token is tried again later', async () => {
    const { real, refresher, journal } = setup();
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    sandbox.faults.add({ target: 'token', kind: 'status', status: 503, times: 1 });
    await expect(refresher.renew(live(s), undefined, true, signal())).rejects.toMatchObject({
      code: 'server',
    });
    expect(await journal.read()).toBeNull();
    expect(await refresher.renew(live(s), undefined, true, signal())).toMatchObject({
      kind: 'renewed',
    });
  });

  it('a request that never left (connection refused) clears the record, and the token is kept', async () => {
    const closed = await import('node:net').then(
      ({ createServer }) =>
        new Promise<string>((resolve) => {
          const probe = createServer().listen(0, '127.0.0.1', () => {
            const { port } = probe.address() as { port: number };
            probe.close(() => resolve(`http://127.0.0.1:${port}/connect/token`));
          });
        }),
    );
    const { real, journal } = setup();
    const log = captureLogForTest();
    const http = createAuthHttp({ retryDelayMs: 1 });
    const refresher = new Refresher({
      store: new TokenStore(real, log.logger),
      lock: processLock(),
      journal,
      marker: memorySignedOutMarker(),
      tokenClient: new TokenClient(http, log.logger),
      metadata: async (issuer) => ({
        issuer,
        authorizationEndpoint: `${issuer}/a`,
        tokenEndpoint: closed,
        issParameterSupported: false,
        fromDiscovery: true,
      }),
      log: log.logger,
      now: () => NOW,
      marginCapMs: 60_000,
      defaultAccessTtlS: 3_600,
    });
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    await expect(refresher.renew(live(s), undefined, true, signal())).rejects.toMatchObject({
      code: 'network',
      fate: 'not-sent',
    });
    expect(await journal.read()).toBeNull();
    expect(await readStoredSession(real)).toEqual(s);
    expect(await sandbox.isRefreshTokenActive(s.refreshToken)).toBe(true);
  });

  it('a 400 with an empty body (Glewlwyd) ends the sign-in once, cleanly: entry and record gone', async () => {
    const { real, refresher, journal } = setup();
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    sandbox.stats.reset();
    sandbox.faults.add({ target: 'token', kind: 'status', status: 400, emptyBody: true });
    expect(await refresher.renew(live(s), undefined, true, signal())).toEqual({
      kind: 'dead',
      reason: SESSION_EXPIRED,
    });
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect(await real.get(SESSION_ACCOUNT)).toBeNull();
    expect(await journal.read()).toBeNull();
  });

  it('an answer that cannot be stored is recorded as answered: its receiver goes on with it, others do not reuse the spent one', async () => {
    const shared = createKeytarKeychain({ service: `tapkey-locks-refresher-${randomUUID()}` });
    keychains.push(shared);
    const journal = memoryRenewalJournal();
    const s = expired(await signIn(shared));
    await shared.set(SESSION_ACCOUNT, serializeSession(s));
    const failing = setup({
      real: shared,
      journal,
      failSet: new KeychainError('locked', 'locked'),
    });
    const first = await failing.refresher.renew(live(s), undefined, true, signal());
    expect(first).toMatchObject({ kind: 'renewed', stored: 'locked' });
    if (first.kind !== 'renewed') throw new Error('not renewed');
    expect(await journal.read()).toMatchObject({
      sentSha256: tokenFingerprint(s.refreshToken),
      answeredSha256: tokenFingerprint(first.tokens.refreshToken!),
    });
    // Another process only has the spent token in the keychain.
    const other = setup({ real: shared, journal });
    sandbox.stats.reset();
    expect(await other.refresher.renew(live(s), undefined, true, signal())).toEqual({
      kind: 'interrupted',
    });
    // The receiver renews with the token only it holds, once, and stores it now that the keychain works.
    const healed = setup({ real: shared, journal });
    const again = await healed.refresher.renew(
      { ...first.tokens, accessExpiresAt: NOW - 1 },
      undefined,
      true,
      signal(),
    );
    expect(again).toMatchObject({ kind: 'renewed', source: 'server', stored: 'yes' });
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect(await journal.read()).toBeNull();
  });
});

describe('a sign-in is one sign-in', () => {
  const withId = (s: StoredSession, signInId: string): StoredSession => ({ ...s, signInId });

  it('another sign-in stored (a new login elsewhere): replaced, with its fresh tokens, no token request', async () => {
    const { real, refresher, log } = setup();
    const mine = withId(expired(await signIn(real)), 'alice-login');
    const theirs = {
      ...withId(fresh(await signIn(real)), 'bob-login'),
      account: 'Bob',
      subject: 'bob',
    };
    await real.set(SESSION_ACCOUNT, serializeSession(theirs));
    sandbox.stats.reset();
    expect(await refresher.renew(live(mine), undefined, true, signal())).toEqual({
      kind: 'replaced',
      tokens: live(theirs),
      stored: 'yes',
    });
    expect(sandbox.stats.tokenRequests()).toBe(0);
    expect(log.text()).toContain('"message":"another sign-in replaced this one"');
  });

  it('another sign-in stored with a stale access token: renewed with its own refresh token, still replaced', async () => {
    const { real, refresher } = setup();
    const mine = withId(expired(await signIn(real)), 'alice-login');
    const theirs = withId(expired(await signIn(real)), 'bob-login');
    await real.set(SESSION_ACCOUNT, serializeSession(theirs));
    const r = await refresher.renew(live(mine), undefined, true, signal());
    expect(r).toMatchObject({ kind: 'replaced', stored: 'yes', tokens: { signInId: 'bob-login' } });
    expect(await sandbox.isRefreshTokenActive(theirs.refreshToken)).toBe(false);
    expect(await sandbox.isRefreshTokenActive(mine.refreshToken)).toBe(true);
    expect((await readStoredSession(real))?.signInId).toBe('bob-login');
  });

  it('another sign-in stored, whose own last renewal was interrupted: interrupted, its token not sent', async () => {
    const { real, refresher, journal } = setup();
    const mine = withId(expired(await signIn(real)), 'alice-login');
    const theirs = withId(expired(await signIn(real)), 'bob-login');
    await real.set(SESSION_ACCOUNT, serializeSession(theirs));
    await journal.sending(theirs.refreshToken);
    sandbox.stats.reset();
    expect(await refresher.renew(live(mine), undefined, true, signal())).toEqual({
      kind: 'interrupted',
    });
    expect(sandbox.stats.tokenRequests()).toBe(0);
    expect(await sandbox.isRefreshTokenActive(theirs.refreshToken)).toBe(true);
  });

  it('another sign-in stored with a refresh token the server refuses: dead, not a replacement', async () => {
    const { real, refresher } = setup();
    const mine = withId(expired(await signIn(real)), 'alice-login');
    const theirs = withId(
      expired({ ...(await signIn(real)), refreshToken: 'not-a-refresh-token' }),
      'bob-login',
    );
    await real.set(SESSION_ACCOUNT, serializeSession(theirs));
    expect(await refresher.renew(live(mine), undefined, true, signal())).toEqual({
      kind: 'dead',
      reason: SESSION_EXPIRED,
    });
    expect(await real.get(SESSION_ACCOUNT)).toBeNull();
  });

  it('another sign-in stored, with a journal that cannot be read: renewed with its own token, still replaced', async () => {
    const { real, refresher } = setup({ journal: withFailing(memoryRenewalJournal(), ['read']) });
    const mine = withId(expired(await signIn(real)), 'alice-login');
    const theirs = withId(expired(await signIn(real)), 'bob-login');
    await real.set(SESSION_ACCOUNT, serializeSession(theirs));
    expect(await refresher.renew(live(mine), undefined, true, signal())).toMatchObject({
      kind: 'replaced',
      stored: 'yes',
      tokens: { signInId: 'bob-login' },
    });
    expect(await sandbox.isRefreshTokenActive(theirs.refreshToken)).toBe(false);
  });

  it('an entry stored before sign-in ids, replaced by one with an id, is another sign-in', async () => {
    const { real, refresher } = setup();
    const legacy = expired(await signIn(real));
    const theirs = withId(fresh(await signIn(real)), 'new-login');
    await real.set(SESSION_ACCOUNT, serializeSession(theirs));
    expect(await refresher.renew(live(legacy), undefined, true, signal())).toMatchObject({
      kind: 'replaced',
    });
  });

  it('signed out in another process: the entry this session stored is gone, or marked signed out', async () => {
    const { real, refresher, log } = setup();
    const s = expired(await signIn(real));
    await real.delete(SESSION_ACCOUNT);
    sandbox.stats.reset();
    expect(await refresher.renew(live(s), undefined, true, signal())).toEqual({
      kind: 'signed-out-elsewhere',
    });
    const marked = setup();
    const t = expired(await signIn(marked.real));
    await marked.real.set(SESSION_ACCOUNT, serializeSession(t));
    await marked.marker.write(t.refreshToken);
    expect(await marked.refresher.renew(live(t), undefined, true, signal())).toEqual({
      kind: 'signed-out-elsewhere',
    });
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(0);
    expect(log.text()).toContain('"message":"the sign-in was signed out in another process"');
  });

  it('a marker whose token is unknown means signed out too; one naming an older sign-in does not', async () => {
    const unknown = setup();
    const s = expired(await signIn(unknown.real));
    await unknown.real.set(SESSION_ACCOUNT, serializeSession(s));
    await unknown.marker.write(null);
    sandbox.stats.reset();
    expect(await unknown.refresher.renew(live(s), undefined, true, signal())).toEqual({
      kind: 'signed-out-elsewhere',
    });
    expect(sandbox.stats.tokenRequests()).toBe(0);
    const older = setup();
    const t = expired(await signIn(older.real));
    await older.real.set(SESSION_ACCOUNT, serializeSession(t));
    await older.marker.write('a-refresh-token-signed-out-of-before');
    expect(await older.refresher.renew(live(t), undefined, true, signal())).toMatchObject({
      kind: 'renewed',
      source: 'server',
    });
  });

  it('a marker that cannot be read does not stop a renewal', async () => {
    const { real, refresher } = setup({
      marker: withFailing(memorySignedOutMarker(), ['read']),
    });
    const s = expired(await signIn(real));
    await real.set(SESSION_ACCOUNT, serializeSession(s));
    expect(await refresher.renew(live(s), undefined, true, signal())).toMatchObject({
      kind: 'renewed',
      source: 'server',
      stored: 'yes',
    });
  });
});

describe('the live set a token response yields', () => {
  const { refresher } = setup();
  const previous = { refreshToken: 'r0', scope: 's0', issuer: 'i', clientId: 'c', apiBaseUrl: 'a' };
  const res = (over: Partial<TokenResponse>): TokenResponse => ({
    accessToken: 'a1',
    expiresIn: undefined,
    refreshToken: undefined,
    scope: undefined,
    idToken: undefined,
    ...over,
  });

  it('takes the lifetime the server gives, or the default, from now', () => {
    expect(refresher.tokensFrom(res({ expiresIn: 30 }), previous)).toEqual({
      ...previous,
      accessToken: 'a1',
      accessIssuedAt: NOW,
      accessExpiresAt: NOW + 30_000,
    });
    expect(refresher.tokensFrom(res({}), previous).accessExpiresAt).toBe(NOW + 3_600_000);
  });

  it('keeps the previous refresh token and scope when the server sends none', () => {
    expect(refresher.tokensFrom(res({ refreshToken: 'r1', scope: 's1' }), previous)).toMatchObject({
      refreshToken: 'r1',
      scope: 's1',
    });
    expect(refresher.tokensFrom(res({}), previous)).toMatchObject({
      refreshToken: 'r0',
      scope: 's0',
    });
  });
});
