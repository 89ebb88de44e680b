// Forgetting a sign-in against the sandbox's revocation endpoint and the real keychain: which entry is removed,
// which token is revoked where, what the server was told (RFC 7009 §2.2: only a 200 revokes), and what a failed
// delete leaves behind (the signed-out marker).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useSandboxWithKeychains } from '../../../test/support/sandbox';
import { readStoredSession, storeHeadlessSignIn } from '../../../test/support/stored-sign-in';
import { AppFailure } from '../errors';
import { KeychainError, type Keychain } from '../secrets/keychain';
import { createKeytarKeychain } from '../secrets/keytar-keychain';
import { withFailing } from './broken-session-files.fixture';
import { discover, type ServerMetadata } from './discovery';
import { withFaults } from './faulty-keychain.fixture';
import { createAuthHttp } from './http';
import { fromStored } from './live-tokens';
import { memoryRenewalJournal } from './renewal-journal';
import { processLock, type SessionLock } from './session-lock';
import { memorySignedOutMarker, tokenFingerprint, type SignedOutMarker } from './signed-out-marker';
import { forgetSignIn } from './sign-out';
import { SESSION_ACCOUNT, serializeSession, type StoredSession } from './stored-session';
import { captureLogForTest } from './test-log.fixture';
import { TokenClient } from './token-client';
import { TokenStore } from './token-store';
import { withSandbox } from '../../../test/support/sandbox';

const { sandbox, keychains } = useSandboxWithKeychains({ owners: 1, locks: 1, seed: 'sign-out' });

function setup(
  options: {
    failDelete?: boolean;
    marker?: SignedOutMarker;
    lock?: SessionLock;
    metadata?: (issuer: string) => Promise<ServerMetadata>;
  } = {},
) {
  const real = createKeytarKeychain({ service: `tapkey-locks-sign-out-${randomUUID()}` });
  keychains.push(real);
  const keychain = withFaults(real, {
    failDelete: options.failDelete && new KeychainError('locked', 'locked'),
  });
  const log = captureLogForTest();
  const http = createAuthHttp({ timeoutMs: 5_000 });
  const marker = options.marker ?? memorySignedOutMarker();
  // The real client, recording what it was asked to revoke (the sandbox accepts either hint, as RFC 7009 §2.1 asks).
  const client = new TokenClient(http, log.logger);
  const revoked: Array<Parameters<TokenClient['revoke']>[0]> = [];
  const tokenClient = Object.assign(Object.create(TokenClient.prototype) as TokenClient, client, {
    revoke: (p: Parameters<TokenClient['revoke']>[0], signal?: AbortSignal) => {
      revoked.push(p);
      return client.revoke(p, signal);
    },
  });
  const journal = memoryRenewalJournal();
  const deps = {
    log: log.logger,
    store: new TokenStore(keychain, log.logger),
    lock: options.lock ?? processLock(),
    journal,
    marker,
    tokenClient,
    metadata:
      options.metadata ??
      ((issuer: string, signal?: AbortSignal) => discover(http, issuer, log.logger, signal)),
    revocationTimeoutMs: 5_000,
  };
  return { real, deps, marker, journal, log, revoked };
}

/** A lock another process holds longer than a sign-out waits. */
const busyLock: SessionLock = {
  withLock: () => Promise.reject(new AppFailure('timeout', 'busy')),
  ifFree: async () => 'busy',
};

const servers = () => ({
  issuer: sandbox.issuer,
  clientId: sandbox.clientId,
  apiBaseUrl: sandbox.apiBaseUrl,
});
const signIn = (k: Keychain) =>
  storeHeadlessSignIn(k, sandbox, 'alice', sandbox.users[0]!.password);
const live = (s: StoredSession) => fromStored(s, sandbox.apiBaseUrl);

/** Signs in (stored in a keychain set up with `options`), then out; the sign-out's result beside the parts. */
async function signInThenOut(options: Parameters<typeof setup>[0] = {}) {
  const parts = setup(options);
  const s = await signIn(parts.real);
  return { ...parts, s, result: await forgetSignIn(parts.deps, live(s), servers()) };
}

