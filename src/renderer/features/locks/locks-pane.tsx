import type { ReactNode } from 'react';
import type { OwnerAccount } from '../../../shared/model';
import { AccountLocksStatus } from './account-locks-status';
import type { AccountLocks } from './browse-state';

interface Props {
  /** Which view the pane shows: search results, every account's locks, or one account's. */
  view: 'search' | 'all' | 'account';
  heading: string;
  summary: string;
  /** A newer search is still being worked out. */
  busy: boolean;
  /** The account shown in the one-account view, with its locks' state. */
  account: OwnerAccount | null;
  accountLocks: AccountLocks | undefined;
  onRetry(ownerAccountId: string): void;
  /** Nothing shown because the search or the filters leave nothing (null: not the reason). */
  emptyBecause: 'search' | 'filters' | null;
  /** The lock table, when there are rows. */
  children?: ReactNode;
}

/** The middle pane: heading and summary, the account's load state, then the lock table or why it is empty. */
export function LocksPane({
  view,
  heading,
  summary,
  busy,
  account,
  accountLocks,
  onRetry,
  emptyBecause,
  children,
}: Props) {
  return (
    <section
      className="pane locks-pane"
      aria-labelledby="locks-heading"
      data-testid={
        view === 'search' ? 'search-results' : view === 'all' ? 'all-locks' : 'account-locks'
      }
      aria-busy={busy}
    >
      <div className="pane-header">
        <h2 id="locks-heading">{heading}</h2>
        <p
          className="pane-sub"
          id="locks-summary"
          data-testid={view === 'search' ? 'search-summary' : 'locks-summary'}
        >
          {summary}
        </p>
      </div>
      {account && (
        <AccountLocksStatus
          account={account}
          locks={accountLocks}
          onRetry={() => onRetry(account.id)}
        />
      )}
      {children ??
        (emptyBecause && (
          <div className="empty" data-testid="no-matches">
            <p>
              {emptyBecause === 'search'
                ? 'Search looks at the title, description, lock ID, lock type and owner account of every lock.'
                : 'No lock matches the status and type filters.'}
            </p>
          </div>
        ))}
    </section>
  );
}
