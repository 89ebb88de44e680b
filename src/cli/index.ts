#!/usr/bin/env node
// tapkey-locks: the command-line companion, on the same main-process core as the app.
import { version } from '../../package.json';
import { createLogger } from '../main/log';
import { renewalsInFlight, renewalsSettled } from '../main/auth/renewals-in-flight';
import { defaultSessionDir, sessionFiles } from '../main/auth/session-files';
import { createKeytarKeychain } from '../main/secrets/keytar-keychain';
import { keychainService } from '../main/secrets/service-name';
import { terminalConfirm } from './confirm';
import { exitOnSignals } from './exit-on-signal';
import { openBrowser } from './open-browser';
import { runCli } from './run-cli';

// The CLI shares the installed app's keychain entry; TAPKEY_LOCKS_KEYCHAIN_SERVICE isolates test runs.
const installed = !process.env.TAPKEY_LOCKS_KEYCHAIN_SERVICE;
const service = keychainService(process.env, installed);
const debug = process.env.TAPKEY_LOCKS_DEBUG === '1';
// A Ctrl+C during a renewal waits for its answer to be saved; otherwise the command stops at once.
exitOnSignals({
  process,
  stderr: (s) => process.stderr.write(s),
  exit: (c) => process.exit(c),
  renewalsInFlight,
  renewalsSettled,
});
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  keychain: createKeytarKeychain({ service }),
  openBrowser,
  // Logs are redacted JSON lines; they go to stderr only when asked for, so stdout stays one document.
  log: createLogger(
    (line) => debug && process.stderr.write(`${line}\n`),
    debug ? 'debug' : 'error',
  ),
  version,
  // The keychain entry's lock and journal, which the app uses too: one set per OS user and keychain service.
  sessionFiles: sessionFiles(defaultSessionDir(), service),
  // A change is confirmed at a terminal; a script must pass --yes.
  confirm: terminalConfirm(),
});
// Keep-alive sockets must not hold a finished command open.
process.stdout.write('', () => process.exit(code));
