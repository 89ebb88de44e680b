import type { BoundLock, OwnerAccount } from '../../../shared/model';
import { countLabel, unreadableLabel } from '../format/format';
import type { AccountLocks } from './browse-state';
import { BoundLocksList } from './bound-locks-list';

interface Props {
  account: OwnerAccount;
  locks: AccountLocks | undefined;
  onRetry(id: string): void;
  onOpen(lock: BoundLock): void;
}

/** The selected owner account's locks, with its own loading, error (and retry), unreadable and empty states. */
export function AccountLocksPanel({ account, locks, onRetry, onOpen }: Props) {
  const list = locks?.locks ?? null;
  const loading = !locks || locks.status === 'loading';
  return (
    <section className="pane locks-pane" aria-labelledby="locks-heading" data-testid="account-locks">
      <div className="pane-header">
        <h2 id="locks-heading">{account.name || account.id}</h2>
        <p className="pane-sub" id="locks-summary" role="status">
          {!account.active && 'Inactive owner account · '}
          {list ? countLabel(list.length, 'lock', 'locks') : loading ? 'Loading locks…' : ''}
          {list && loading && ' · updating…'}
        </p>
      </div>
      {locks?.status === 'error' && locks.error && (
        <div className="notice notice-error" role="alert" data-testid="account-error">
          <p>
            <strong>{list ? 'Could not update the locks of this account.' : 'Could not load the locks of this account.'}</strong>{' '}
            {locks.error.message}
          </p>
          <button type="button" className="button" onClick={() => onRetry(account.id)}>
            Retry
          </button>
        </div>
      )}
      {locks && locks.invalid.length > 0 && (
        <div className="notice notice-warning" data-testid="account-invalid">
          <p>
            {unreadableLabel(locks.invalid.length, 'lock')}: Tapkey sent {locks.invalid.length === 1 ? 'it' : 'them'} in a form this app does not
            understand.
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
      {list && list.length === 0 && (
        <div className="empty" data-testid="account-empty">
          <p>
            <strong>This owner account has no locks.</strong>
          </p>
          <p>Locks appear here once they are bound to “{account.name || account.id}” in the Tapkey portal or app.</p>
        </div>
      )}
      {!list && loading && (
        <div className="empty" aria-busy="true">
          <p>Loading locks…</p>
        </div>
      )}
      {list && list.length > 0 && (
        <BoundLocksList locks={list} onOpen={onOpen} idPrefix="lock" labelledBy="locks-heading" describedBy="locks-summary" />
      )}
    </section>
  );
}
