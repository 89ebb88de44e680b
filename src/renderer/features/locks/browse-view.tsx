import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { BoundLock } from '../../../shared/model';
import { useAppCommand } from '../../app-commands';
import { unreadableLabel } from '../format/format';
import { createSearcher } from '../search/search-index';
import { SearchBox } from '../search/search-box';
import { SearchResults } from '../search/search-results';
import { AccountLocksPanel } from './account-locks-panel';
import { loadingCount } from './browse-state';
import { LastUpdated } from './last-updated';
import { LockDetailDialog } from './lock-detail-dialog';
import { OwnerAccountsList } from './owner-accounts-list';
import { useBrowse } from './use-browse';
import './browse-view.css';

/** The signed-in screen: owner accounts, the selected account's locks, search across all, details, refresh. */
export function BrowseView() {
  const { state, groups, refresh, retry, select } = useBrowse();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<BoundLock | null>(null);
  // Typing stays responsive: the search runs on the deferred query, which React renders at low priority.
  const deferredQuery = useDeferredValue(query);
  const [search] = useState(createSearcher);
  const results = useMemo(() => search(groups, deferredQuery).map((e) => e.lock), [search, groups, deferredQuery]);

  const accounts = useMemo(() => state.accounts?.accounts ?? [], [state.accounts]);
  const names = useMemo(() => new Map(accounts.map((a) => [a.id, a.name || a.id])), [accounts]);
  const accountNameOf = useCallback((id: string) => names.get(id) ?? id, [names]);
  const selected = accounts.find((a) => a.id === state.selectedId) ?? null;
  const loading = loadingCount(state);
  const unsearchable = accounts.filter((a) => !state.locks[a.id]?.locks).length;
  const searching = deferredQuery.trim() !== '';
  // Picking an account means "show me this account": leave the search, or the pick would change nothing visible.
  // The shell's Refresh (Ctrl/Cmd+R, View menu) and Export… (Ctrl/Cmd+E, File menu) act on what this screen shows.
  useAppCommand('refresh', () => void refresh());
  useAppCommand('export', () => {
    const shown = searching ? results : selected ? (state.locks[selected.id]?.locks ?? []) : [];
    const byOwner = new Map<string, string[]>();
    for (const l of shown) {
      const ids = byOwner.get(l.ownerAccountId) ?? [];
      if (!ids.length) byOwner.set(l.ownerAccountId, ids);
      ids.push(l.id);
    }
    return [...byOwner].map(([ownerAccountId, lockIds]) => ({ ownerAccountId, lockIds }));
  });
  const pick = useCallback(
    (id: string) => {
      setQuery('');
      select(id);
    },
    [select],
  );

  return (
    <>
      <div className="toolbar">
        <SearchBox value={query} onChange={setQuery} />
        <button type="button" className="button" onClick={() => void refresh()} disabled={state.accountsStatus === 'loading'}>
          Refresh
        </button>
        <LastUpdated at={state.lastUpdated} loading={loading} />
      </div>
      {/* An ended session is the shell's banner to explain ("Sign in again"); repeating it here would only add noise. */}
      {state.accountsStatus === 'error' && state.accountsError && state.accountsError.code !== 'session-expired' && (
        <div className="notice notice-error" role="alert" data-testid="accounts-error">
          <p>
            <strong>Could not load your owner accounts.</strong> {state.accountsError.message}
          </p>
          <button type="button" className="button" onClick={() => void refresh()}>
            Retry
          </button>
        </div>
      )}
      {state.accounts && state.accounts.invalid.length > 0 && (
        <div className="notice notice-warning" data-testid="accounts-invalid">
          <p>{unreadableLabel(state.accounts.invalid.length, 'owner account')}: Tapkey sent data this app does not understand.</p>
        </div>
      )}
      {!state.accounts && state.accountsStatus === 'loading' && (
        <div className="empty" aria-busy="true">
          <p>Loading your owner accounts…</p>
        </div>
      )}
      {state.accounts && accounts.length === 0 && (
        <div className="empty" data-testid="no-owner-accounts">
          <p>
            <strong>You have no owner accounts.</strong>
          </p>
          <p>
            Locks belong to owner accounts. Create one, or ask an owner to make you an administrator of theirs, in the Tapkey
            portal or app; then choose Refresh.
          </p>
        </div>
      )}
      {accounts.length > 0 && (
        <div className="browse">
          <section className="pane accounts-pane" aria-labelledby="accounts-heading">
            <div className="pane-header">
              <h2 id="accounts-heading">Owner accounts</h2>
            </div>
            <OwnerAccountsList accounts={accounts} locks={state.locks} selectedId={state.selectedId} onSelect={pick} labelledBy="accounts-heading" />
          </section>
          {searching ? (
            <SearchResults
              query={deferredQuery.trim()}
              results={results}
              stale={deferredQuery !== query}
              unsearchable={unsearchable}
              accountNameOf={accountNameOf}
              onOpen={setOpen}
            />
          ) : (
            selected && <AccountLocksPanel key={selected.id} account={selected} locks={state.locks[selected.id]} onRetry={retry} onOpen={setOpen} />
          )}
        </div>
      )}
      {open && <LockDetailDialog lock={open} accountName={accountNameOf(open.ownerAccountId)} onClose={() => setOpen(null)} />}
    </>
  );
}
