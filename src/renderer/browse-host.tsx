import type { ReactNode } from 'react';
import type { AuthState } from '../shared/model';
import type { AppError } from '../shared/result';
import { ExpiredBanner } from './features/auth/expired-banner';

interface Props {
  state: AuthState;
  error: AppError | null;
  /** The session ended: the screen below stays, greyed and inert, under a banner offering a new sign-in. */
  stale: boolean;
  onSignIn(): void;
  onCancel(): void;
  onShowWindow(): void;
  /** The browse screen. */
  children: ReactNode;
}

/** The signed-in part of the shell: the session's notices above the browse screen, live or greyed. */
export function BrowseHost({
  state,
  error,
  stale,
  onSignIn,
  onCancel,
  onShowWindow,
  children,
}: Props) {
  return (
    <>
      {stale && (
        <ExpiredBanner
          state={state}
          error={error}
          onSignIn={onSignIn}
          onCancel={onCancel}
          onShowWindow={onShowWindow}
        />
      )}
      {!stale && error && (
        <p className="notice notice-error" role="alert">
          {error.message}
        </p>
      )}
      {state.status === 'signed-in' && state.notice && (
        <p className="notice notice-warning" role="status" data-testid="auth-notice">
          {state.notice}
        </p>
      )}
      {/* One element in one place whether live or stale, so React keeps the browse screen (and its state). */}
      <div
        className={stale ? 'browse-host stale' : 'browse-host'}
        inert={stale}
        aria-hidden={stale || undefined}
        data-testid="browse-host"
      >
        {children}
      </div>
    </>
  );
}
