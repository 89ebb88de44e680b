// What `status` and `logout` tell the user when the session ended or the server could not be told.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { expireStoredAccessToken, storeHeadlessSignIn } from '../../test/support/stored-sign-in';
import { SESSION_ACCOUNT } from '../main/auth/stored-session';
import { createLogger } from '../main/log';
import { SESSION_EXPIRED, SIGNED_OUT_SERVER_NOT_TOLD } from '../main/messages';
import { createKeytarKeychain } from '../main/secrets/keytar-keychain';
import { runCli } from './run-cli';

const keychain = createKeytarKeychain({ service: `tapkey-locks-status-test-${randomUUID()}` });
const profileDir = mkdtempSync(path.join(tmpdir(), 'tapkey-status-profile-'));
let sandbox: Sandbox;

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env: {
      TAPKEY_ISSUER: sandbox.issuer,
      TAPKEY_API_BASE_URL: sandbox.apiBaseUrl,
      TAPKEY_CLIENT_ID: sandbox.clientId,
    },
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    keychain,
    openBrowser: async () => {
      throw new Error('tests never open a real browser');
    },
    log: createLogger(() => {}),
    version: '0.0.0-test',
    profileDir,
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, owners: 1, locks: 1, seed: 'status' });
});
afterAll(async () => {
  await keychain.delete(SESSION_ACCOUNT).catch(() => {});
  await sandbox?.close();
  rmSync(profileDir, { recursive: true, force: true });
});

describe('tapkey-locks status and logout', () => {
  it('status says why on stderr when the sign-in expired, and exits non-zero', async () => {
    const alice = sandbox.users[0]!;
    const stored = await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
    expect(await cli(['status'])).toEqual({
      code: 0,
      stdout: `Signed in to ${sandbox.issuer}.\n`,
      stderr: '',
    });
    // The grant ends at the server (revoked elsewhere) and the stored access token runs out.
    await fetch(new URL('/connect/revocation', sandbox.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: stored.refreshToken,
        token_type_hint: 'refresh_token',
        client_id: sandbox.clientId,
      }),
    });
    await expireStoredAccessToken(keychain);
    expect(await cli(['status'])).toEqual({
      code: 1,
      stdout: `Not signed in to ${sandbox.issuer}.\n`,
      stderr: `tapkey-locks: ${SESSION_EXPIRED}\n`,
    });
  });

  it('logout says when Tapkey could not be told, and still forgets the sign-in', async () => {
    const alice = sandbox.users[0]!;
    await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
    const remove = sandbox.faults.add({ target: 'revocation', kind: 'drop' });
    try {
      expect(await cli(['logout'])).toEqual({
        code: 0,
        stdout: `${SIGNED_OUT_SERVER_NOT_TOLD}\n`,
        stderr: '',
      });
    } finally {
      remove();
    }
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect((await cli(['status'])).code).toBe(1);
  });
});
