import { memo } from 'react';
import type { BoundLock } from '../../../shared/model';
import { formatDate } from '../format/format';
import './lock-row.css';

/**
 * One lock in a list: title, state, type, readable id, bind date, description (and its account in search).
 * Memoised: a keystroke re-renders the list, but a row whose lock did not change need not render again.
 */
export const LockRow = memo(function LockRow({ lock, accountName }: { lock: BoundLock; accountName?: string }) {
  const bound = formatDate(lock.bindDate);
  return (
    <div className="lock-row" data-testid="lock-row" data-id={lock.id}>
      <div className="lock-line">
        <span className="lock-title">{lock.title || lock.id}</span>
        <span className={lock.active ? 'badge badge-active' : 'badge badge-inactive'}>{lock.active ? 'Active' : 'Inactive'}</span>
      </div>
      <div className="lock-line lock-meta">
        {accountName !== undefined && <span className="lock-account">{accountName}</span>}
        <span>{lock.lockTypeLabel}</span>
        <span className="mono" data-testid="lock-readable-id">{lock.readableLockId ?? lock.physicalLockId ?? 'No lock id'}</span>
        <span>{bound ? `Bound ${bound}` : 'Bind date unknown'}</span>
      </div>
      {lock.description && <div className="lock-description">{lock.description}</div>}
    </div>
  );
});
