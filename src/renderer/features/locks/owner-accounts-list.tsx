import { useCallback, useMemo } from 'react';
import type { OwnerAccount } from '../../../shared/model';
import { VirtualListbox } from '../../ui/virtual-listbox';
import { countLabel } from '../format/format';
import type { AccountLocks } from './browse-state';
import './owner-accounts-list.css';

interface Props {
  accounts: readonly OwnerAccount[];
  locks: Readonly<Record<string, AccountLocks>>;
  selectedId: string | null;
  onSelect(id: string): void;
  labelledBy: string;
}

function lockCountText(l: AccountLocks | undefined): string {
  if (!l || (l.status === 'loading' && !l.locks)) return 'Loading locks…';
  if (l.status === 'error' && !l.locks) return 'Could not load locks';
  const n = countLabel(l.locks?.length ?? 0, 'lock', 'locks');
  if (l.status === 'error') return `${n} · update failed`;
  return l.status === 'loading' ? `${n} · updating…` : n;
}

/** The owner accounts: name, lock count once known, active state. Selection follows the keyboard. */
export function OwnerAccountsList({ accounts, locks, selectedId, onSelect, labelledBy }: Props) {
  const selectedIndex = useMemo(() => accounts.findIndex((a) => a.id === selectedId), [accounts, selectedId]);
  const onActiveChange = useCallback((i: number) => onSelect(accounts[i]!.id), [accounts, onSelect]);
  return (
    <VirtualListbox
      items={accounts}
      getKey={(a) => a.id}
      idPrefix="owner-account"
      labelledBy={labelledBy}
      activeIndex={selectedIndex}
      selectedIndex={selectedIndex}
      onActiveChange={onActiveChange}
      estimateSize={56}
      testId="owner-accounts"
      renderItem={(a) => {
        const l = locks[a.id];
        return (
          <div className="account-row" data-testid="owner-account" data-id={a.id}>
            <span className="account-name">{a.name || a.id}</span>
            <span className="account-meta">
              <span className={l?.status === 'error' ? 'account-count is-error' : 'account-count'} data-testid="owner-account-count">
                {lockCountText(l)}
              </span>
              {!a.active && <span className="badge badge-inactive">Inactive</span>}
            </span>
          </div>
        );
      }}
    />
  );
}
