// Where tests keep the session files (lock, renewal journal, signed-out marker) of their throwaway keychain
// services: one folder for every test run, named per service, so an in-process core and the CLI processes of one
// test share them, whatever their profile folders, exactly as the app and the CLI do.
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  defaultSessionDir,
  sessionFiles,
  type SessionFiles,
} from '../../src/main/auth/session-files';

/** XDG_STATE_HOME for CLI processes under test: their default session folder is then TEST_SESSION_DIR. */
export const TEST_STATE_HOME = path.join(tmpdir(), 'tapkey-locks-test-state');

/** The session folder a CLI process started with XDG_STATE_HOME=TEST_STATE_HOME uses (on Linux, where tests run). */
const TEST_SESSION_DIR = defaultSessionDir({ XDG_STATE_HOME: TEST_STATE_HOME });

/** The session files of a test keychain service. */
export function testSessionFiles(keychainService: string): SessionFiles {
  return sessionFiles(TEST_SESSION_DIR, keychainService);
}
