import os from 'node:os';
import path from 'node:path';

/** The app's folder name inside the per-user application-data folder (Electron's userData uses productName). */
const PROFILE_FOLDER_NAME = 'Tapkey Locks';

/**
 * The per-user profile folder the app (Electron's `userData`) and the CLI share, computed without Electron so the
 * CLI finds the same session lock: `$XDG_CONFIG_HOME` or `~/.config` on Linux, `~/Library/Application Support`
 * on macOS, `%APPDATA%` on Windows, each plus "Tapkey Locks". TAPKEY_LOCKS_USER_DATA_DIR names another one (as it
 * does for the app in development), so tests and scripts can isolate themselves.
 */
export function defaultProfileDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env.TAPKEY_LOCKS_USER_DATA_DIR) return env.TAPKEY_LOCKS_USER_DATA_DIR;
  if (platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', PROFILE_FOLDER_NAME);
  if (platform === 'win32')
    return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), PROFILE_FOLDER_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), PROFILE_FOLDER_NAME);
}
