// Which stored sign-in a starting core may resume, against the real keychain (a private Secret Service under the
// test runners): never one the user signed out of, never another server's, never one whose last renewal was
// interrupted after sending, and an unreadable entry is removed.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGNED_OUT_NOT_FORGOTTEN } from '../messages';
import { KeychainError, keychainProblemText, type Keychain } from '../secrets/keychain';
import { createKeytarKeychain } from '../secrets/keytar-keychain';
import { withFailing } from './broken-session-files.fixture';
import { withFaults, type KeychainFaults } from './faulty-keychain.fixture';
import { findResumable } from './resume';
import { memoryRenewalJournal, type RenewalJournal } from './renewal-journal';
import { processLock, type SessionLock } from './session-lock';
import { memorySignedOutMarker, tokenFingerprint, type SignedOutMarker } from './signed-out-marker';
import { SESSION_ACCOUNT, serializeSession, type StoredSession } from './stored-session';
import { captureLogForTest } from './test-log.fixture';
import { TokenStore } from './token-store';

const keychains: Keychain[] = [];
afterEach(async () => {
  for (const k of keychains.splice(0)) await k.delete(SESSION_ACCOUNT).catch(() => {});
});

const servers = {
  issuer: 'https://login.tapkey.com',
  clientId: 'client',
  apiBaseUrl: 'https://my.tapkey.com/api/v1/',
};
const session: StoredSession = {
  v: 2,
  refreshToken: 'refresh-1',
  accessToken: 'access-1',
  accessTokenExpiresAt: 9_000,
  accessTokenIssuedAt: 1_000,
  scope: 'offline_access',
  ...servers,
  savedAt: '2026-01-01T00:00:00.000Z',
};

/** The real keychain under a fresh service, with the `faults` a test asks for; `failDelete` as a locked keyring's. */
function setup(
  options: Omit<KeychainFaults, 'failDelete'> & {
    failDelete?: boolean;
    marker?: SignedOutMarker;
    journal?: RenewalJournal;
    lock?: SessionLock;
  } = {},
) {
  const real = createKeytarKeychain({ service: `tapkey-locks-resume-${randomUUID()}` });
  keychains.push(real);
  const keychain = withFaults(real, {
    ...options,
    failDelete: options.failDelete && new KeychainError('locked', 'locked'),
  });
  const log = captureLogForTest();
  const marker = options.marker ?? memorySignedOutMarker();
  const deps = {
    log: log.logger,
    store: new TokenStore(keychain, log.logger),
    lock: options.lock ?? processLock(),
    marker,
    journal: options.journal ?? memoryRenewalJournal(),
  };
  return { real, marker, deps, log };
}

