/** The keychain service the packaged app and the CLI share, so that one sign-in serves both. */
export const KEYCHAIN_SERVICE = 'Tapkey Locks';

/**
 * The keychain service to use: the shared one for installed builds, a separate one in development so that
 * `npm start` never touches a user's real sign-in, and TAPKEY_LOCKS_KEYCHAIN_SERVICE (development only) for
 * tests that need a throwaway entry.
 */
export function keychainService(env: NodeJS.ProcessEnv, installed: boolean): string {
  if (installed) return KEYCHAIN_SERVICE;
  return env.TAPKEY_LOCKS_KEYCHAIN_SERVICE || `${KEYCHAIN_SERVICE} (development)`;
}
