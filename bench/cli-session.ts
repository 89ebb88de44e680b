// Shared sign-in across processes, measured with the built CLI against the sandbox in its own process:
//   1. success rate of 4 concurrent `owners --json`, 3 rounds, right after a sign-in
//   2. token requests for 8 concurrent commands on an expired access token
//   3. whole-process time of `owners --json` with a valid stored access token at --latency 50 (hyperfine)
// Run inside a private Secret Service (never your own keyring):
//   XDG_DATA_HOME=$(mktemp -d) DISPLAY= dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock \
//     --components=secrets >/dev/null; npx tsx bench/cli-session.ts [--cli PATH] [--legacy] [--label NAME]'
// --compare names another build's dist/cli/index.js to time against this one in the same hyperfine call.
// --cli names another build's dist/cli/index.js (e.g. one of the main branch); --legacy stores the sign-in as
// version 1 of the keychain entry (refresh token only), which is what builds before the shared session read.
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { SESSION_ACCOUNT, serializeSession } from '../src/main/auth/stored-session';
import { createKeytarKeychain } from '../src/main/secrets/keytar-keychain';
import { expireStoredAccessToken, storeHeadlessSignIn } from '../test/support/stored-sign-in';
import { cliEnv } from '../test/support/cli-process';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process';

const { values } = parseArgs({
  options: {
    cli: { type: 'string', default: 'dist/cli/index.js' },
    compare: { type: 'string' },
    legacy: { type: 'boolean', default: false },
    label: { type: 'string', default: 'this build' },
    runs: { type: 'string', default: '20' },
  },
});
const cli = path.resolve(values.cli!);
const run = promisify(execFile);
const service = `tapkey-locks-bench-${randomUUID()}`;
const keychain = createKeytarKeychain({ service });
const compareService = `${service}-compare`;
const compareKeychain = createKeytarKeychain({ service: compareService });
const profileDir = mkdtempSync(path.join(tmpdir(), 'tapkey-bench-profile-'));

async function signIn(
  sandbox: SandboxProcess,
  into = keychain,
  legacy = values.legacy,
): Promise<void> {
  const user = sandbox.users[0]!;
  const s = await storeHeadlessSignIn(into, { ...sandbox }, user.username, user.password);
  if (legacy) {
    const { refreshToken, scope, issuer, clientId } = s;
    await into.set(
      SESSION_ACCOUNT,
      JSON.stringify({
        v: 1,
        refreshToken,
        accessTokenExpiresAt: null,
        scope,
        issuer,
        clientId,
        savedAt: new Date().toISOString(),
      }),
    );
  } else {
    await into.set(SESSION_ACCOUNT, serializeSession(s));
  }
}

async function owners(env: NodeJS.ProcessEnv): Promise<boolean> {
  return run(process.execPath, [cli, 'owners', '--json'], { env, timeout: 60_000 }).then(
    () => true,
    () => false,
  );
}

/** Token requests the sandbox counted; retried once, as a kept-alive admin connection may have timed out meanwhile. */
async function tokenRequests(sandbox: SandboxProcess): Promise<number> {
  const stats = await sandbox.stats().catch(() => sandbox.stats());
  return (stats.tokenRequests as { total: number }).total;
}

const sandbox = await startSandboxProcess({
  owners: 3,
  locks: 5,
  seed: 'cli-bench',
  latencyMs: 50,
  quiet: true,
});
const env = cliEnv(sandbox, service, { TAPKEY_LOCKS_USER_DATA_DIR: profileDir });
try {
  console.log(
    `CLI session benchmark: ${values.label} (${cli}${values.legacy ? ', version 1 keychain entry' : ''}), sandbox latency 50 ms`,
  );

  // 1. Four commands at once, three rounds, after one sign-in.
  await signIn(sandbox);
  let ok = 0;
  const perRound: number[] = [];
  for (let i = 0; i < 3; i++) {
    const results = await Promise.all(Array.from({ length: 4 }, () => owners(env)));
    perRound.push(results.filter(Boolean).length);
    ok += results.filter(Boolean).length;
  }
  console.log(
    `  4 concurrent owners --json × 3 rounds: ${ok}/12 succeeded (per round ${perRound.join(', ')})`,
  );

  // 2. Eight commands at once on an expired access token (a fresh sign-in first, so a burned grant above does not count).
  await signIn(sandbox);
  if (!values.legacy) await expireStoredAccessToken(keychain);
  await sandbox.expireAccessTokens();
  await sandbox.resetStats();
  const eight = await Promise.all(Array.from({ length: 8 }, () => owners(env)));
  console.log(
    `  8 concurrent owners --json on an expired access token: ${await tokenRequests(sandbox)} token request(s), ${eight.filter(Boolean).length}/8 succeeded`,
  );

  // 3. Whole-process time with a valid stored access token; with --compare, the other build (reading a version 1
  // entry of its own) is timed in the same hyperfine call, so both see the same machine load.
  await signIn(sandbox);
  const commands = [`${process.execPath} ${cli} owners --json`];
  if (values.compare) {
    await signIn(sandbox, compareKeychain, true);
    commands.unshift(
      `env TAPKEY_LOCKS_KEYCHAIN_SERVICE=${compareService} ${process.execPath} ${path.resolve(values.compare)} owners --json`,
    );
  }
  await sandbox.resetStats();
  const exported = path.join(profileDir, 'hyperfine.json');
  execFileSync(
    'hyperfine',
    [
      '--warmup',
      '2',
      '--runs',
      values.runs!,
      '--export-json',
      exported,
      '--style',
      'none',
      ...commands,
    ],
    {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  type Result = {
    command: string;
    mean: number;
    stddev: number;
    median: number;
    min: number;
    max: number;
    user: number;
    system: number;
  };
  const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
  console.log(
    `  owners --json, valid stored access token (hyperfine, ${values.runs} runs each; ${await tokenRequests(sandbox)} token request(s) in all):`,
  );
  for (const r of (JSON.parse(readFileSync(exported, 'utf8')) as { results: Result[] }).results) {
    const name = r.command.includes(cli) ? values.label : `--compare ${values.compare}`;
    console.log(
      `    ${name}: mean ${ms(r.mean)} ± ${ms(r.stddev)}, median ${ms(r.median)}, min ${ms(r.min)}, max ${ms(r.max)}, CPU user ${ms(r.user)} + system ${ms(r.system)}`,
    );
  }
} finally {
  await keychain.delete(SESSION_ACCOUNT).catch(() => {});
  await compareKeychain.delete(SESSION_ACCOUNT).catch(() => {});
  await sandbox.close();
  rmSync(profileDir, { recursive: true, force: true });
}