describe('finding the sign-in to resume', () => {
  it('resumes a stored sign-in of these servers, with its access token', async () => {
    const { real, deps } = setup();
    await real.set(SESSION_ACCOUNT, serializeSession(session));
    expect(await findResumable(deps, servers)).toEqual({
      kind: 'resume',
      tokens: {
        accessToken: 'access-1',
        accessExpiresAt: 9_000,
        accessIssuedAt: 1_000,
        refreshToken: 'refresh-1',
        scope: 'offline_access',
        ...servers,
      },
    });
  });

  it('binds a version 1 entry (no API base URL) to the configured API', async () => {
    const { real, deps } = setup();
    await real.set(
      SESSION_ACCOUNT,
      JSON.stringify({
        v: 1,
        refreshToken: 'refresh-1',
        accessTokenExpiresAt: null,
        scope: 's',
        issuer: servers.issuer,
        clientId: servers.clientId,
        savedAt: 'x',
      }),
    );
    expect(await findResumable(deps, servers)).toMatchObject({
      kind: 'resume',
      tokens: { apiBaseUrl: servers.apiBaseUrl, accessToken: null },
    });
  });

  it('leaves another server’s or client’s sign-in alone and names its servers', async () => {
    for (const other of [
      { issuer: 'https://login.sandbox.tapkey.io' },
      { clientId: 'other' },
      { apiBaseUrl: 'https://elsewhere.example/api/v1/' },
    ]) {
      const { real, deps, log } = setup();
      const stored = { ...session, ...other };
      await real.set(SESSION_ACCOUNT, serializeSession(stored));
      expect(await findResumable(deps, servers)).toEqual({
        kind: 'elsewhere',
        servers: {
          issuer: stored.issuer,
          clientId: stored.clientId,
          apiBaseUrl: stored.apiBaseUrl,
        },
      });
      expect(await real.get(SESSION_ACCOUNT)).toBe(serializeSession(stored));
      expect(log.text()).toContain(
        `"message":"stored sign-in belongs to other servers; leaving it alone","storedIssuer":"${stored.issuer}"`,
      );
    }
  });

  it('nothing stored: signed out, and an obsolete marker is dropped', async () => {
    const { deps, marker } = setup();
    await marker.write('refresh-0');
    expect(await findResumable(deps, servers)).toEqual({ kind: 'signed-out' });
    expect(await marker.read()).toBeNull();
  });

  it('an unreadable entry is removed and the user is signed out without a reason', async () => {
    const { real, deps, log } = setup();
    await real.set(SESSION_ACCOUNT, 'not json');
    expect(await findResumable(deps, servers)).toEqual({ kind: 'signed-out' });
    expect(await real.get(SESSION_ACCOUNT)).toBeNull();
    expect(log.text()).toContain('stored sign-in is unreadable; treating as signed out');
    // Removing it may fail too: still signed out, nothing thrown.
    const locked = setup({ failDelete: true });
    await locked.real.set(SESSION_ACCOUNT, 'not json');
    expect(await findResumable(locked.deps, servers)).toEqual({ kind: 'signed-out' });
  });

  it('an unavailable keychain signs out with the reason, worded for a sign-in that cannot be resumed', async () => {
    const { deps, log } = setup({ failGet: new KeychainError('locked', 'collection locked') });
    const outcome = await findResumable(deps, servers);
    expect(outcome).toEqual({
      kind: 'signed-out',
      reason: keychainProblemText('locked').replace('this sign-in will not', 'your sign-in cannot'),
    });
    expect(outcome.kind === 'signed-out' && outcome.reason).toContain(
      'your sign-in cannot be remembered',
    );
    expect(log.text()).toContain(
      '"message":"keychain unavailable at start-up","error":{"name":"KeychainError"',
    );
  });

  for (const fingerprint of ['of this token', 'unknown'] as const) {
    it(`never resumes a sign-in the user signed out of (marker ${fingerprint}); finishes its delete and drops the marker`, async () => {
      const { real, deps, marker, log } = setup();
      await real.set(SESSION_ACCOUNT, serializeSession(session));
      await marker.write(fingerprint === 'unknown' ? null : 'refresh-1');
      expect(await findResumable(deps, servers)).toEqual({ kind: 'signed-out' });
      expect(log.text()).toContain('removed a sign-in the user had signed out of');
      expect(await real.get(SESSION_ACCOUNT)).toBeNull();
      expect(await marker.read()).toBeNull();
    });
  }

  it('when the delete still fails: signed out with the reason, and the marker kept for the next start', async () => {
    const { real, deps, marker, log } = setup({ failDelete: true });
    await real.set(SESSION_ACCOUNT, serializeSession(session));
    await marker.write('refresh-1');
    expect(await findResumable(deps, servers)).toEqual({
      kind: 'signed-out',
      reason: SIGNED_OUT_NOT_FORGOTTEN,
    });
    expect(log.text()).toContain(
      '"message":"still cannot remove a sign-in the user signed out of","error":{"name":"KeychainError"',
    );
    expect(await marker.read()).toEqual({ refreshTokenSha256: tokenFingerprint('refresh-1') });
    expect(await real.get(SESSION_ACCOUNT)).toBe(serializeSession(session));
  });

  it('a sign-in stored after the sign-out (another token) is resumed and the marker dropped', async () => {
    const { real, deps, marker } = setup();
    await real.set(SESSION_ACCOUNT, serializeSession(session));
    await marker.write('refresh-0');
    expect(await findResumable(deps, servers)).toMatchObject({
      kind: 'resume',
      tokens: { refreshToken: 'refresh-1' },
    });
    expect(await marker.read()).toBeNull();
  });

  it('a marker that cannot be read does not block resuming (it is logged)', async () => {
    const { real, deps, log } = setup({
      marker: withFailing(memorySignedOutMarker(), ['read']),
    });
    await real.set(SESSION_ACCOUNT, serializeSession(session));
    expect(await findResumable(deps, servers)).toMatchObject({ kind: 'resume' });
    expect(log.text()).toContain(
      '"message":"could not read the signed-out marker","error":{"name":"Error","message":"EIO: i/o error, read"}',
    );
  });
});

