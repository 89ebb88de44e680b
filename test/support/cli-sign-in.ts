// One test's worth of built `tapkey-locks` processes on a sandbox: a fresh keychain entry per case (alice signed in,
// her stored access token expired, so the next command refreshes), and the cleanup of processes, entries and
// session files after each case.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import type { Sandbox, SandboxOptions } from '../../sandbox/index';
import { SESSION_ACCOUNT } from '../../src/main/auth/stored-session';
import type { Keychain } from '../../src/main/secrets/keychain';
import { createKeytarKeychain } from '../../src/main/secrets/keytar-keychain';
import { startCli, type CliRun } from './cli-process';
import { useSandbox } from './sandbox';
import { expireStoredAccessToken, readStoredSession, storeHeadlessSignIn } from './stored-sign-in';
import { testSessionFiles } from './test-session-files';

/** Processes and keychain entries of one test file, with `cleanUp` for its afterEach. */
function cliSignIns(sandbox: () => Sandbox) {
  const runs: CliRun[] = [];
  const entries: Array<{ keychain: Keychain; service: string }> = [];
  return {
    /** A fresh keychain entry with alice signed in and her access token expired, and a way to run commands on it. */
    async staleSignIn() {
      const service = `tapkey-locks-cli-${randomUUID()}`;
      const keychain = createKeytarKeychain({ service });
      entries.push({ keychain, service });
      const alice = sandbox().users[0]!;
      const stored = await storeHeadlessSignIn(keychain, sandbox(), alice.username, alice.password);
      await expireStoredAccessToken(keychain);
      sandbox().stats.reset();
      const cli = (args: string[], options: Parameters<typeof startCli>[3] = {}) => {
        const run = startCli(sandbox(), service, args, options);
        runs.push(run);
        return run;
      };
      return { service, keychain, stored, cli };
    },
    /** Kills what is still running (stopped ones too) and removes the entries and their session files. */
    async cleanUp() {
      for (const r of runs.splice(0)) {
        if (r.child.exitCode === null && r.child.signalCode === null) {
          r.child.kill('SIGCONT');
          r.child.kill('SIGKILL');
        }
      }
      for (const { keychain, service } of entries.splice(0)) {
        await keychain.delete(SESSION_ACCOUNT).catch(() => {});
        for (const file of Object.values(testSessionFiles(service))) rmSync(file, { force: true });
      }
    },
  };
}

/**
 * The setting of a file of CLI process tests: a sandbox for the file, and after each test its processes killed,
 * its keychain entries removed, and the sandbox's faults and counters reset.
 */
export function useCliSignIns(options: SandboxOptions) {
  const sandbox = useSandbox(options);
  const { staleSignIn, cleanUp } = cliSignIns(() => sandbox);
  afterEach(async () => {
    await cleanUp();
    sandbox.faults.clear();
    sandbox.stats.reset();
  });
  return {
    sandbox,
    staleSignIn,
    /** The refresh tokens the sandbox was asked to redeem since the last stale sign-in. */
    refreshes: () => sandbox.stats.tokenRequests('refresh_token'),
    /** Whether the refresh token `keychain` holds now is one the sandbox still honours: the sign-in survived. */
    signInSurvived: async (keychain: Keychain) =>
      sandbox.isRefreshTokenActive((await readStoredSession(keychain))!.refreshToken),
  };
}
