import type { Settings } from './model';
import { tidySettings } from './settings-tidy';

/** The settings a sign-in is bound to: its tokens belong to this server and this client. */
export const SERVER_FIELDS = [
  'clientId',
  'issuer',
  'apiBaseUrl',
  'redirectUri',
] as const satisfies readonly (keyof Settings)[];

/**
 * True when going from settings `a` to `b` points the app at another server or client, which ends the session.
 * Both sides are tidied first, as the settings store saves them, so main (comparing what it stored) and the
 * Settings form (comparing what the user typed) decide alike: a trailing slash or an upper-case host is the same
 * server.
 */
export function changesServer(a: Settings, b: Settings): boolean {
  const before = tidySettings(a);
  const after = tidySettings(b);
  return SERVER_FIELDS.some((f) => before[f] !== after[f]);
}