describe('signing out', () => {
  it('removes the entry, drops an old marker and renewal record, and revokes the stored refresh token at its issuer', async () => {
    const { real, deps, marker, journal, revoked, log } = setup();
    const s = await signIn(real);
    await marker.write('older');
    await journal.sending('older');
    sandbox.stats.reset();
    expect(await forgetSignIn(deps, live(s), servers())).toEqual({
      forgotten: true,
      remembered: true,
      revocation: 'revoked',
    });
    expect(revoked).toEqual([
      {
        revocationEndpoint: expect.stringContaining(sandbox.issuer) as string,
        clientId: sandbox.clientId,
        token: s.refreshToken,
        hint: 'refresh_token',
      },
    ]);
    expect(log.text()).toContain('"message":"signed out","revocation":"revoked"');
    expect(await real.get(SESSION_ACCOUNT)).toBeNull();
    expect(await marker.read()).toBeNull();
    expect(await journal.read()).toBeNull();
    expect(sandbox.stats.revocations()).toBe(1);
    expect(await sandbox.isRefreshTokenActive(s.refreshToken)).toBe(false);
  });

  it('revokes the newer refresh token another process stored, not the one it held', async () => {
    const { real, deps } = setup();
    const held = await signIn(real);
    const newer = await signIn(real);
    expect(await forgetSignIn(deps, live(held), servers())).toMatchObject({
      revocation: 'revoked',
    });
    expect(await sandbox.isRefreshTokenActive(newer.refreshToken)).toBe(false);
    expect(await sandbox.isRefreshTokenActive(held.refreshToken)).toBe(true);
  });

  it('leaves another server’s sign-in in the keychain and revokes only its own tokens', async () => {
    const { real, deps } = setup();
    const ours = await signIn(
      createKeytarKeychain({ service: `tapkey-locks-sign-out-${randomUUID()}` }),
    );
    const foreign = { ...(await signIn(real)), apiBaseUrl: 'https://elsewhere.example/api/v1/' };
    await real.set(SESSION_ACCOUNT, serializeSession(foreign));
    expect(await forgetSignIn(deps, live(ours), servers())).toEqual({
      forgotten: true,
      remembered: true,
      revocation: 'revoked',
    });
    expect(await readStoredSession(real)).toEqual(foreign);
    expect(await sandbox.isRefreshTokenActive(ours.refreshToken)).toBe(false);
    expect(await sandbox.isRefreshTokenActive(foreign.refreshToken)).toBe(true);
  });

  it('with nothing stored and nothing held: forgotten, nothing revoked, no request', async () => {
    const { deps } = setup();
    sandbox.stats.reset();
    expect(await forgetSignIn(deps, null, servers())).toEqual({
      forgotten: true,
      remembered: true,
      revocation: null,
    });
    expect(sandbox.stats.revocations()).toBe(0);
  });

  it('with nothing stored, the keychain is not touched: a keychain refusing deletes still forgets, and the held token is revoked', async () => {
    const { deps, marker, journal } = setup({ failDelete: true });
    const s = await signIn(
      createKeytarKeychain({ service: `tapkey-locks-sign-out-${randomUUID()}` }),
    );
    await marker.write('older');
    await journal.sending('older');
    expect(await forgetSignIn(deps, live(s), servers())).toEqual({
      forgotten: true,
      remembered: true,
      revocation: 'revoked',
    });
    expect(await sandbox.isRefreshTokenActive(s.refreshToken)).toBe(false);
  });

  it('held tokens with neither a refresh nor an access token: nothing revoked, no request', async () => {
    const { deps } = setup();
    const s = await signIn(
      createKeytarKeychain({ service: `tapkey-locks-sign-out-${randomUUID()}` }),
    );
    sandbox.stats.reset();
    expect(
      await forgetSignIn(
        deps,
        { ...live(s), refreshToken: undefined, accessToken: null },
        servers(),
      ),
    ).toEqual({ forgotten: true, remembered: true, revocation: null });
    expect(sandbox.stats.revocations()).toBe(0);
  });

  it('a held access token alone is revoked as an access token', async () => {
    const { deps, revoked } = setup();
    const s = await signIn(
      createKeytarKeychain({ service: `tapkey-locks-sign-out-${randomUUID()}` }),
    );
    sandbox.stats.reset();
    const r = await forgetSignIn(deps, { ...live(s), refreshToken: undefined }, servers());
    expect(revoked).toMatchObject([{ token: s.accessToken, hint: 'access_token' }]);
    expect(r.revocation).toBe('revoked');
    expect(sandbox.stats.revocations()).toBe(1);
  });

  it('a server that advertises no revocation endpoint is not asked, and the result says so', async () => {
    await withSandbox({ revocation: false, seed: 'no-revocation' }, async (bare) => {
      const http = createAuthHttp({ timeoutMs: 5_000 });
      const { real, deps, log } = setup({
        metadata: (issuer) => discover(http, issuer, captureLogForTest().logger),
      });
      const s = await storeHeadlessSignIn(real, bare, 'alice', bare.users[0]!.password);
      expect(
        await forgetSignIn(deps, fromStored(s, bare.apiBaseUrl), {
          issuer: bare.issuer,
          clientId: bare.clientId,
          apiBaseUrl: bare.apiBaseUrl,
        }),
      ).toEqual({ forgotten: true, remembered: true, revocation: 'unsupported' });
      expect(bare.stats.revocations()).toBe(0);
      expect(await real.get(SESSION_ACCOUNT)).toBeNull();
      expect(log.text()).toContain('"message":"signed out","revocation":"unsupported"');
    });
  });

  it('a server that refuses the revocation (401, as Glewlwyd does for public clients): "refused", the token still valid, and the access token revoked on its own', async () => {
    const { real, deps, revoked, log } = setup();
    const s = await signIn(real);
    sandbox.stats.reset();
    // Once: the access token's revocation that follows is answered.
    const refusal = { target: 'revocation', kind: 'status', status: 401, emptyBody: true } as const;
    sandbox.faults.add({ ...refusal, times: 1 });
    expect(await forgetSignIn(deps, live(s), servers())).toEqual({
      forgotten: true,
      remembered: true,
      revocation: 'refused',
    });
    expect(revoked).toMatchObject([
      { token: s.refreshToken, hint: 'refresh_token' },
      { token: s.accessToken, hint: 'access_token' },
    ]);
    expect(sandbox.stats.revocations()).toBe(2);
    expect(log.text()).toContain(
      '"message":"revocation of the refresh token refused; revoked the access token alone","accessTokenRevocation":"revoked"',
    );
    // Forgotten here. The refresh token's revocation was refused, so the result says so, even though this server
    // (oidc-provider) happens to end the whole grant with the access token, as RFC 7009 §2.1 allows.
    expect(await real.get(SESSION_ACCOUNT)).toBeNull();
  });

  it('an unreachable server: forgotten here, revocation "unreachable", the cause logged', async () => {
    const { real, deps } = setup();
    const s = await signIn(real);
    sandbox.faults.add({ target: 'revocation', kind: 'drop' });
    expect(await forgetSignIn(deps, live(s), servers())).toEqual({
      forgotten: true,
      remembered: true,
      revocation: 'unreachable',
    });
    expect(await real.get(SESSION_ACCOUNT)).toBeNull();
    const failingDiscovery = setup({
      metadata: () => Promise.reject(new AppFailure('discovery-failed', 'down')),
    });
    expect(await forgetSignIn(failingDiscovery.deps, live(s), servers())).toMatchObject({
      revocation: 'unreachable',
    });
    expect(failingDiscovery.log.text()).toContain(
      '"message":"revocation skipped","error":{"name":"AppFailure","message":"down"}',
    );
  });

  it('a failed delete is remembered with the fingerprint of the stored token, and still revoked', async () => {
    const { result, s, marker, log } = await signInThenOut({ failDelete: true });
    expect(result).toEqual({ forgotten: false, remembered: true, revocation: 'revoked' });
    expect(log.text()).toContain(
      '"message":"could not remove the stored sign-in; remembering the sign-out","error":{"name":"KeychainError"',
    );
    expect(await marker.read()).toEqual({ refreshTokenSha256: tokenFingerprint(s.refreshToken) });
  });

  it('a failed delete of an unreadable entry remembers the held token; with none held, "whatever is stored"', async () => {
    const { real, deps, marker } = setup({ failDelete: true });
    const s = await signIn(
      createKeytarKeychain({ service: `tapkey-locks-sign-out-${randomUUID()}` }),
    );
    await real.set(SESSION_ACCOUNT, 'not json');
    expect(await forgetSignIn(deps, live(s), servers())).toMatchObject({
      forgotten: false,
      remembered: true,
    });
    expect(await marker.read()).toEqual({ refreshTokenSha256: tokenFingerprint(s.refreshToken) });
    expect(await forgetSignIn(deps, null, servers())).toEqual({
      forgotten: false,
      remembered: true,
      revocation: null,
    });
    expect(await marker.read()).toEqual({ refreshTokenSha256: null });
  });

  it('when the marker cannot be written either, the result says so', async () => {
    const { result, log } = await signInThenOut({
      failDelete: true,
      marker: withFailing(memorySignedOutMarker(), ['write']),
    });
    expect(result).toMatchObject({ forgotten: false, remembered: false });
    expect(log.text()).toContain(
      '"message":"could not remember the sign-out either","error":{"name":"Error","message":"EIO: i/o error, write"}',
    );
  });

  it('a lock that cannot be taken does not stop the sign-out, and what a late renewal stores is marked signed out (else the result says the sign-out is not remembered)', async () => {
    const { result, real, log, marker } = await signInThenOut({ lock: busyLock });
    expect(result).toEqual({ forgotten: true, remembered: true, revocation: 'revoked' });
    expect(await real.get(SESSION_ACCOUNT)).toBeNull();
    expect(log.text()).toContain(
      '"message":"signing out without the session lock","error":{"name":"AppFailure","message":"busy"}',
    );
    expect(await marker.read()).toEqual({ refreshTokenSha256: null });
    // That marker failing too is logged, and undoes nothing.
    const unmarked = await signInThenOut({
      lock: busyLock,
      marker: withFailing(memorySignedOutMarker(), ['write']),
    });
    // Removed, but what a late renewal stores would be resumed: not remembered.
    expect(unmarked.result).toMatchObject({ forgotten: true, remembered: false });
    expect(await unmarked.real.get(SESSION_ACCOUNT)).toBeNull();
    expect(unmarked.log.text()).toContain(
      '"message":"could not remember the sign-out","error":{"name":"Error","message":"EIO: i/o error, write"}',
    );
  });
});
