import { useCallback, useEffect, useState } from 'react';
import type { AuthState, SignOutOptions } from '../../../shared/model';
import type { AppError, Result } from '../../../shared/result';
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

  /** Runs an action; resolves with its state when it went through, null when it failed (the error is shown). */
  const run = useCallback(
    async (action: () => Promise<Result<AuthState>>): Promise<AuthState | null> => {
      setError(null);
      const r = await action();
      if (r.ok) setState(r.value);
      // A cancelled sign-in is the user's own choice, not a problem to report.
      else if (r.error.code !== 'sign-in-cancelled') setError(r.error);
      return r.ok ? r.value : null;
    },
    [],
  );

  return {
    state,
    error,
    signIn: useCallback(() => run(() => api.signIn()), [run, api]),
    cancelSignIn: useCallback(() => run(() => api.cancelSignIn()), [run, api]),
    /** Signs out; `discardPending` drops changes still waiting to be sent (the shell asks first). */
    signOut: useCallback((options?: SignOutOptions) => run(() => api.signOut(options)), [run, api]),
    // Raising the window changes no state; a failure here has nothing useful to tell the user.
    showSignInWindow: useCallback(() => void api.showSignInWindow(), [api]),
  };
}
