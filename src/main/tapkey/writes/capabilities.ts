import type { WriteCapabilities } from '../../../shared/model';
import { SCOPES, WRITE_SCOPES } from '../../../shared/scopes';

/** The scopes a change needs: the write ones, and the reads it looks with before and after. */
export const SCOPES_TO_WRITE: readonly string[] = [
  ...WRITE_SCOPES,
  SCOPES.grants,
  SCOPES.coreEntities,
];

/** The one line the app shows where a write control would be, by what is missing. */
export const WRITE_HINTS = {
  signedOut: 'Sign in to manage access.',
  settingOff:
    'To give and take away access, turn on Settings → Manage access and sign in again. Your OAuth client in the Tapkey portal must allow Grants and Core Entities as ReadAndWrite.',
  notGranted:
    'This sign-in cannot change access: allow Grants and Core Entities as ReadAndWrite for your OAuth client in the Tapkey portal, then sign out and in again.',
} as const;

/**
 * Whether the sign-in may write, from the scopes the token endpoint said it granted (trusting the server: a
 * server that grants less than it says is found out by its 403s, which each change reports per step).
 */
export function capabilitiesOf(
  granted: readonly string[] | null,
  manageAccessSetting: boolean,
  undoWindowMs: number,
): WriteCapabilities {
  const missing = granted === null ? [] : SCOPES_TO_WRITE.filter((s) => !granted.includes(s));
  const canWrite = granted !== null && missing.length === 0;
  return {
    canWrite,
    missingScopes: missing,
    manageAccessSetting,
    hint: canWrite
      ? null
      : granted === null
        ? WRITE_HINTS.signedOut
        : manageAccessSetting
          ? WRITE_HINTS.notGranted
          : WRITE_HINTS.settingOff,
    undoWindowMs,
  };
}
