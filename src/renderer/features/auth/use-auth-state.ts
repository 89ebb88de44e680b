import { useCallback, useEffect, useState } from 'react';
import type { AuthState } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';

/** The auth state main reports (subscribed before the first read, so no change is missed), plus the actions. */
export function useAuthState() {
  const api = useTapkeyApi();
  const [state, setState] = useState<AuthState | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let live = true;
    const unsubscribe = api.onAuthStateChanged((s) => {
      if (live) setState(s);
    });
    void api.getAuthState().then((r) => {
      if (!live) return;
      if (r.ok) setState((current) => current ?? r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);

  const run = useCallback(
    async (action: 'signIn' | 'cancelSignIn' | 'signOut') => {
      setError(null);
      const r = await api[action]();
      if (r.ok) setState(r.value);
      // A cancelled sign-in is the user's own choice, not a problem to report.
      else if (r.error.code !== 'sign-in-cancelled') setError(r.error);
    },
    [api],
  );

  return {
    state,
    error,
    signIn: useCallback(() => run('signIn'), [run]),
    cancelSignIn: useCallback(() => run('cancelSignIn'), [run]),
    signOut: useCallback(() => run('signOut'), [run]),
    // Raising the window changes no state; a failure here has nothing useful to tell the user.
    showSignInWindow: useCallback(() => void api.showSignInWindow(), [api]),
  };
}
