import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { BoundLock } from '../../../shared/model';
import { useAppCommand, useShellRequest } from '../../app-commands';
import { useTapkeyApi } from '../../api-context';
import { countLabel } from '../format/format';
import { createSearcher, type SearchEntry } from '../search/search-index';
import { AccountsStatus } from './accounts-status';
import { ALL_ACCOUNTS } from './browse-state';
import { paneHeading } from './browse-summary';
import { BrowseToolbar } from './browse-toolbar';
import { LockDetailPane } from './lock-detail-pane';
import { LocksPane } from './locks-pane';
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
  type TableRows,
} from './lock-table-model';
import { OwnerAccountsList } from './owner-accounts-list';
import { useBrowse } from './use-browse';
import { marksOf } from './lock-changes';
import { useNotice } from './use-notice';
import { useRestingValue } from './use-resting-value';
import { Workspace, type WorkspaceView } from '../workspace/workspace-views';
import { AccountActivity } from '../activity/account-activity';
import { JournalView } from '../journal/journal-view';
import { useManage } from '../manage/manage-context';
import { PeopleView } from '../people/people-view';
import { ChosenLocksBar } from './chosen-locks-bar';
import './browse-view.css';

const NO_LOCKS: readonly BoundLock[] = [];
const NONE_CHOSEN: ReadonlyMap<string, BoundLock> = new Map();
const storage = () => (typeof window !== 'undefined' ? window.localStorage : undefined);
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
  // Locks chosen besides the selection (Ctrl/Cmd- or Shift-click), to give access to several at once.
  const [picked, setPicked] = useState<ReadonlyMap<string, BoundLock>>(NONE_CHOSEN);
  const manage = useManage();
  const { notice, setNotice, copy } = useNotice();
  const [view, setView] = useState('locks');
  // The selected lock's tab: Details sits beside the table; Access and Activity take the whole view.
  const [detailTab, setDetailTab] = useState('details');
  const searchRef = useRef<HTMLInputElement>(null);

  const accounts = useMemo(() => state.accounts?.accounts ?? [], [state.accounts]);
  const names = useMemo(() => new Map(accounts.map((a) => [a.id, a.name || a.id])), [accounts]);
  // Lock titles as the lock list has them, for the views that name locks by id (People).
  const lockTitle = useCallback(
    (ownerAccountId: string, lockId: string) =>
      state.locks[ownerAccountId]?.locks?.find((l) => l.id.toLowerCase() === lockId.toLowerCase())
        ?.title ?? null,
    [state.locks],
  );
  const marks = useMemo(() => marksOf(state.locks), [state.locks]);
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

  const onSelect = useCallback((lock: BoundLock, keepChosen?: boolean) => {
    setSelected(lock);
    if (!keepChosen) setPicked(NONE_CHOSEN);
  }, []);
  const onChoose = useCallback(
    (locks: BoundLock[], mode: 'add' | 'toggle') =>
      setPicked((c) => {
        const next = new Map(c);
        for (const l of locks)
          if (mode === 'toggle' && next.has(l.id)) next.delete(l.id);
          else next.set(l.id, l);
        return next;
      }),
    [],
  );
  const pickedIds = useMemo(() => new Set(picked.keys()), [picked]);
  // Give access… acts on the chosen locks, else on the selected one; always within one owner account.
  const give = manage.give;
  const giveTo = useCallback(
    (locks: readonly BoundLock[]) => {
      const owner = locks[0]?.ownerAccountId ?? null;
      give({
        ownerAccountId: owner,
        lockIds: locks.filter((l) => l.ownerAccountId === owner).map((l) => l.id),
      });
    },
    [give],
  );
  const canGive = manage.caps?.canWrite === true;

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
      ...(canGive
        ? { giveAccess: (l: BoundLock) => giveTo(picked.has(l.id) ? [...picked.values()] : [l]) }
        : {}),
    }),
    [copy, accountNameOf, setNotice, canGive, giveTo, picked],
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
  // Access → Give access… (Ctrl/Cmd+N) from the Locks view: the chosen locks, else the selected one.
  useAppCommand('give-access', () =>
    giveTo(
      picked.size ? [...picked.values()] : view === 'locks' && shownInPane ? [shownInPane] : [],
    ),
  );
  useAppCommand('view-locks', () => setView('locks'));
  useAppCommand('view-people', () => setView('people'));
  useAppCommand('view-journal', () => setView('journal'));
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
  const { heading, summary } = paneHeading({
    query: searching ? deferredQuery.trim() : '',
    allView,
    account,
    accountLocks,
    shownCount,
    groupCount: table.groups,
    filtered,
    totalLocks,
    unsearchable: searching ? accounts.filter((a) => !state.locks[a.id]?.locks).length : 0,
  });

  const lockWide = detailTab !== 'details' && shownInPane !== null;
  const views: WorkspaceView[] = [
    {
      id: 'locks',
      label: 'Locks',
      render: () => (
        <div className={lockWide ? 'locks-view is-lock-wide' : 'locks-view'}>
          <LocksPane
            view={searching ? 'search' : allView ? 'all' : 'account'}
            heading={heading}
            summary={summary}
            busy={searching && deferredQuery !== query}
            account={account}
            accountLocks={accountLocks}
            onRetry={retry}
            emptyBecause={
              shownCount > 0 ? null : searching ? 'search' : filtered ? 'filters' : null
            }
          >
            {table.items.length > 0 ? (
              <>
                {picked.size > 1 && (
                  <ChosenLocksBar
                    locks={[...picked.values()]}
                    caps={manage.caps}
                    onGive={() => giveTo([...picked.values()])}
                    onClear={() => setPicked(NONE_CHOSEN)}
                  />
                )}
                <LockTable
                  items={table.items}
                  selectedIndex={selectedIndex}
                  onSelect={onSelect}
                  chosen={pickedIds}
                  onChoose={onChoose}
                  sort={sort}
                  onSort={onSort}
                  actions={actions}
                  labelledBy="locks-heading"
                  describedBy="locks-summary"
                  testId="lock-table"
                  marks={marks}
                />
              </>
            ) : null}
          </LocksPane>
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
    {
      id: 'activity',
      label: 'Activity',
      render: () => (
        <AccountActivity
          ownerAccountId={account?.id ?? null}
          accountName={account ? account.name || account.id : ''}
          locks={accountLocks?.locks ?? NO_LOCKS}
        />
      ),
    },
    {
      id: 'people',
      label: 'People',
      render: () => (
        <PeopleView
          accounts={accounts}
          accountId={allView || !account ? null : account.id}
          lockTitle={lockTitle}
        />
      ),
    },
    {
      id: 'journal',
      label: 'Journal',
      render: () => <JournalView accounts={accounts} />,
    },
  ];

  return (
    <>
      <BrowseToolbar
        query={query}
        onQuery={setQuery}
        searchRef={searchRef}
        filter={filter}
        onFilter={setFilter}
        types={types}
        state={state}
        onRefresh={() => void refresh()}
        onExport={
          shownCount === 0
            ? null
            : () => (shellRequest ? shellRequest('export') : void exportShown())
        }
        notice={notice}
      />
      <AccountsStatus state={state} onRetry={() => void refresh()} />
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
