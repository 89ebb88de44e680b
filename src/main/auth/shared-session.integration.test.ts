// Two cores sharing one keychain entry and its session files behave as two processes would (the lock is a kernel
// file lock, the entry is the real keychain's): adoption of a token another process rotated, the re-read after invalid_grant,
// a sign-out whose keychain delete fails, and the early-refresh margin of a short-lived token.
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox';
import { revokeAtServer } from '../../../test/support/revoke-at-server';
import { readStoredSession, storeHeadlessSignIn } from '../../../test/support/stored-sign-in';
import { testSessionFiles } from '../../../test/support/test-session-files';
import { createAppCore, type AppCore } from '../app-core';
import { createLogger } from '../log';
import {
  SESSION_EXPIRED,
  SIGNED_OUT_NOT_FORGOTTEN,
  signedInAgain,
  signedOutNotRevoked,
} from '../messages';
import { KeychainError, type Keychain } from '../secrets/keychain';
import { createKeytarKeychain } from '../secrets/keytar-keychain';
import { withFaults } from './faulty-keychain.fixture';
import { SESSION_ACCOUNT, serializeSession } from './stored-session';
import { sandboxSettings } from '../../../test/support/sandbox-settings';
import { useSandbox, withSandbox } from '../../../test/support/sandbox';

const sandbox = useSandbox({ owners: 1, locks: 1, seed: 'shared-core' });
let service: string;
let keychain: Keychain;
const cores: AppCore[] = [];
const logLines: string[] = [];

afterEach(async () => {
  for (const c of cores.splice(0)) await c.dispose();
  await keychain.delete(SESSION_ACCOUNT).catch(() => {});
  for (const file of Object.values(testSessionFiles(service))) rmSync(file, { force: true });
  sandbox.faults.clear();
});

/** A fresh keychain service (and so fresh session files), with alice signed in (headlessly) and stored. */
async function signedIn(on: Sandbox = sandbox) {
  service = `tapkey-locks-shared-core-${randomUUID()}`;
  keychain = createKeytarKeychain({ service });
  const alice = on.users[0]!;
  // Without a sign-in id, as the older version in these tests stores it: each sign-in here is the same one.
  return storeHeadlessSignIn(keychain, on, alice.username, alice.password, undefined, null);
}

/** A core as another process would run it: its own memory, the shared keychain entry and its session files. */
async function startCore(k: Keychain = keychain, on: Sandbox = sandbox): Promise<AppCore> {
  const core = createAppCore({
    appInfo: { name: 'Tapkey Locks', version: '0.0.0-test' },
    log: createLogger((l) => logLines.push(l), 'debug'),
    settings: sandboxSettings(on),
    keychain: k,
    sessionFiles: testSessionFiles(service),
  });
  cores.push(core);
  await core.start();
  return core;
}

/** The real keychain, with a hook that runs once right after the next read (to act between a read and a request). */
function hookedKeychain(inner: Keychain) {
  let afterNextGet: (() => Promise<void>) | null = null;
  const k: Keychain = {
    description: inner.description,
    get: async (account) => {
      const value = await inner.get(account);
      const hook = afterNextGet;
      afterNextGet = null;
      await hook?.();
      return value;
    },
    set: (account, value) => inner.set(account, value),
    delete: (account) => inner.delete(account),
  };
  return { keychain: k, arm: (hook: () => Promise<void>) => void (afterNextGet = hook) };
}

