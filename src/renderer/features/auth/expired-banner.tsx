import type { AuthState } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { signInView } from './auth-view';

interface Props {
  state: AuthState;
  error: AppError | null;
  onSignIn(): void;
  onCancel(): void;
  onShowWindow(): void;
}

/**
 * Above the greyed last data when the session ended on its own (expired, or a sign-in after that failed): says
 * why, says the data below is as of the last load, and offers "Sign in again" (with progress while it runs).
 */
export function ExpiredBanner({ state, error, onSignIn, onCancel, onShowWindow }: Props) {
  const view = signInView(state);
  const reason =
    error?.message ?? (view.kind === 'idle' ? view.problem : null) ?? 'Your sign-in has expired.';
  return (
    <div
      className="notice notice-warning expired-banner"
      role="alert"
      data-testid="session-expired"
    >
      {view.kind === 'authorizing' || view.kind === 'exchanging' ? (
        <>
          <p>
            <span className="spinner" aria-hidden="true" /> {view.message}
          </p>
          {view.kind === 'authorizing' && view.canShowWindow && (
            <button type="button" className="button" onClick={onShowWindow}>
              Show sign-in window
            </button>
          )}
          {view.kind === 'authorizing' && (
            <button type="button" className="button" aria-label="Cancel sign-in" onClick={onCancel}>
              Cancel
            </button>
          )}
        </>
      ) : (
        <>
          <p>
            <strong>{reason}</strong> The locks below are as last loaded and may be out of date.
          </p>
          <button type="button" className="button button-primary" onClick={onSignIn}>
            Sign in again
          </button>
        </>
      )}
    </div>
  );
}
