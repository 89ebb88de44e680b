import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { BoundLock } from '../../../shared/model';
import { useAppCommand, useShellRequest } from '../../app-commands';
import { useTapkeyApi } from '../../api-context';
import { copyText } from '../../ui/clipboard';
import { countLabel, unreadableLabel } from '../format/format';
import { createSearcher, type SearchEntry } from '../search/search-index';
import { SearchBox } from '../search/search-box';
import { ALL_ACCOUNTS } from './browse-state';
import { Freshness } from './freshness';
import { LockDetailPane } from './lock-detail-pane';
import { LockTable, type LockActions } from './lock-table';
import {
  exportSelection,
  filterEntries,
  groupedItems,
  lockCsv,
  indexOfLock,
  rowAt,
  lockTypesOf,
  loadSort,
  noFilter,
  saveSort,
  sortedGroup,
  toggleSort,
  warmUp,
  type LockFilter,
  type SortColumn,
  type StatusFilter,
  type TableRows,
} from './lock-table-model';
import { OwnerAccountsList } from './owner-accounts-list';
import { useBrowse } from './use-browse';
import { Workspace, type WorkspaceView } from '../workspace/workspace-views';
import './browse-view.css';

/** How long the first search result must stay first before the detail pane shows it. */
const PANE_REST_MS = 150;

/** `value` at once when `immediate`, else the value it last held for PANE_REST_MS without changing. */
function useRestingValue<T>(value: T, immediate: boolean): T {
  const [rested, setRested] = useState(value);
  // Adjusting state during render (React's documented pattern): no extra commit when the value passes straight through.
  if (immediate && rested !== value) setRested(value);
  useEffect(() => {
    if (immediate) return;
    const t = window.setTimeout(() => setRested(value), PANE_REST_MS);
    return () => window.clearTimeout(t);
  }, [value, immediate]);
  return immediate ? value : rested;
}

const storage = () => (typeof window !== 'undefined' ? window.localStorage : undefined);
const statusOptions: ReadonlyArray<[StatusFilter, string]> = [
  ['all', 'All'],
  ['active', 'Active'],
  ['inactive', 'Inactive'],
];

