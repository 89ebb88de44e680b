// Many processes, one sign-in: built `tapkey-locks` processes (from two profile folders) and an in-process core
// use the same keychain entry at once, against the sandbox (which revokes the whole grant when a rotated refresh token is
// reused) and the real keychain. Every command must succeed, the sign-in must survive, and the token requests
// counted at the sandbox must be exactly what they must be.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expireStoredAccessToken,
  readStoredSession,
  storeHeadlessSignIn,
} from '../../test/support/stored-sign-in';
import { testSessionFiles } from '../../test/support/test-session-files';
import { createAppCore, type AppCore } from '../main/app-core';
import { createLogger } from '../main/log';
import { createKeytarKeychain } from '../main/secrets/keytar-keychain';
import { sandboxSettings } from '../../test/support/sandbox-settings';
import { useSandbox } from '../../test/support/sandbox';
import { runCli } from '../../test/support/cli-process';

const service = `tapkey-locks-shared-test-${randomUUID()}`;
const keychain = createKeytarKeychain({ service });
const sandbox = useSandbox({ owners: 3, locks: 2, seed: 'shared' });
let core: AppCore;
const logLines: string[] = [];

// Two profile folders (the app's and another one, as a development build or a second app instance has): they
// share the keychain entry, so they must share its lock.
const profiles = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'tapkey-shared-profile-')));

/** One built `tapkey-locks owners --json`; resolves with its exit code and output (never rejects). */
async function ownersProcess(
  profile: string = profiles[0]!,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { TAPKEY_LOCKS_USER_DATA_DIR: profile };
  return runCli(sandbox, service, ['owners', '--json'], env, 60_000);
}

/** The in-process core's owner list (as the app's window would ask for it). */
async function ownersInProcess(): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const list = await core.handlers['tapkey:list-owner-accounts']();
    return { code: 0, stdout: JSON.stringify(list), stderr: '' };
  } catch (e) {
    return { code: 1, stdout: '', stderr: (e as Error).message };
  }
}

/** Runs `processes` CLI commands and one in-process call at once; returns every result. */
async function round(processes: number) {
  return Promise.all([
    ...Array.from({ length: processes }, (_, i) => ownersProcess(profiles[i % 2])),
    ownersInProcess(),
  ]);
}

function expectAllSucceeded(
  results: Array<{ code: number; stdout: string; stderr: string }>,
): void {
  const expected = sandbox.data
    .ownerAccounts('alice')
    .map(({ id, name, active }) => ({ id, name, active }));
  for (const r of results) {
    expect(r, JSON.stringify(r)).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout).accounts).toEqual(expected);
  }
}

beforeAll(async () => {
  const alice = sandbox.users[0]!;
  await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
  core = createAppCore({
    appInfo: { name: 'Tapkey Locks', version: '0.0.0-test' },
    log: createLogger((l) => logLines.push(l), 'debug'),
    settings: sandboxSettings(sandbox, { signInMode: 'system-browser' }),
    keychain,
    sessionFiles: testSessionFiles(service),
  });
  await core.start();
  expect(core.session.state.status).toBe('signed-in');
}, 60_000);

afterAll(async () => {
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
  await core?.dispose();
  await keychain.delete('session').catch(() => {});
});

describe('one sign-in shared by many processes', () => {
  it('two profile folders refreshing at once keep the sign-in: one lock per keychain entry, one token request', async () => {
    const before = (await readStoredSession(keychain))!;
    await expireStoredAccessToken(keychain);
    sandbox.expireAccessTokens();
    sandbox.stats.reset();
    const slow = sandbox.faults.add({ target: 'token', kind: 'latency', delayMs: 1_500 });
    const results = await Promise.all([
      ownersProcess(profiles[0]),
      ownersProcess(profiles[1]),
      ownersInProcess(),
    ]);
    slow();
    expectAllSucceeded(results);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    const after = (await readStoredSession(keychain))!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(await sandbox.isRefreshTokenActive(after.refreshToken)).toBe(true);
  }, 120_000);

  it('with an expired access token: 8 commands and the app at once cause exactly 1 token request per round, and the sign-in survives', async () => {
    for (let i = 0; i < 3; i++) {
      const before = (await readStoredSession(keychain))!;
      // Expired everywhere: in the keychain entry the commands read, and at the API for the app's token in memory.
      await expireStoredAccessToken(keychain);
      sandbox.expireAccessTokens();
      sandbox.stats.reset();
      // A slow token endpoint keeps the first refresh in flight while the other processes start and need one too.
      const slow = sandbox.faults.add({ target: 'token', kind: 'latency', delayMs: 2_000 });
      const results = await round(8);
      slow();
      expectAllSucceeded(results);
      expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
      expect(sandbox.stats.tokenRequests()).toBe(1);
      const after = (await readStoredSession(keychain))!;
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(await sandbox.isRefreshTokenActive(after.refreshToken)).toBe(true);
      expect(core.session.state.status).toBe('signed-in');
    }
  }, 180_000);

  it('then, while the stored access token (stored by that refresh) is valid: 4 commands and the app at once, 3 rounds, all succeed with no token request at all', async () => {
    sandbox.stats.reset();
    for (let i = 0; i < 3; i++) expectAllSucceeded(await round(4));
    expect(sandbox.stats.tokenRequests()).toBe(0);
    // 5 listings a round, each a page and the request that proves the list's end.
    expect(sandbox.stats.apiRequests(/\/Owners/)).toBe(3 * 5 * 2);
  }, 120_000);

  it('never wrote a token to the log', async () => {
    const stored = (await readStoredSession(keychain))!;
    const text = logLines.join('\n');
    expect(text).not.toContain(stored.refreshToken);
    expect(text).not.toContain(stored.accessToken!);
    expect(text).not.toMatch(/Bearer (?!\[redacted\])[A-Za-z0-9]/);
  });
});
