// What `status`, `login` and `logout` tell the user and scripts: a session that ended, a login that did nothing,
// and what the server was told at sign-out (RFC 7009 §2.2: only a 200 from the revocation endpoint revokes).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type Sandbox } from '../../sandbox/index';
import { revokeAtServer } from '../../test/support/revoke-at-server';
import { expireStoredAccessToken, storeHeadlessSignIn } from '../../test/support/stored-sign-in';
import { SESSION_ACCOUNT, serializeSession } from '../main/auth/stored-session';
import { SESSION_EXPIRED, signedOutNotRevoked } from '../main/messages';
import { createKeytarKeychain } from '../main/secrets/keytar-keychain';
import { cliEnv, expectRevocationRefused, inProcessCli } from '../../test/support/cli-in-process';
import { useSandbox, withSandbox } from '../../test/support/sandbox';

const service = `tapkey-locks-status-test-${randomUUID()}`;
const keychain = createKeytarKeychain({ service });
const sandbox = useSandbox({ owners: 1, locks: 1, seed: 'status' });

/** Runs one command in-process against `server`. */
const cli = (argv: string[], server: Sandbox = sandbox) =>
  inProcessCli({ service, keychain, env: () => cliEnv(server) })(argv);

afterAll(async () => {
  await keychain.delete(SESSION_ACCOUNT).catch(() => {});
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
    await revokeAtServer(sandbox, stored.refreshToken);
    await expireStoredAccessToken(keychain);
    expect(await cli(['status'])).toEqual({
      code: 1,
      stdout: `Not signed in to ${sandbox.issuer}.\n`,
      stderr: `tapkey-locks: ${SESSION_EXPIRED}\n`,
    });
  });

  it('status shows controls in the account name the server gave as escapes, and a usage mistake echoes none', async () => {
    const alice = sandbox.users[0]!;
    const stored = await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
    await keychain.set(
      SESSION_ACCOUNT,
      serializeSession({ ...stored, account: 'Eve\u001b[2J\u001b]0;x\u0007\u202e' }),
    );
    expect(await cli(['status'])).toEqual({
      code: 0,
      stdout: `Signed in to ${sandbox.issuer} as Eve\\x1b[2J\\x1b]0;x\\x07\\u202e.\n`,
      stderr: '',
    });
    // --json is data: exact.
    expect(JSON.parse((await cli(['status', '--json'])).stdout).account).toBe(
      'Eve\u001b[2J\u001b]0;x\u0007\u202e',
    );
    expect((await cli(['unlock\u001b[2J'])).stderr).toBe(
      'tapkey-locks: unknown command "unlock\\x1b[2J"; run tapkey-locks help\n',
    );
    await cli(['logout']);
  });

  it('logout says when the server could not be told, and still forgets the sign-in', async () => {
    const alice = sandbox.users[0]!;
    await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
    const remove = sandbox.faults.add({ target: 'revocation', kind: 'drop' });
    try {
      expect(await cli(['logout'])).toEqual({
        code: 0,
        stdout: `${signedOutNotRevoked('unreachable', new URL(sandbox.issuer).host)}\n`,
        stderr: '',
      });
    } finally {
      remove();
    }
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect((await cli(['status'])).code).toBe(1);
  });

  it('logout: serverTold only on a 200; a refusal (401, as Glewlwyd answers a public client) says so', async () => {
    const alice = sandbox.users[0]!;
    const stored = await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
    const remove = sandbox.faults.add({
      target: 'revocation',
      kind: 'status',
      status: 401,
      emptyBody: true,
    });
    try {
      expectRevocationRefused(await cli(['logout', '--json']));
      const text = await (async () => {
        await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
        return cli(['logout']);
      })();
      expect(text.stdout).toBe(
        `Signed out on this computer, but ${new URL(sandbox.issuer).host} refused to revoke the sign-in: it may still honour the sign-in until it expires.\n`,
      );
    } finally {
      remove();
    }
    expect(await sandbox.isRefreshTokenActive(stored.refreshToken)).toBe(true);
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
  });

  it('logout against a server without revocation: serverTold false, and the message says there is no way to revoke', async () => {
    await withSandbox({ revocation: false, seed: 'status-bare' }, async (bare) => {
      const alice = bare.users[0]!;
      await storeHeadlessSignIn(keychain, bare, alice.username, alice.password);
      const out = await cli(['logout', '--json'], bare);
      expect(JSON.parse(out.stdout)).toEqual({
        signedIn: false,
        serverTold: false,
        revocation: 'unsupported',
      });
      await storeHeadlessSignIn(keychain, bare, alice.username, alice.password);
      expect((await cli(['logout'], bare)).stdout).toBe(
        `${signedOutNotRevoked('unsupported', new URL(bare.issuer).host)}\n`,
      );
      expect(bare.stats.revocations()).toBe(0);
    });
  });

  it('logout never refreshes first, even with an expired access token', async () => {
    const alice = sandbox.users[0]!;
    await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
    await expireStoredAccessToken(keychain);
    sandbox.stats.reset();
    const out = await cli(['logout', '--json']);
    expect(JSON.parse(out.stdout)).toMatchObject({ serverTold: true, revocation: 'revoked' });
    expect(sandbox.stats.tokenRequests()).toBe(0);
    expect(sandbox.stats.revocations()).toBe(1);
  });

  it('login when already signed in does nothing and exits 1, so a script can tell', async () => {
    const alice = sandbox.users[0]!;
    await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
    sandbox.stats.reset();
    expect(await cli(['login'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `tapkey-locks: Already signed in to ${sandbox.issuer}; run \`tapkey-locks logout\` to switch accounts.\n`,
    });
    const json = await cli(['login', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      signedIn: true,
      issuer: sandbox.issuer,
      alreadySignedIn: true,
    });
    expect(sandbox.stats.tokenRequests()).toBe(0);
    await cli(['logout']);
  });
});
