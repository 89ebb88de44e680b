import { memo, useCallback, useMemo, useState } from 'react';
import type { OwnerAccount } from '../../../shared/model';
import { VirtualListbox } from '../../ui/virtual-listbox';
import { SearchField } from '../../ui/search-field';
import { countLabel, formatTime } from '../format/format';
import { ALL_ACCOUNTS, type AccountLocks } from './browse-state';
import './owner-accounts-list.css';

interface Props {
  accounts: readonly OwnerAccount[];
  locks: Readonly<Record<string, AccountLocks>>;
  /** An account id or ALL_ACCOUNTS. */
  selectedId: string | null;
  /** Highlights "All accounts" while a search spans every account. */
  searching: boolean;
  totalLocks: number;
  onSelect(id: string): void;
  labelledBy: string;
}

function lockCountText(l: AccountLocks | undefined): string {
  if (!l || (l.status === 'loading' && !l.locks)) return 'Loading locks…';
  if (l.status === 'error' && !l.locks) return 'Could not load locks';
  return countLabel(l.locks?.length ?? 0, 'lock', 'locks');
}

/** "as of 10:42", "Update failed · as of 10:40", "Updating…": how current this account's list is. */
function freshnessText(l: AccountLocks | undefined): string {
  if (!l) return '';
  const asOf = l.updatedAt !== null ? `as of ${formatTime(l.updatedAt)}` : '';
  if (l.status === 'error') return l.locks ? `Update failed · ${asOf}` : 'Update failed';
  if (l.status === 'loading') return l.locks ? `Updating… · ${asOf}` : '';
  return asOf;
}

const ALL: OwnerAccount = { id: ALL_ACCOUNTS, name: 'All accounts', active: true };

/**
 * The owner accounts with a filter box: "All accounts" first, then each account with its lock count and
 * freshness. Memoised: typing a search re-renders the table, not this list.
 */
export const OwnerAccountsList = memo(function OwnerAccountsList({
  accounts,
  locks,
  selectedId,
  searching,
  totalLocks,
  onSelect,
  labelledBy,
}: Props) {
  const [filter, setFilter] = useState('');
  const items = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return [
      ALL,
      ...(f ? accounts.filter((a) => (a.name || a.id).toLowerCase().includes(f)) : accounts),
    ];
  }, [accounts, filter]);
  const selectedIndex = useMemo(
    () => (searching ? 0 : items.findIndex((a) => a.id === selectedId)),
    [items, selectedId, searching],
  );
  const onActiveChange = useCallback((i: number) => onSelect(items[i]!.id), [items, onSelect]);
  return (
    <>
      <SearchField
        id="account-filter"
        label="Filter owner accounts"
        placeholder="Filter accounts"
        value={filter}
        onChange={setFilter}
        className="accounts-filter"
      />
      <VirtualListbox
        items={items}
        getKey={(a) => a.id}
        idPrefix="owner-account"
        labelledBy={labelledBy}
        activeIndex={selectedIndex}
        selectedIndex={selectedIndex}
        onActiveChange={onActiveChange}
        estimateSize={48}
        testId="owner-accounts"
        renderItem={(a) => {
          if (a.id === ALL_ACCOUNTS) {
            return (
              <div className="account-row account-all" data-testid="owner-account-all">
                <span className="account-line">
                  <span className="account-name">All accounts</span>
                  <span className="account-count">{totalLocks.toLocaleString()}</span>
                </span>
                <span className="account-meta">
                  {countLabel(accounts.length, 'owner account', 'owner accounts')}
                </span>
              </div>
            );
          }
          const l = locks[a.id];
          const failed = l?.status === 'error';
          const fresh = freshnessText(l);
          return (
            <div
              className="account-row"
              data-testid="owner-account"
              data-id={a.id}
              data-failed={failed || undefined}
            >
              <span className="account-line">
                <span className="account-name" title={a.name || a.id}>
                  {a.name || a.id}
                </span>
                <span
                  className={failed ? 'account-count is-error' : 'account-count'}
                  data-testid="owner-account-count"
                >
                  {failed && (
                    <span className="account-marker" aria-hidden="true">
                      ⚠{' '}
                    </span>
                  )}
                  {lockCountText(l)}
                </span>
              </span>
              <span className="account-meta">
                {fresh && <span data-testid="owner-account-freshness">{fresh}</span>}
                {!a.active && <span className="badge badge-inactive">Inactive</span>}
              </span>
            </div>
          );
        }}
      />
    </>
  );
});