describe('a sign-in shared by several processes', () => {
  it('adopts the token another process rotated instead of reusing the old refresh token', async () => {
    await signedIn();
    const a = await startCore();
    const b = await startCore();
    sandbox.stats.reset();
    sandbox.expireAccessTokens();
    // A renews (its API call is refused): the refresh token rotates and the new set is stored.
    expect((await a.handlers['tapkey:list-owner-accounts']()).accounts).toHaveLength(1);
    // B still holds the old refresh token in memory: it must take A's set, not redeem the old one (reuse).
    expect((await b.handlers['tapkey:list-owner-accounts']()).accounts).toHaveLength(1);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect(b.session.state).toEqual({ status: 'signed-in', remembered: true });
    expect(await a.session.getAccessToken()).toBe(await b.session.getAccessToken());
    expect(
      await sandbox.isRefreshTokenActive((await readStoredSession(keychain))!.refreshToken),
    ).toBe(true);
  });

  it('after invalid_grant, re-reads the keychain under the lock and uses a sign-in stored meanwhile, without expiring', async () => {
    const old = await signedIn();
    const hooked = hookedKeychain(keychain);
    const b = await startCore(hooked.keychain);
    // B's grant ends (revoked), and its API token is refused, so B must renew.
    await revokeAtServer(sandbox, old.refreshToken);
    sandbox.expireAccessTokens();
    // Right after B's first read under the lock, a process that does not take the lock (an older version) stores a
    // new sign-in: B's request then fails with invalid_grant, and only the re-read can find the new sign-in.
    let replacement: Awaited<ReturnType<typeof storeHeadlessSignIn>> | null = null;
    hooked.arm(async () => {
      replacement = await storeHeadlessSignIn(
        keychain,
        sandbox,
        'alice',
        sandbox.users[0]!.password,
        undefined,
        null,
      );
    });
    sandbox.stats.reset();
    expect((await b.handlers['tapkey:list-owner-accounts']()).accounts).toHaveLength(1);
    expect(replacement).not.toBeNull();
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect(b.session.state).toEqual({ status: 'signed-in', remembered: true });
    expect(await b.session.getAccessToken()).toBe(replacement!.accessToken);
    expect((await readStoredSession(keychain))!.refreshToken).toBe(replacement!.refreshToken);
  });

  it('another sign-in stored by another process (bob after alice): the old one’s calls fail saying so, the next ones get bob’s data only', async () => {
    const alice = await signedIn();
    const core = await startCore();
    expect((await core.commands.listOwnerAccounts()).accounts.map((a) => a.id)).toEqual(
      sandbox.users[0]!.ownerAccountIds,
    );
    // Elsewhere: a login as bob replaces the stored sign-in (a new sign-in id), and alice's grant ends.
    const bob = sandbox.users[1]!;
    const stored = await storeHeadlessSignIn(keychain, sandbox, bob.username, bob.password);
    await keychain.set(
      SESSION_ACCOUNT,
      serializeSession({ ...stored, signInId: 'bob-login', subject: 'bob', account: 'Bob' }),
    );
    await revokeAtServer(sandbox, alice.refreshToken);
    const signal = core.session.sessionSignal;
    await expect(core.commands.listOwnerAccounts()).rejects.toMatchObject({
      code: 'cancelled',
      message: signedInAgain('Bob'),
    });
    expect(signal.aborted).toBe(true);
    expect(core.session.state).toEqual({
      status: 'signed-in',
      remembered: true,
      notice: signedInAgain('Bob'),
      account: 'Bob',
      sessionKey: '1',
    });
    expect((await core.commands.listOwnerAccounts()).accounts.map((a) => a.id)).toEqual(
      bob.ownerAccountIds,
    );
  });

  it('after invalid_grant with nothing newer stored, the sign-in ends and the dead entry is removed', async () => {
    const old = await signedIn();
    const b = await startCore();
    await revokeAtServer(sandbox, old.refreshToken);
    sandbox.expireAccessTokens();
    await expect(b.handlers['tapkey:list-owner-accounts']()).rejects.toMatchObject({
      code: 'session-expired',
      message: SESSION_EXPIRED,
    });
    expect(b.session.state).toEqual({ status: 'expired', reason: SESSION_EXPIRED });
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
  });
});

describe('sign-out always forgets', () => {
  it('a failed keychain delete is shown and remembered; the next start does not resume and retries the delete', async () => {
    await signedIn();
    const refusing = withFaults(keychain, {
      failDelete: new KeychainError('denied', 'keychain delete failed: refused'),
    });
    const first = await startCore(refusing);
    expect(first.session.state.status).toBe('signed-in');
    expect(await first.handlers['auth:sign-out']()).toEqual({
      status: 'signed-out',
      reason: SIGNED_OUT_NOT_FORGOTTEN,
    });
    expect(first.session.lastSignOut).toMatchObject({
      forgotten: false,
      remembered: true,
      revocation: 'revoked',
    });
    expect(existsSync(testSessionFiles(service).marker)).toBe(true);
    expect(await keychain.get(SESSION_ACCOUNT)).not.toBeNull();

    // Still refusing at the next start: signed out, says why, and nothing is sent with the old sign-in.
    sandbox.stats.reset();
    const second = await startCore(refusing);
    expect(second.session.state).toEqual({
      status: 'signed-out',
      reason: SIGNED_OUT_NOT_FORGOTTEN,
    });
    expect(sandbox.stats.tokenRequests() + sandbox.stats.apiRequests()).toBe(0);

    // The keychain works again: the delete is finished and the marker removed.
    const third = await startCore();
    expect(third.session.state).toEqual({ status: 'signed-out' });
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect(existsSync(testSessionFiles(service).marker)).toBe(false);
    expect(sandbox.stats.tokenRequests() + sandbox.stats.apiRequests()).toBe(0);
  });

  it('a sign-in stored after that sign-out (by another process) is used, and the marker dropped', async () => {
    await signedIn();
    const refusing = withFaults(keychain, { failDelete: new KeychainError('denied', 'refused') });
    const first = await startCore(refusing);
    await first.handlers['auth:sign-out']();
    await storeHeadlessSignIn(keychain, sandbox, 'alice', sandbox.users[0]!.password);
    const next = await startCore();
    expect(next.session.state).toEqual({ status: 'signed-in', remembered: true });
    expect(existsSync(testSessionFiles(service).marker)).toBe(false);
  });

  it('when revocation cannot reach the server: "signed out on this computer, but … could not be told"', async () => {
    await signedIn();
    const core = await startCore();
    sandbox.faults.add({ target: 'revocation', kind: 'drop' });
    expect(await core.handlers['auth:sign-out']()).toEqual({
      status: 'signed-out',
      reason: signedOutNotRevoked('unreachable', new URL(sandbox.issuer).host),
    });
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
  });
});

describe('early refresh', () => {
  it('a 30-second access token is used for its first half, not renewed on every call', async () => {
    await withSandbox({ owners: 1, locks: 1, accessTokenTtlSeconds: 30 }, async (short) => {
      await signedIn(short);
      const core = await startCore(keychain, short);
      short.stats.reset();
      for (let i = 0; i < 5; i++)
        expect((await core.handlers['tapkey:list-owner-accounts']()).accounts).toHaveLength(1);
      expect(short.stats.tokenRequests()).toBe(0);
      // Before its sandbox closes.
      for (const c of cores.splice(0)) await c.dispose();
    });
  });
});
