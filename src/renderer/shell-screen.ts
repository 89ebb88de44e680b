import type { AuthState, Settings } from '../shared/model';
import { needsSetup } from './features/setup/server-presets';

/** What the shell shows under its header. */
export type ShellScreen = 'browse' | 'loading' | 'setup' | 'sign-in';

type Status = AuthState['status'] | null;

/** True while a session can call Tapkey: the browse screen is live, not greyed. */
export const isLive = (status: Status) => status === 'signed-in' || status === 'refreshing';

/**
 * Whether the browse screen stays once it has shown: from the first live session until the user signs out. An
 * expired session (and a new sign-in after it) keeps it on screen, greyed, so the user still sees what they were
 * looking at.
 */
export function keepsBrowse(kept: boolean, status: Status): boolean {
  if (isLive(status)) return true;
  return status === 'signed-out' ? false : kept;
}

/** The screen for this auth state, whether the browse screen was kept, and the settings main has. */
export function shellScreen(
  status: Status,
  keptBrowse: boolean,
  settings: Settings | null,
): { screen: ShellScreen; stale: boolean } {
  const live = isLive(status);
  if (live || (keptBrowse && status !== null)) return { screen: 'browse', stale: !live };
  if (status === null || !settings) return { screen: 'loading', stale: false };
  // A sign-in already under way (from setup's "Save and sign in") shows its progress, not the form again.
  if (needsSetup(settings) && status !== 'authorizing' && status !== 'exchanging')
    return { screen: 'setup', stale: false };
  return { screen: 'sign-in', stale: false };
}