describe('a sign-in whose last renewal was interrupted', () => {
  it('is not resumed when the journal names its stored refresh token and nobody holds the lock', async () => {
    const journal = memoryRenewalJournal();
    const { real, deps, log } = setup({ journal });
    await real.set(SESSION_ACCOUNT, serializeSession(session));
    await journal.sending('refresh-1');
    expect(await findResumable(deps, servers)).toEqual({ kind: 'interrupted' });
    expect(log.text()).toContain('the last renewal was interrupted after sending');
    // The entry is kept: nothing is discarded, it is only never sent again.
    expect(await real.get(SESSION_ACCOUNT)).not.toBeNull();
  });

  it('is resumed while another process holds the lock: that renewal is running, not lost', async () => {
    const journal = memoryRenewalJournal();
    const lock = processLock();
    const { real, deps, log } = setup({ journal, lock });
    await real.set(SESSION_ACCOUNT, serializeSession(session));
    await journal.sending('refresh-1');
    let release!: () => void;
    const holding = lock.withLock(() => new Promise<void>((resolve) => (release = resolve)));
    expect(await findResumable(deps, servers)).toMatchObject({ kind: 'resume' });
    expect(log.text()).not.toContain('interrupted');
    release();
    await holding;
  });

  it('is resumed when the journal names another token (a newer sign-in, or one already renewed)', async () => {
    const journal = memoryRenewalJournal();
    const { real, deps } = setup({ journal });
    await real.set(SESSION_ACCOUNT, serializeSession(session));
    await journal.sending('refresh-0');
    expect(await findResumable(deps, servers)).toMatchObject({ kind: 'resume' });
  });

  it('is resumed when that renewal finished between the look at the journal and the lock (the record is gone)', async () => {
    const journal = memoryRenewalJournal();
    const { real, deps } = setup({
      journal,
      // The second read is the one under the lock.
      beforeGet: async (n, k) => {
        if (n !== 2) return;
        await k.set(SESSION_ACCOUNT, serializeSession({ ...session, refreshToken: 'refresh-2' }));
        await journal.clear();
      },
    });
    await real.set(SESSION_ACCOUNT, serializeSession(session));
    await journal.sending('refresh-1');
    expect(await findResumable(deps, servers)).toMatchObject({ kind: 'resume' });
  });

  it('is resumed when the journal cannot be read, or the lock cannot be looked at: nothing says it was lost', async () => {
    const unreadable = setup({ journal: withFailing(memoryRenewalJournal(), ['read']) });
    await unreadable.real.set(SESSION_ACCOUNT, serializeSession(session));
    expect(await findResumable(unreadable.deps, servers)).toMatchObject({ kind: 'resume' });
    const journal = memoryRenewalJournal();
    const unusableLock: SessionLock = {
      withLock: () => Promise.reject(new Error('EIO: i/o error, open')),
      ifFree: () => Promise.reject(new Error('EIO: i/o error, open')),
    };
    const { real, deps } = setup({ journal, lock: unusableLock });
    await real.set(SESSION_ACCOUNT, serializeSession(session));
    await journal.sending('refresh-1');
    expect(await findResumable(deps, servers)).toMatchObject({ kind: 'resume' });
  });
});
