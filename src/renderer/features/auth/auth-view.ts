import { TAPKEY_PRESETS } from '../setup/server-presets';
import type { AuthState } from '../../../shared/model';

/** What the signed-out screen shows for an auth state: a step in progress, a problem, or nothing. */
export type SignInView =
  | { kind: 'idle'; problem: string | null }
  | { kind: 'authorizing'; message: string; cancellable: true; canShowWindow: boolean }
  | { kind: 'exchanging'; message: string }
  | { kind: 'signed-in' };

/** Maps the sign-in state machine to the signed-out screen; signed-in and refreshing both show the browser. */
export function signInView(state: AuthState): SignInView {
  switch (state.status) {
    case 'signed-in':
    case 'refreshing':
      return { kind: 'signed-in' };
    case 'authorizing':
      return {
        kind: 'authorizing',
        cancellable: true,
        // The app can raise its own sign-in window; a tab in the OS browser is not the app's to bring forward.
        canShowWindow: state.mode === 'embedded',
        message:
          state.mode === 'system-browser'
            ? 'Continue in your web browser: sign in to Tapkey there, then come back here.'
            : 'Sign in to Tapkey in the window that opened.',
      };
    case 'exchanging':
      return { kind: 'exchanging', message: 'Finishing sign-in…' };
    case 'signed-out':
      return { kind: 'idle', problem: state.reason ?? null };
    case 'expired':
      return { kind: 'idle', problem: state.reason || 'Your sign-in has expired. Sign in again.' };
    case 'error':
      return { kind: 'idle', problem: state.message };
  }
}

/**
 * Who the header says is signed in: the person, when the server said who it is, else only the server (its name
 * for Tapkey's own servers, its host otherwise), never dressed up as a user.
 */
export type Identity = { kind: 'person'; name: string } | { kind: 'server'; name: string };

/** The header's identity for an auth state: the account the server named, else the server; null when signed out. */
export function signedInAs(
  state: AuthState,
  issuer: string | null,
  /** The account named before a refresh began (refreshing carries none), so the header does not flicker. */
  lastAccount: string | null = null,
): Identity | null {
  if (state.status !== 'signed-in' && state.status !== 'refreshing') return null;
  // `account` comes from the ID token or userinfo when the server provides it (optional in AuthState).
  const named = 'account' in state && typeof state.account === 'string' ? state.account.trim() : '';
  const account = named || (state.status === 'refreshing' ? lastAccount : null);
  if (account) return { kind: 'person', name: account };
  const server = serverName(issuer);
  return server ? { kind: 'server', name: server } : null;
}

/** "Tapkey" or "Tapkey sandbox" for Tapkey's own authorization servers, the host for any other. */
function serverName(issuer: string | null): string | null {
  if (!issuer) return null;
  const known = TAPKEY_PRESETS.find(
    (p) => p.issuer.replace(/\/+$/, '') === issuer.trim().replace(/\/+$/, ''),
  );
  if (known) return known.label;
  try {
    return new URL(issuer).host || null;
  } catch {
    return null;
  }
}
