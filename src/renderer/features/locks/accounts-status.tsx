import { unreadableLabel } from '../format/format';
import type { BrowseState } from './browse-state';
import { ErrorNotice } from '../../ui/error-notice';

interface Props {
  state: Pick<BrowseState, 'accounts' | 'accountsStatus' | 'accountsError' | 'offline'>;
  onRetry(): void;
}

/** What is known about the owner accounts before any is shown: loading, failed, unreadable ones, none at all. */
export function AccountsStatus({ state, onRetry }: Props) {
  const { accounts, accountsStatus, accountsError, offline } = state;
  return (
    <>
      {/* An ended session is the shell's banner to explain ("Sign in again"); repeating it here would only add noise. */}
      {/* Offline on the snapshot is the freshness line's to say; the data stays usable, nothing is wrong with it. */}
      {accountsStatus === 'error' &&
        accountsError &&
        accountsError.code !== 'session-expired' &&
        !offline && (
          <ErrorNotice
            title="Could not load your owner accounts."
            message={accountsError.message}
            onRetry={onRetry}
            testId="accounts-error"
          />
        )}
      {accounts && accounts.invalid.length > 0 && (
        <div className="notice notice-warning" data-testid="accounts-invalid">
          <p>
            {unreadableLabel(accounts.invalid.length, 'owner account')}: Tapkey sent data this app
            does not understand.
          </p>
        </div>
      )}
      {!accounts && accountsStatus === 'loading' && (
        <div className="empty" aria-busy="true">
          <p>Loading your owner accounts…</p>
        </div>
      )}
      {accounts && accounts.accounts.length === 0 && (
        <div className="empty" data-testid="no-owner-accounts">
          <p>
            <strong>You have no owner accounts.</strong>
          </p>
          <p>
            Locks belong to owner accounts. Create one, or ask an owner to make you an administrator
            of theirs, in the Tapkey portal or app; then choose Refresh.
          </p>
        </div>
      )}
    </>
  );
}
