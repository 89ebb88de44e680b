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

/** Who the header says is signed in: the account the server named, else the host of the issuer. */
export function signedInAs(state: AuthState, issuer: string | null): string | null {
  if (state.status !== 'signed-in' && state.status !== 'refreshing') return null;
  // `account` comes from the ID token or userinfo when the server provides it (optional in AuthState).
  const account =
    'account' in state && typeof state.account === 'string' && state.account.trim()
      ? state.account.trim()
      : null;
  if (account) return account;
  if (!issuer) return null;
  try {
    return new URL(issuer).host;
  } catch {
    return null;
  }
}
