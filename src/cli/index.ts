#!/usr/bin/env node
// tapkey-locks: the command-line companion, on the same main-process core as the app.
import { version } from '../../package.json';
import { createLogger } from '../main/log';
import { defaultProfileDir } from '../main/profile-dir';
import { createKeytarKeychain } from '../main/secrets/keytar-keychain';
import { keychainService } from '../main/secrets/service-name';
import { terminalConfirm } from './confirm';
import { openBrowser } from './open-browser';
import { runCli } from './run-cli';

// The CLI shares the installed app's keychain entry; TAPKEY_LOCKS_KEYCHAIN_SERVICE isolates test runs.
const installed = !process.env.TAPKEY_LOCKS_KEYCHAIN_SERVICE;
const debug = process.env.TAPKEY_LOCKS_DEBUG === '1';
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  keychain: createKeytarKeychain({ service: keychainService(process.env, installed) }),
  openBrowser,
  // Logs are redacted JSON lines; they go to stderr only when asked for, so stdout stays one document.
  log: createLogger(
    (line) => debug && process.stderr.write(`${line}\n`),
    debug ? 'debug' : 'error',
  ),
  version,
  // The app's profile folder (or TAPKEY_LOCKS_USER_DATA_DIR): the session lock coordinates refreshes with the app.
  profileDir: defaultProfileDir(),
  // A change is confirmed at a terminal; a script must pass --yes.
  confirm: terminalConfirm(),
});
// Keep-alive sockets must not hold a finished command open.
process.stdout.write('', () => process.exit(code));
