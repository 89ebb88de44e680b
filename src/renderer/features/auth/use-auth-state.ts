import { useCallback, useEffect, useState } from 'react';
import type { AuthState } from '../../../shared/model';
import type { AppError } from '../../../shared/result';

/** The auth state main reports (subscribed before the first read, so no change is missed), plus the actions. */
export function useAuthState() {
  const [state, setState] = useState<AuthState | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let live = true;
    const unsubscribe = window.tapkey.onAuthStateChanged((s) => {
      if (live) setState(s);
    });
    void window.tapkey.getAuthState().then((r) => {
      if (!live) return;
      if (r.ok) setState((current) => current ?? r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);

  const run = useCallback(async (action: 'signIn' | 'cancelSignIn' | 'signOut') => {
    setError(null);
    const r = await window.tapkey[action]();
    if (r.ok) setState(r.value);
    // A cancelled sign-in is the user's own choice, not a problem to report.
    else if (r.error.code !== 'sign-in-cancelled') setError(r.error);
  }, []);

  return {
    state,
    error,
    signIn: useCallback(() => run('signIn'), [run]),
    cancelSignIn: useCallback(() => run('cancelSignIn'), [run]),
    signOut: useCallback(() => run('signOut'), [run]),
  };
}
