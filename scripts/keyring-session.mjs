// Running commands for npm test and npm run mutate, and running them inside a private D-Bus session with an
// unlocked, throwaway gnome-keyring (in a temporary XDG_DATA_HOME), so keychain tests use a real Secret Service
// and the user's own keyring is never touched.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Runs `command` with inherited output (under `label` when given); returns its exit status, 1 if it cannot start. */
export function run(command, args, { env = process.env, label } = {}) {
  if (label) console.log(`\n▶ ${label}`);
  const started = Date.now();
  const r = spawnSync(command, args, {
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32',
  });
  if (r.error) {
    console.error(`✖ ${label ?? command}: could not start ${command}: ${r.error.message}`);
    return 1;
  }
  // Each step's time, so a slower suite shows where the time went.
  if (label) console.log(`◀ ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status ?? 1;
}

/** Quotes one argument for `sh -c`. */
export const shellQuote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;

/**
 * True when keychain tests need a private keyring session here: on Linux, unless the developer opted for their
 * own session (TAPKEY_TEST_USE_SESSION_KEYRING=1).
 */
export const needsKeyringSession = () =>
  process.platform === 'linux' && process.env.TAPKEY_TEST_USE_SESSION_KEYRING !== '1';

/** Runs the shell command `inner` inside a private D-Bus session with a throwaway, unlocked gnome-keyring. */
export function runInKeyringSession(inner, label) {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter(
    (c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0,
  );
  if (missing.length) {
    console.error(
      `✖ The keychain tests need a private Secret Service, but ${missing.join(' and ')} is missing.\n` +
        '  Install it: sudo apt-get install -y dbus gnome-keyring libsecret-tools',
    );
    return 1;
  }
  const dataHome = mkdtempSync(path.join(tmpdir(), 'tapkey-locks-keyring-'));
  // DISPLAY is dropped so libsecret can never fall back to an interactive prompt (see the keytar hang trap).
  const env = { ...process.env, XDG_DATA_HOME: dataHome, DISPLAY: '' };
  const script = `echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec ${inner}`;
  const status = run('dbus-run-session', ['--', 'sh', '-c', script], { env, label });
  rmSync(dataHome, { recursive: true, force: true });
  return status;
}
