// The session's keychain entry in the real keychain (a private Secret Service under the test runners): what
// reading it reports for each state of the entry, and that its tokens are log secrets from the moment they are read.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { KeychainError, type Keychain } from '../secrets/keychain';
import { createKeytarKeychain } from '../secrets/keytar-keychain';
import { SESSION_ACCOUNT, serializeSession, type StoredSession } from './stored-session';
import { captureLogForTest } from './test-log.fixture';
import { TokenStore } from './token-store';

const keychains: Keychain[] = [];
const fresh = () => {
  const k = createKeytarKeychain({ service: `tapkey-locks-token-store-${randomUUID()}` });
  keychains.push(k);
  return k;
};
afterEach(async () => {
  for (const k of keychains.splice(0)) await k.delete(SESSION_ACCOUNT).catch(() => {});
});

const session: StoredSession = {
  v: 2,
  refreshToken: 'refresh-secret-1',
  accessToken: 'access-secret-1',
  accessTokenExpiresAt: 2_000,
  accessTokenIssuedAt: 1_000,
  scope: 'offline_access',
  issuer: 'https://login.tapkey.com',
  clientId: 'client',
  apiBaseUrl: 'https://my.tapkey.com/api/v1/',
  savedAt: '2026-01-01T00:00:00.000Z',
};

/** A keychain whose every call fails the given way (what a locked or absent Secret Service does). */
const failing = (error: unknown): Keychain => ({
  description: 'failing',
  get: () => Promise.reject(error),
  set: () => Promise.reject(error),
  delete: () => Promise.reject(error),
});

describe('the session entry in the keychain', () => {
  it('reports none, then the stored session after a write, then none after removal', async () => {
    const keychain = fresh();
    const log = captureLogForTest();
    const store = new TokenStore(keychain, log.logger);
    expect(await store.read()).toEqual({ kind: 'none' });
    await store.write(session);
    expect(await keychain.get(SESSION_ACCOUNT)).toBe(serializeSession(session));
    expect(await store.read()).toEqual({ kind: 'found', session });
    await store.remove();
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect(await store.read()).toEqual({ kind: 'none' });
  });

  it('makes both stored tokens log secrets as soon as they are read', async () => {
    const keychain = fresh();
    await keychain.set(SESSION_ACCOUNT, serializeSession(session));
    const log = captureLogForTest();
    await new TokenStore(keychain, log.logger).read();
    log.logger.info('tokens', {
      refresh: session.refreshToken,
      access: session.accessToken,
      both: `${session.refreshToken} ${session.accessToken}`,
    });
    expect(log.text()).not.toContain('refresh-secret-1');
    expect(log.text()).not.toContain('access-secret-1');
  });

  it('an entry without an access token reads fine', async () => {
    const keychain = fresh();
    await keychain.set(SESSION_ACCOUNT, serializeSession({ ...session, accessToken: null }));
    const read = await new TokenStore(keychain, captureLogForTest().logger).read();
    expect(read).toMatchObject({
      kind: 'found',
      session: { accessToken: null, refreshToken: 'refresh-secret-1' },
    });
  });

  it('an entry that is not a session, or that the keychain reports corrupt, is unreadable', async () => {
    const keychain = fresh();
    await keychain.set(SESSION_ACCOUNT, '{"not":"a session"}');
    expect(await new TokenStore(keychain, captureLogForTest().logger).read()).toEqual({
      kind: 'unreadable',
    });
    expect(
      await new TokenStore(
        failing(new KeychainError('corrupt', 'bad chunks')),
        captureLogForTest().logger,
      ).read(),
    ).toEqual({
      kind: 'unreadable',
    });
  });

  it('a keychain that cannot answer is unavailable, with its problem and error', async () => {
    const locked = new KeychainError('locked', 'collection is locked');
    expect(await new TokenStore(failing(locked), captureLogForTest().logger).read()).toEqual({
      kind: 'unavailable',
      problem: 'locked',
      error: locked,
    });
    const odd = new Error('dbus went away');
    expect(await new TokenStore(failing(odd), captureLogForTest().logger).read()).toEqual({
      kind: 'unavailable',
      problem: 'unavailable',
      error: odd,
    });
  });

  it('write and remove pass the keychain failure on (the caller decides what it means)', async () => {
    const denied = new KeychainError('denied', 'no');
    const store = new TokenStore(failing(denied), captureLogForTest().logger);
    await expect(store.write(session)).rejects.toBe(denied);
    await expect(store.remove()).rejects.toBe(denied);
  });
});
