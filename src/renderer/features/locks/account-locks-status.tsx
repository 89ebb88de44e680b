import type { OwnerAccount } from '../../../shared/model';
import { unreadableLabel } from '../format/format';
import type { AccountLocks } from './browse-state';
import { ErrorNotice } from '../../ui/error-notice';

interface Props {
  account: OwnerAccount;
  locks: AccountLocks | undefined;
  onRetry(): void;
}

/** Above one account's locks: why they failed to load, which ones could not be read, none yet, none at all. */
export function AccountLocksStatus({ account, locks, onRetry }: Props) {
  return (
    <>
      {locks?.status === 'error' && locks.error && (
        <ErrorNotice
          title={
            locks.locks
              ? 'Could not update the locks of this account.'
              : 'Could not load the locks of this account.'
          }
          message={locks.error.message}
          onRetry={onRetry}
          testId="account-error"
        />
      )}
      {locks && locks.invalid.length > 0 && (
        <div className="notice notice-warning" data-testid="account-invalid">
          <p>
            {unreadableLabel(locks.invalid.length, 'lock')}: Tapkey sent{' '}
            {locks.invalid.length === 1 ? 'it' : 'them'} in a form this app does not understand.
          </p>
          <ul className="invalid-list">
            {locks.invalid.slice(0, 5).map((i) => (
              <li key={i.index}>
                {i.id ? `Lock ${i.id}` : `Item ${i.index + 1}`}: {i.problem}
              </li>
            ))}
            {locks.invalid.length > 5 && <li>and {locks.invalid.length - 5} more</li>}
          </ul>
        </div>
      )}
      {locks?.locks?.length === 0 && (
        <div className="empty" data-testid="account-empty">
          <p>
            <strong>This owner account has no locks.</strong>
          </p>
          <p>
            Locks appear here once they are bound to “{account.name || account.id}” in the Tapkey
            portal or app.
          </p>
        </div>
      )}
      {!locks?.locks && locks?.status !== 'error' && (
        <div className="empty" aria-busy="true">
          <p>Loading locks…</p>
        </div>
      )}
    </>
  );
}
