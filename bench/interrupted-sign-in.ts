// Does one sign-in survive a slow token endpoint and Ctrl+C during a refresh? Measured with built CLIs as real
// processes against the sandbox (which rotates refresh tokens and revokes the whole grant when a rotated one is
// redeemed again), in a private keyring:
//   1. the token endpoint rotates, then answers after 25 s: 4 concurrent `owners --json` × 3 rounds (a fresh sign-in
//      with an expired access token before each round): commands that succeeded, refreshes the sandbox received,
//      and whether the sign-in still works after the round;
//   2. Ctrl+C at a random point of a refresh (the answer takes 2 s), 20 trials: how many left a working sign-in.
// --cli names the build to measure (default dist/cli/index.js); --compare another (e.g. the main branch's), run on
// the same machine in the same run, one after the other. --seed makes the random Ctrl+C points repeat.
// Run inside a private Secret Service (never your own keyring):
//   XDG_DATA_HOME=$(mktemp -d) DISPLAY= dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock \
//     --components=secrets >/dev/null; npx tsx bench/interrupted-sign-in.ts [--compare PATH] [--quick]'
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { createRandom } from '../sandbox/prng';
import { SESSION_ACCOUNT } from '../src/main/auth/stored-session';
import { createKeytarKeychain } from '../src/main/secrets/keytar-keychain';
import { expireStoredAccessToken, storeHeadlessSignIn } from '../test/support/stored-sign-in';
import { cliEnv } from '../test/support/cli-process';

const { values } = parseArgs({
  options: {
    cli: { type: 'string', default: 'dist/cli/index.js' },
    compare: { type: 'string' },
    seed: { type: 'string', default: 'ctrl-c' },
    quick: { type: 'boolean', default: false },
  },
});
const rounds = values.quick ? 1 : 3;
const trials = values.quick ? 5 : 20;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One built CLI, with its own keychain entry and its own folders, so two builds never share a lock or an entry. */
function cliUnder(cliPath: string, sandbox: Sandbox) {
  const service = `tapkey-locks-bench-interrupted-${randomUUID()}`;
  const folder = mkdtempSync(path.join(tmpdir(), 'tapkey-bench-interrupted-'));
  const keychain = createKeytarKeychain({ service });
  const env = cliEnv(sandbox, service, {
    // Builds before the session files lived beside the keychain entry kept the lock in the profile folder.
    TAPKEY_LOCKS_USER_DATA_DIR: folder,
    XDG_STATE_HOME: folder,
  });
  const start = (args: string[]) => {
    const child = spawn(process.execPath, [path.resolve(cliPath), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const done = new Promise<Outcome>((resolve) =>
      child.on('close', (code) => resolve({ code, stdout, stderr })),
    );
    return { child, done };
  };
  return {
    start,
    /** A fresh sign-in (a new grant) with its stored access token expired: the next command must refresh. */
    async staleSignIn() {
      const alice = sandbox.users[0]!;
      await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
      await expireStoredAccessToken(keychain);
    },
    /**
     * A stale sign-in whose refresh the token endpoint handles and then answers only after `delayMs`, counted
     * from here; returns what ends the delay.
     */
    async staleWithSlowTokenEndpoint(delayMs: number) {
      await this.staleSignIn();
      sandbox.stats.reset();
      return sandbox.faults.add({ target: 'token', kind: 'handle-then-delay', delayMs });
    },
    /** True when a command can list the owner accounts with what is stored now. */
    async works() {
      return (await start(['owners', '--json']).done).code === 0;
    },
    async close() {
      await keychain.delete(SESSION_ACCOUNT).catch(() => {});
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

const refreshes = (sandbox: Sandbox) => sandbox.stats.tokenRequests('refresh_token');

async function slowTokenEndpoint(cliPath: string, sandbox: Sandbox): Promise<string[]> {
  const cli = cliUnder(cliPath, sandbox);
  const lines: string[] = [];
  let ok = 0;
  let requests = 0;
  let survived = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const fault = await cli.staleWithSlowTokenEndpoint(25_000);
      const results = await Promise.all(
        Array.from({ length: 4 }, () => cli.start(['owners', '--json']).done),
      );
      fault();
      const succeeded = results.filter((r) => r.code === 0).length;
      const sent = refreshes(sandbox);
      const works = await cli.works();
      ok += succeeded;
      requests += sent;
      survived += works ? 1 : 0;
      lines.push(
        `    round ${round + 1}: ${succeeded}/4 succeeded, ${sent} refresh request(s), sign-in ${works ? 'works' : 'lost'} afterwards`,
      );
    }
  } finally {
    await cli.close();
  }
  lines.unshift(
    `  token endpoint answering after 25 s, 4 concurrent owners --json × ${rounds}: ${ok}/${4 * rounds} succeeded, ${requests} refresh request(s), sign-in survived ${survived}/${rounds} round(s)`,
  );
  return lines;
}

async function ctrlC(cliPath: string, sandbox: Sandbox): Promise<string[]> {
  const cli = cliUnder(cliPath, sandbox);
  const random = createRandom(values.seed!);
  let working = 0;
  let redeemedTwice = 0;
  const points: number[] = [];
  try {
    for (let trial = 0; trial < trials; trial++) {
      const fault = await cli.staleWithSlowTokenEndpoint(2_000);
      const run = cli.start(['owners', '--json']);
      // Anywhere from process start-up, through sending, to the answer on its way.
      const at = Math.round(300 + random() * 2_500);
      points.push(at);
      await new Promise((resolve) => setTimeout(resolve, at));
      run.child.kill('SIGINT');
      await run.done;
      fault();
      if (await cli.works()) working++;
      if (refreshes(sandbox) > 1) redeemedTwice++;
    }
  } finally {
    await cli.close();
  }
  return [
    `  Ctrl+C at a random point of a refresh (${Math.min(...points)}–${Math.max(...points)} ms after start; answer after 2 s), ${trials} trials: ${working}/${trials} left a working sign-in; ${redeemedTwice} redeemed a refresh token twice`,
  ];
}

const sandbox = await startSandbox({ quiet: true, owners: 2, locks: 1, seed: 'bench-interrupted' });
try {
  const [one, five, fifteen] = loadavg();
  console.log(
    `Interrupted and slow refreshes (built CLIs, sandbox in process), load average ${one!.toFixed(2)} ${five!.toFixed(2)} ${fifteen!.toFixed(2)}`,
  );
  for (const [label, cliPath] of [
    ...(values.compare ? [['--compare', values.compare] as const] : []),
    ['this build', values.cli!] as const,
  ]) {
    console.log(`${label} (${cliPath}):`);
    for (const line of await slowTokenEndpoint(cliPath, sandbox)) console.log(line);
    for (const line of await ctrlC(cliPath, sandbox)) console.log(line);
  }
} finally {
  await sandbox.close();
}
