// Mutation testing of the security modules (`npm run mutate`; see stryker.config.mjs). Extra arguments go to
// `stryker run`, e.g. `npm run mutate -- --mutate src/main/auth/callback.ts` while working on one file.
// Keychain tests are among the tests Stryker runs, so on Linux the run gets a private D-Bus session with an
// unlocked, throwaway gnome-keyring, as in scripts/test.mjs: the user's own keyring is never touched.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const quote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;

function run(command, argv, env = process.env) {
  const r = spawnSync(command, argv, {
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32',
  });
  if (r.error) {
    console.error(`✖ could not start ${command}: ${r.error.message}`);
    return 1;
  }
  return r.status ?? 1;
}

// Some suites check the built app and CLI (dist/), as under `npm test`; the build takes about a second.
if (run('npm', ['run', '--silent', 'build']) !== 0) {
  console.error('✖ build failed');
  process.exit(1);
}

if (process.platform !== 'linux' || process.env.TAPKEY_TEST_USE_SESSION_KEYRING === '1') {
  process.exit(run('npx', ['stryker', 'run', ...args]));
}

const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter(
  (c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0,
);
if (missing.length) {
  console.error(
    `✖ The keychain tests need a private Secret Service, but ${missing.join(' and ')} is missing.\n` +
      '  Install it: sudo apt-get install -y dbus gnome-keyring libsecret-tools',
  );
  process.exit(1);
}
const dataHome = mkdtempSync(path.join(tmpdir(), 'tapkey-locks-keyring-'));
// DISPLAY is dropped so libsecret can never fall back to an interactive prompt.
const env = { ...process.env, XDG_DATA_HOME: dataHome, DISPLAY: '' };
const inner = `echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec npx stryker run ${args.map(quote).join(' ')}`;
const status = run('dbus-run-session', ['--', 'sh', '-c', inner], env);
rmSync(dataHome, { recursive: true, force: true });
process.exit(status);
