import os from 'node:os';
import path from 'node:path';

/** The snapshot's file name in the profile folder. */
export const SNAPSHOT_FILE_NAME = 'snapshot.tkls';

/**
 * The app's profile folder as Electron names it (`userData` for the product name "Tapkey Locks"), for the command
 * line, which has no Electron to ask: `TAPKEY_LOCKS_USER_DATA_DIR` when set (the app honours it in development),
 * else `$XDG_CONFIG_HOME/Tapkey Locks` (default `~/.config`) on Linux, `~/Library/Application Support/Tapkey
 * Locks` on macOS, `%APPDATA%\Tapkey Locks` on Windows.
 */
export function defaultProfileDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env.TAPKEY_LOCKS_USER_DATA_DIR) return env.TAPKEY_LOCKS_USER_DATA_DIR;
  if (platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', 'Tapkey Locks');
  if (platform === 'win32')
    return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Tapkey Locks');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Tapkey Locks');
}
