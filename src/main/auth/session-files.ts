import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
 * The files that belong to one keychain entry: its lock, its renewal journal, its signed-out marker, and the
 * journal of changes sent to Tapkey with it (Manage access), which the app and the CLI share and append to.
 */
export interface SessionFiles {
  lock: string;
  journal: string;
  marker: string;
  changes: string;
}

/**
 * The per-user folder for session files. It depends on the OS user only, never on the profile folder
 * (TAPKEY_LOCKS_USER_DATA_DIR, Electron's userData): the keychain entry these files guard belongs to the OS user,
 * and every profile folder of that user shares it. `$XDG_STATE_HOME/tapkey-locks` (default `~/.local/state`) on
 * Linux, `~/Library/Application Support/Tapkey Locks/session` on macOS, `%LOCALAPPDATA%\Tapkey Locks\session` on
 * Windows: state that must survive (a cache cleaner deleting a held lock file would let a second holder in).
 */
export function defaultSessionDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', 'Tapkey Locks', 'session');
  if (platform === 'win32')
    return path.join(
      env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'),
      'Tapkey Locks',
      'session',
    );
  return path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'tapkey-locks');
}

/**
 * The session files of the keychain entry of `keychainService`, in `dir`: one set per keychain service, named by
 * a hash of it (services are free text; file names are not).
 */
export function sessionFiles(dir: string, keychainService: string): SessionFiles {
  const key = createHash('sha256').update(keychainService).digest('hex').slice(0, 16);
  return {
    lock: path.join(dir, `session-${key}.lock`),
    journal: path.join(dir, `session-${key}.renewal.json`),
    marker: path.join(dir, `session-${key}.signed-out.json`),
    changes: path.join(dir, `changes-${key}.jsonl`),
  };
}
