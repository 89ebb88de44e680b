import type { AppError } from '../../../shared/result';
import { ACCESS_SCOPES, portalPermissionOf } from '../../../shared/scopes';

interface Props {
  error: AppError;
  /** What failed to load, e.g. "who has access". */
  what: string;
  onRetry(): void;
}

/**
 * A failure of an access view. A missing scope (`permission`: Tapkey said insufficient_scope) says which one the
 * OAuth client lacks and where to allow it; a refusal for the user's role or the object (`forbidden`) says so,
 * with no portal advice, since no setting of the client changes it; anything else shows the core's message and
 * a retry.
 */
export function AccessProblem({ error, what, onRetry }: Props) {
  if (error.code === 'permission') {
    const scope = error.scope ?? 'an access permission';
    return (
      <div
        className="notice notice-warning access-problem"
        role="alert"
        data-testid="access-permission"
      >
        <p>
          <strong>
            This app’s OAuth client lacks the permission <code>{scope}</code>, so it cannot show{' '}
            {what}.
          </strong>
        </p>
        <p>
          In the Tapkey portal, open your OAuth client and allow{' '}
          {ACCESS_SCOPES.map(portalPermissionOf).join(' and ')} (
          <code>{ACCESS_SCOPES.join(' ')}</code>). Then turn on{' '}
          <strong>Settings → Access data</strong> and sign in again.
        </p>
      </div>
    );
  }
  if (error.code === 'forbidden') {
    return (
      <div className="notice notice-warning access-problem" role="alert" data-testid="access-role">
        <p>
          <strong>Tapkey does not show {what} to you.</strong> {error.message}
        </p>
      </div>
    );
  }
  return (
    <div className="notice notice-error access-problem" role="alert" data-testid="access-error">
      <p>
        <strong>Could not load {what}.</strong> {error.message}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
