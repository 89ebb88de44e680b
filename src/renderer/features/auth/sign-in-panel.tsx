import { useEffect, useRef } from 'react';
import type { AppInfo, AuthState } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { signInView } from './auth-view';
import './sign-in-panel.css';

interface Props {
  state: AuthState;
  error: AppError | null;
  info: AppInfo | null;
  onSignIn(): void;
  onCancel(): void;
  onShowWindow(): void;
  onOpenSettings(): void;
}

/** The signed-out screen: what the app does, the sign-in button, progress while signing in, and why it failed. */
export function SignInPanel({
  state,
  error,
  info,
  onSignIn,
  onCancel,
  onShowWindow,
  onOpenSettings,
}: Props) {
  const view = signInView(state);
  const problem = error?.message ?? (view.kind === 'idle' ? view.problem : null);
  const busy = view.kind === 'authorizing' || view.kind === 'exchanging';
  const cancelRef = useRef<HTMLButtonElement>(null);
  const signInRef = useRef<HTMLButtonElement>(null);
  // Keep keyboard focus on the control that exists in each step, instead of losing it to <body>.
  useEffect(() => {
    const focused = document.activeElement;
    if (focused && focused !== document.body && document.contains(focused)) return;
    if (view.kind === 'authorizing') cancelRef.current?.focus();
    else if (view.kind === 'idle') signInRef.current?.focus();
  }, [view.kind]);

  return (
    <section className="sign-in" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Your Tapkey locks, on your desktop</h2>
      <p>
        Tapkey Locks lists the locks bound to each of your Tapkey owner accounts: their names,
        types, lock ids and when they were bound. Sign in with your Tapkey account; your password
        goes only to Tapkey, and the app keeps its sign-in in your system keychain.
      </p>
      {problem && (
        <div className="notice notice-error" role="alert" data-testid="sign-in-problem">
          <p>{problem}</p>
        </div>
      )}
      <div className="sign-in-actions" aria-live="polite">
        {view.kind === 'authorizing' && (
          <div className="sign-in-progress" data-testid="sign-in-progress">
            <p>
              <span className="spinner" aria-hidden="true" />
              {view.message}
            </p>
            <div className="sign-in-progress-actions">
              {view.canShowWindow && (
                <button type="button" className="button" onClick={onShowWindow}>
                  Show sign-in window
                </button>
              )}
              <button
                ref={cancelRef}
                type="button"
                className="button"
                aria-label="Cancel sign-in"
                onClick={onCancel}
              >
                Cancel
              </button>
            </div>
          </div>
        )}
        {view.kind === 'exchanging' && (
          <p className="sign-in-progress" data-testid="sign-in-progress">
            <span className="spinner" aria-hidden="true" />
            {view.message}
          </p>
        )}
        {!busy && (
          <button
            ref={signInRef}
            type="button"
            className="button button-primary button-large"
            onClick={onSignIn}
          >
            Sign in with Tapkey
          </button>
        )}
      </div>
      <p className="sign-in-foot">
        {info?.issuer ? (
          <>
            Signs in at <span className="mono">{info.issuer}</span>
            {info.sandbox ? ' (local sandbox)' : ''}.{' '}
          </>
        ) : null}
        <button type="button" className="link-button" onClick={onOpenSettings}>
          Change server and sign-in settings
        </button>
      </p>
    </section>
  );
}
