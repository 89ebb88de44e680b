import type { OwnerAccount } from '../../../shared/model';
import { countLabel } from '../format/format';
import type { AccountLocks } from './browse-state';

/** What the locks pane is showing, as the heading and summary line above the table need it. */
export interface PaneView {
  /** The search as typed (trimmed); empty when not searching. */
  query: string;
  /** Every account's locks (search results or "All accounts"), rather than one account's. */
  allView: boolean;
  /** The one account shown, outside the views over every account. */
  account: OwnerAccount | null;
  accountLocks: AccountLocks | undefined;
  /** Locks shown after search and filters, in how many account groups. */
  shownCount: number;
  groupCount: number;
  /** A status or type filter is on. */
  filtered: boolean;
  totalLocks: number;
  /** Accounts whose locks are not loaded, so a search cannot look at them. */
  unsearchable: number;
}

/** The pane's heading and summary: "Search results · 3 locks match “door” in 2 accounts", "Office · 12 locks". */
export function paneHeading(v: PaneView): { heading: string; summary: string } {
  const count = (n: number) => countLabel(n, 'lock', 'locks');
  const accounts = (n: number) => countLabel(n, 'account', 'accounts');
  if (v.query) {
    let summary =
      v.shownCount === 0
        ? `No locks match “${v.query}”`
        : `${count(v.shownCount)} match “${v.query}” in ${accounts(v.groupCount)}`;
    if (v.unsearchable > 0)
      summary += ` · ${countLabel(v.unsearchable, 'owner account', 'owner accounts')} not searched: ${v.unsearchable === 1 ? 'its' : 'their'} locks are not loaded`;
    return { heading: 'Search results', summary };
  }
  if (v.allView)
    return {
      heading: 'All accounts',
      summary: `${count(v.shownCount)}${v.filtered ? ` of ${v.totalLocks.toLocaleString()}` : ''} in ${accounts(v.groupCount)}`,
    };
  const list = v.accountLocks?.locks;
  const loading = !v.accountLocks || v.accountLocks.status === 'loading';
  const size = list
    ? v.filtered
      ? `${v.shownCount.toLocaleString()} of ${count(list.length)}`
      : count(list.length)
    : loading
      ? 'Loading locks…'
      : '';
  return {
    heading: v.account ? v.account.name || v.account.id : '',
    summary: `${v.account && !v.account.active ? 'Inactive owner account · ' : ''}${size}${list && loading ? ' · updating…' : ''}`,
  };
}
