// `owners --cached` and `locks --cached`: the app's snapshot, printed with its date, without a request. The app's
// core writes the snapshot (a real sandbox, the real keychain), then the command line reads it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { storeHeadlessSignIn } from '../../test/support/stored-sign-in';
import { testSessionFiles } from '../../test/support/test-session-files';
import { createAppCore } from '../main/app-core';
import { SESSION_ACCOUNT } from '../main/auth/stored-session';
import { silentLogger } from '../main/log';
import { createKeytarKeychain } from '../main/secrets/keytar-keychain';
import { memorySettingsStore } from '../main/settings/settings-store';
import { SNAPSHOT_FILE_NAME } from '../main/snapshot/profile-dir';
import { snapshotKeyAccount } from '../main/snapshot/snapshot-store';
import { NO_SNAPSHOT_EXIT } from './cached-commands';
import { cliEnv, inProcessCli } from '../../test/support/cli-in-process';

const service = `tapkey-locks-cached-test-${randomUUID()}`;
const keychain = createKeytarKeychain({ service });
const profileDir = mkdtempSync(path.join(tmpdir(), 'tapkey-cached-'));
const file = path.join(profileDir, SNAPSHOT_FILE_NAME);
let sandbox: Sandbox;

const cli = inProcessCli({
  keychain,
  service,
  env: () => ({ ...cliEnv(sandbox), TAPKEY_LOCKS_USER_DATA_DIR: profileDir }),
});

/** The window's start in the app: every account's locks loaded, so the snapshot is written. */
async function appLoadsEverything(): Promise<void> {
  const core = createAppCore({
    appInfo: { name: 'Tapkey Locks', version: '0.0.0-test' },
    log: silentLogger,
    settings: memorySettingsStore({
      clientId: sandbox.clientId,
      issuer: sandbox.issuer,
      apiBaseUrl: sandbox.apiBaseUrl,
      redirectUri: 'http://127.0.0.1:8111/callback',
      signInMode: 'system-browser',
      accessData: false,
    }),
    keychain,
    sessionFiles: testSessionFiles(service),
    snapshot: { file, write: true },
  });
  await core.start();
  const { accounts } = await core.handlers['tapkey:list-owner-accounts']();
  for (const a of accounts) await core.handlers['tapkey:list-bound-locks'](a.id);
  await core.dispose();
}

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, owners: 2, locks: 3, seed: 'cached' });
  const alice = sandbox.users[0]!;
  await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
});
afterAll(async () => {
  await keychain.delete(SESSION_ACCOUNT).catch(() => {});
  await keychain.delete(snapshotKeyAccount(file)).catch(() => {});
  rmSync(profileDir, { recursive: true, force: true });
  await sandbox?.close();
});

describe('tapkey-locks owners and locks --cached', () => {
  it('says there is nothing saved yet, with its own exit code', async () => {
    expect(await cli(['locks', '--cached'])).toEqual({
      code: NO_SNAPSHOT_EXIT,
      stdout: '',
      stderr:
        'tapkey-locks: There is no saved copy of what the app loaded for this sign-in; run the command without --cached.\n',
    });
  });

  it('prints what the app loaded, with its date, and asks nobody', async () => {
    const before = Date.now();
    await appLoadsEverything();
    const live = await cli(['locks']);
    const liveCsv = await cli(['locks', '--csv']);
    const api = sandbox.stats.apiRequests();
    const tokens = sandbox.stats.tokenRequests();

    const owners = await cli(['owners', '--cached', '--json']);
    expect(owners.code).toBe(0);
    const doc = JSON.parse(owners.stdout) as { asOf: string; cached: boolean; accounts: unknown };
    expect(doc.cached).toBe(true);
    expect(Date.parse(doc.asOf)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(doc.asOf)).toBeLessThanOrEqual(Date.now());
    expect(doc.accounts).toEqual(
      sandbox.data
        .ownerAccounts('alice')
        .map((o) => expect.objectContaining({ id: o.id, name: o.name })),
    );

    const text = await cli(['locks', '--cached']);
    expect(text.code).toBe(0);
    const [first, ...rest] = text.stdout.split('\n');
    expect(first).toBe(`As of ${doc.asOf} (saved by the app; Tapkey was not asked).`);
    expect(rest.join('\n')).toBe(live.stdout);

    const csv = await cli(['locks', '--cached', '--csv']);
    expect(csv.stdout).toBe(liveCsv.stdout);
    expect(csv.stderr).toBe(
      `tapkey-locks: As of ${doc.asOf} (saved by the app; Tapkey was not asked).\n`,
    );

    const one = sandbox.users[0]!.ownerAccountIds[1]!;
    const json = JSON.parse(
      (await cli(['locks', '--cached', '--json', '--owner', one])).stdout,
    ) as {
      locks: Array<{ title: string }>;
    };
    expect(json.locks.map((l) => l.title).sort()).toEqual(
      sandbox.data
        .boundLocks(one)
        .map((l) => l.title)
        .sort(),
    );
    expect(
      await cli(['locks', '--cached', '--owner', 'b1f0a6a4-0000-4000-8000-000000000000']),
    ).toMatchObject({ code: 1 });

    expect(sandbox.stats.apiRequests()).toBe(api);
    expect(sandbox.stats.tokenRequests()).toBe(tokens);
  });

  it('is refused on other commands as a usage mistake', async () => {
    expect(await cli(['status', '--cached'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'tapkey-locks: --cached works with the owners and locks commands only\n',
    });
  });
});
