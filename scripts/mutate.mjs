// Mutation testing of the security modules (`npm run mutate`; see stryker.config.mjs). Extra arguments go to
// `stryker run`, e.g. `npm run mutate -- --mutate src/main/auth/callback.ts` while working on one file.
// Keychain tests are among the tests Stryker runs, so on Linux the run gets a private D-Bus session with an
// unlocked, throwaway gnome-keyring, as in scripts/test.mjs: the user's own keyring is never touched.
import { needsKeyringSession, run, runInKeyringSession, shellQuote } from './keyring-session.mjs';

const args = process.argv.slice(2);

// Some suites check the built app and CLI (dist/), as under `npm test`; the build takes about a second.
if (run('npm', ['run', '--silent', 'build']) !== 0) {
  console.error('✖ build failed');
  process.exit(1);
}

process.exit(
  needsKeyringSession()
    ? runInKeyringSession(`npx stryker run ${args.map(shellQuote).join(' ')}`)
    : run('npx', ['stryker', 'run', ...args]),
);