/** The signed-in screen: accounts, the lock table and the selected lock's details, with search, filters, copy and export. */
export function BrowseView() {
  const api = useTapkeyApi();
  const { state, groups, refresh, retry, select } = useBrowse();
  const [query, setQuery] = useState('');
  // Typing stays responsive: the search runs on the deferred query, which React renders at low priority.
  const deferredQuery = useDeferredValue(query);
  const [search] = useState(createSearcher);
  const [sort, setSort] = useState(() => loadSort(storage()));
  const [filter, setFilter] = useState<LockFilter>(noFilter);
  const [selected, setSelected] = useState<BoundLock | null>(null);
  const [notice, setNotice] = useState('');
  const [view, setView] = useState('locks');
  // The selected lock's tab: Details sits beside the table; Access and Activity take the whole view.
  const [detailTab, setDetailTab] = useState('details');
  const searchRef = useRef<HTMLInputElement>(null);

  const accounts = useMemo(() => state.accounts?.accounts ?? [], [state.accounts]);
  const names = useMemo(() => new Map(accounts.map((a) => [a.id, a.name || a.id])), [accounts]);
  const accountNameOf = useCallback((id: string) => names.get(id) ?? id, [names]);
  const searching = deferredQuery.trim() !== '';
  const allView = searching || state.selectedId === ALL_ACCOUNTS;
  const account = allView ? null : (accounts.find((a) => a.id === state.selectedId) ?? null);
  const accountLocks = account ? state.locks[account.id] : undefined;

  // Each account's locks sorted once per sort (cached per account), so a keystroke or filter never sorts; only
  // the views over every account need every group sorted, and idle time has usually done that already.
  const sortedGroups = useMemo(
    () => (allView ? groups.map((g) => sortedGroup(g, sort)) : null),
    [allView, groups, sort],
  );
  useEffect(() => warmUp(groups, sort), [groups, sort]);
  const types = useMemo(() => lockTypesOf(groups), [groups]);
  const shown: readonly SearchEntry[] = useMemo(() => {
    if (searching) return filterEntries(search(sortedGroups!, deferredQuery), filter);
    if (state.selectedId === ALL_ACCOUNTS) return filterEntries(sortedGroups!.flat(), filter);
    const i = accounts.findIndex((a) => a.id === state.selectedId);
    return i >= 0 && groups[i] ? filterEntries(sortedGroup(groups[i], sort), filter) : [];
  }, [
    searching,
    search,
    sortedGroups,
    deferredQuery,
    filter,
    state.selectedId,
    accounts,
    groups,
    sort,
  ]);
  const table = useMemo(
    () => (allView ? groupedItems(shown) : { items: shown as TableRows, groups: 1 }),
    [allView, shown],
  );
  const totalLocks = useMemo(() => groups.reduce((n, g) => n + g.length, 0), [groups]);

  // The detail pane follows the selection; when the selected lock is not in view, the first shown lock is.
  const [selectedIndex, chosen] = useMemo(() => {
    const i = indexOfLock(table.items, selected);
    if (i >= 0) return [i, true];
    // The first lock row: row 0, or row 1 under a group heading.
    return [rowAt(table.items, 0)?.kind === 'lock' ? 0 : table.items.length > 1 ? 1 : -1, false];
  }, [table.items, selected]);
  const currentItem = rowAt(table.items, selectedIndex);
  const current = currentItem?.kind === 'lock' ? currentItem.lock : null;
  // While a search is typed, the first result changes with every keystroke: the pane follows it only once
  // typing rests, so it neither re-renders nor fetches per keystroke. A lock the user picked shows at once.
  const shownInPane = useRestingValue(current, !(searching && !chosen));

  const onSort = useCallback((column: SortColumn) => {
    setSort((s) => {
      const next = toggleSort(s, column);
      saveSort(storage(), next);
      return next;
    });
  }, []);

  useEffect(() => {
    if (!notice) return;
    const t = window.setTimeout(() => setNotice(''), 4000);
    return () => window.clearTimeout(t);
  }, [notice]);

  const copy = useCallback(async (text: string, what: string) => {
    setNotice(
      (await copyText(text))
        ? `Copied ${what}`
        : `Could not copy the ${what}: the clipboard is not available.`,
    );
  }, []);
  const onCopy = useCallback((text: string, what: string) => void copy(text, what), [copy]);
  const actions: LockActions = useMemo(
    () => ({
      copyReadableId: (l) => {
        const id = l.readableLockId ?? l.physicalLockId;
        if (id) void copy(id, 'lock ID');
        else setNotice('This lock has no lock ID to copy.');
      },
      copyTapkeyId: (l) => void copy(l.id, 'Tapkey ID'),
      copyCsv: (l) => void copy(lockCsv(l, accountNameOf(l.ownerAccountId)), 'row as CSV'),
    }),
    [copy, accountNameOf],
  );

  // Inside the shell, Export… reports like File → Export…; on its own (a test of this screen) it exports itself.
  const shellRequest = useShellRequest();
  const exportShown = async () => {
    const r = await api.exportLocksCsv(exportSelection(shown));
    if (!r.ok) setNotice(`Could not export: ${r.error.message}`);
    else if (r.value)
      setNotice(`Exported ${countLabel(r.value.rows, 'lock', 'locks')} to ${r.value.path}`);
  };

  // Find (Ctrl/Cmd+F, View menu): the shell routes it here, to this screen's search box.
  useAppCommand('find', () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  });

  // Picking an account means "show me this account": leave the search, or the pick would change nothing visible.
  // The shell's Refresh (Ctrl/Cmd+R, View menu) and Export… (Ctrl/Cmd+E, File menu) act on what this screen shows.
  useAppCommand('refresh', () => void refresh());
  useAppCommand('export', () => exportSelection(shown));
  const pick = useCallback(
    (id: string) => {
      setQuery('');
      select(id);
    },
    [select],
  );

  const filtered = filter.status !== 'all' || filter.type !== null;
  const shownCount = shown.length;
  let heading: string;
  let summary: string;
  if (searching) {
    heading = 'Search results';
    const q = deferredQuery.trim();
    summary =
      shownCount === 0
        ? `No locks match “${q}”`
        : `${countLabel(shownCount, 'lock', 'locks')} match “${q}” in ${countLabel(table.groups, 'account', 'accounts')}`;
    const unsearchable = accounts.filter((a) => !state.locks[a.id]?.locks).length;
    if (unsearchable > 0)
      summary += ` · ${countLabel(unsearchable, 'owner account', 'owner accounts')} not searched: ${unsearchable === 1 ? 'its' : 'their'} locks are not loaded`;
  } else if (allView) {
    heading = 'All accounts';
    summary = `${countLabel(shownCount, 'lock', 'locks')}${filtered ? ` of ${totalLocks.toLocaleString()}` : ''} in ${countLabel(table.groups, 'account', 'accounts')}`;
  } else {
    heading = account ? account.name || account.id : '';
    const list = accountLocks?.locks;
    const loading = !accountLocks || accountLocks.status === 'loading';
    summary = `${account && !account.active ? 'Inactive owner account · ' : ''}${
      list
        ? filtered
          ? `${shownCount.toLocaleString()} of ${countLabel(list.length, 'lock', 'locks')}`
          : countLabel(list.length, 'lock', 'locks')
        : loading
          ? 'Loading locks…'
          : ''
    }${list && loading ? ' · updating…' : ''}`;
  }

  const lockWide = detailTab !== 'details' && shownInPane !== null;
  const views: WorkspaceView[] = [
    {
      id: 'locks',
      label: 'Locks',
      render: () => (
        <div className={lockWide ? 'locks-view is-lock-wide' : 'locks-view'}>
          <section
            className="pane locks-pane"
            aria-labelledby="locks-heading"
            data-testid={searching ? 'search-results' : allView ? 'all-locks' : 'account-locks'}
            aria-busy={searching && deferredQuery !== query}
          >
            <div className="pane-header">
              <h2 id="locks-heading">{heading}</h2>
              <p
                className="pane-sub"
                id="locks-summary"
                data-testid={searching ? 'search-summary' : 'locks-summary'}
              >
                {summary}
              </p>
            </div>
            {account && accountLocks?.status === 'error' && accountLocks.error && (
              <div className="notice notice-error" role="alert" data-testid="account-error">
                <p>
                  <strong>
                    {accountLocks.locks
                      ? 'Could not update the locks of this account.'
                      : 'Could not load the locks of this account.'}
                  </strong>{' '}
                  {accountLocks.error.message}
                </p>
                <button type="button" className="button" onClick={() => retry(account.id)}>
                  Retry
                </button>
              </div>
            )}
            {account && accountLocks && accountLocks.invalid.length > 0 && (
              <div className="notice notice-warning" data-testid="account-invalid">
                <p>
                  {unreadableLabel(accountLocks.invalid.length, 'lock')}: Tapkey sent{' '}
                  {accountLocks.invalid.length === 1 ? 'it' : 'them'} in a form this app does not
                  understand.
                </p>
                <ul className="invalid-list">
                  {accountLocks.invalid.slice(0, 5).map((i) => (
                    <li key={i.index}>
                      {i.id ? `Lock ${i.id}` : `Item ${i.index + 1}`}: {i.problem}
                    </li>
                  ))}
                  {accountLocks.invalid.length > 5 && (
                    <li>and {accountLocks.invalid.length - 5} more</li>
                  )}
                </ul>
              </div>
            )}
            {account && accountLocks?.locks?.length === 0 && (
              <div className="empty" data-testid="account-empty">
                <p>
                  <strong>This owner account has no locks.</strong>
                </p>
                <p>
                  Locks appear here once they are bound to “{account.name || account.id}” in the
                  Tapkey portal or app.
                </p>
              </div>
            )}
            {account && !accountLocks?.locks && accountLocks?.status !== 'error' && (
              <div className="empty" aria-busy="true">
                <p>Loading locks…</p>
              </div>
            )}
            {table.items.length > 0 ? (
              <LockTable
                items={table.items}
                selectedIndex={selectedIndex}
                onSelect={setSelected}
                sort={sort}
                onSort={onSort}
                actions={actions}
                labelledBy="locks-heading"
                describedBy="locks-summary"
                testId="lock-table"
              />
            ) : (
              shownCount === 0 &&
              (searching || filtered) && (
                <div className="empty" data-testid="no-matches">
                  <p>
                    {searching
                      ? 'Search looks at the title, description, lock ID, lock type and owner account of every lock.'
                      : 'No lock matches the status and type filters.'}
                  </p>
                </div>
              )
            )}
          </section>
          <LockDetailPane
            lock={shownInPane}
            accountName={shownInPane ? accountNameOf(shownInPane.ownerAccountId) : ''}
            onCopy={onCopy}
            tab={detailTab}
            onTab={setDetailTab}
          />
        </div>
      ),
    },
  ];

  return (
    <>
      <div className="toolbar">
        <SearchBox value={query} onChange={setQuery} ref={searchRef} />
        <div role="group" aria-label="Status" className="segmented">
          {statusOptions.map(([value, label]) => (
            <button
              key={value}
              type="button"
              className="segment"
              aria-pressed={filter.status === value}
              onClick={() => setFilter((f) => ({ ...f, status: value }))}
            >
              {label}
            </button>
          ))}
        </div>
        <label className="visually-hidden" htmlFor="type-filter">
          Lock type
        </label>
        <select
          id="type-filter"
          className="select"
          value={filter.type ?? ''}
          onChange={(e) => setFilter((f) => ({ ...f, type: e.target.value || null }))}
        >
          <option value="">All types</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          onClick={() => void refresh()}
          disabled={state.accountsStatus === 'loading'}
        >
          Refresh
        </button>
        <button
          type="button"
          className="button"
          onClick={() => (shellRequest ? shellRequest('export') : void exportShown())}
          disabled={shownCount === 0}
        >
          Export…
        </button>
        <Freshness state={state} />
        <p className="toolbar-notice" role="status" data-testid="browse-notice">
          {notice}
        </p>
      </div>
      {/* An ended session is the shell's banner to explain ("Sign in again"); repeating it here would only add noise. */}
      {state.accountsStatus === 'error' &&
        state.accountsError &&
        state.accountsError.code !== 'session-expired' && (
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
          <p>
            {unreadableLabel(state.accounts.invalid.length, 'owner account')}: Tapkey sent data this
            app does not understand.
          </p>
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
            Locks belong to owner accounts. Create one, or ask an owner to make you an administrator
            of theirs, in the Tapkey portal or app; then choose Refresh.
          </p>
        </div>
      )}
      {accounts.length > 0 && (
        <div className="browse">
          <section className="pane accounts-pane" aria-labelledby="accounts-heading">
            <div className="pane-header">
              <h2 id="accounts-heading">Owner accounts</h2>
            </div>
            <OwnerAccountsList
              accounts={accounts}
              locks={state.locks}
              selectedId={state.selectedId}
              searching={searching}
              totalLocks={totalLocks}
              onSelect={pick}
              labelledBy="accounts-heading"
            />
          </section>
          <Workspace views={views} current={view} onChange={setView} />
        </div>
      )}
    </>
  );
}
