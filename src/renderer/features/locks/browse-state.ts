import type {
  BoundLock,
  BoundLocksPage,
  BrowseSnapshot,
  InvalidItem,
  SnapshotAccountLocks,
  OwnerAccountsList,
} from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { buildEntries, type SearchEntry } from '../search/search-index';
import { lockChangesOf, noChanges, type LockChanges } from './lock-changes';

/** The locks of one owner account as the UI knows them; data from the last load stays while reloading. */
export interface AccountLocks {
  status: 'loading' | 'loaded' | 'error';
  locks: BoundLock[] | null;
  invalid: InvalidItem[];
  /** Search keys, built once when the page arrives. */
  entries: SearchEntry[];
  error: AppError | null;
  /** When these locks were received (null until the first success): the "as of 10:42" of the account. */
  updatedAt: number | null;
  /** What the last reload changed (rows marked for a moment); null when nothing is marked. */
  changes: LockChanges | null;
  /**
   * The refresh (its generation) whose live answer these rows hold, 0 for none yet: the account on screen is
   * asked for at the same time as the owner accounts, so its answer can come before their list does.
   */
  answeredIn: number;
}

/** The selection value of the "All accounts" row (a Tapkey id never contains `*`). */
export const ALL_ACCOUNTS = '*';

/** Everything the signed-in browser shows, as one value a reducer owns. */
export interface BrowseState {
  /** Bumped by each refresh; answers from an older generation are dropped. */
  generation: number;
  accountsStatus: 'loading' | 'loaded' | 'error';
  accounts: OwnerAccountsList | null;
  accountsError: AppError | null;
  locks: Readonly<Record<string, AccountLocks>>;
  /** An owner account id, ALL_ACCOUNTS, or null when there is no account. */
  selectedId: string | null;
  /** When the last load of everything settled (every account loaded or failed). */
  lastUpdated: number | null;
  /** The "as of" of the last-known snapshot while what it showed is not all replaced by live data; else null. */
  snapshotAsOf: number | null;
  /** Tapkey could not be reached while the snapshot is shown: read-only, retried on its own and on Refresh. */
  offline: boolean;
}

export type BrowseAction =
  | { type: 'refresh-started'; generation: number }
  | { type: 'accounts-loaded'; generation: number; list: OwnerAccountsList; at: number }
  | { type: 'accounts-failed'; generation: number; error: AppError }
  | { type: 'locks-started'; generation: number; ownerAccountId: string }
  | { type: 'locks-loaded'; generation: number; page: BoundLocksPage; at: number }
  | {
      type: 'locks-failed';
      generation: number;
      ownerAccountId: string;
      error: AppError;
      at: number;
    }
  | { type: 'select'; ownerAccountId: string }
  /** The last-known snapshot, shown before any request (only while nothing live is shown). */
  | { type: 'snapshot-loaded'; snapshot: BrowseSnapshot }
  /** The rest of the snapshot's accounts, for those no live answer has filled yet. */
  | { type: 'snapshot-locks'; locks: SnapshotAccountLocks[] }
  /** The moment of marking is over: rows go back to normal. */
  | { type: 'marks-cleared' };

export const initialBrowseState: BrowseState = {
  generation: 0,
  accountsStatus: 'loading',
  accounts: null,
  accountsError: null,
  locks: {},
  selectedId: null,
  lastUpdated: null,
  snapshotAsOf: null,
  offline: false,
};

const emptyLocks: AccountLocks = {
  status: 'loading',
  locks: null,
  invalid: [],
  entries: [],
  error: null,
  updatedAt: null,
  changes: null,
  answeredIn: 0,
};

/** Failures that mean "Tapkey cannot be reached now", as opposed to an answer saying no. */
const UNREACHABLE = new Set(['network', 'timeout', 'server']);

function settled(state: BrowseState, at: number): BrowseState {
  if (state.accountsStatus !== 'loaded' || !state.accounts) return state;
  const pending = state.accounts.accounts.some(
    (a) => state.locks[a.id]?.status !== 'loaded' && state.locks[a.id]?.status !== 'error',
  );
  // The live load is over: each account now says how current it is (an account that failed keeps its rows,
  // with their own date), so the snapshot's date no longer describes the screen.
  return pending ? state : { ...state, lastUpdated: at, snapshotAsOf: null, offline: false };
}

function snapshotLocks(
  names: OwnerAccountsList,
  l: SnapshotAccountLocks,
  status: AccountLocks['status'],
): AccountLocks {
  return {
    status,
    locks: l.locks,
    invalid: l.invalid,
    entries: buildEntries(l.locks, accountName(names, l.ownerAccountId)),
    error: null,
    updatedAt: l.updatedAt,
    changes: null,
    answeredIn: 0,
  };
}

/** The screen as the snapshot left it: every account loaded as of its own time, the same selection. */
function fromSnapshot(state: BrowseState, snapshot: BrowseSnapshot): BrowseState {
  const names = snapshot.accounts;
  // Accounts whose locks the snapshot has not sent yet wait for them (or for the live load) as "loading".
  const locks: Record<string, AccountLocks> = {};
  for (const a of names.accounts) locks[a.id] = emptyLocks;
  for (const l of snapshot.locks) locks[l.ownerAccountId] = snapshotLocks(names, l, 'loaded');
  const ids = new Set(names.accounts.map((a) => a.id));
  const s = snapshot.selectedId;
  const selectedId =
    s !== null && (s === ALL_ACCOUNTS || ids.has(s)) ? s : (names.accounts[0]?.id ?? null);
  return {
    ...state,
    accountsStatus: 'loaded',
    accounts: names,
    accountsError: null,
    locks,
    selectedId,
    lastUpdated: snapshot.asOf,
    snapshotAsOf: snapshot.asOf,
    offline: false,
  };
}

/** The browser's state transitions: progressive per-account loading, per-account failure, refresh, selection. */
export function browseReducer(state: BrowseState, action: BrowseAction): BrowseState {
  if (action.type === 'select') return { ...state, selectedId: action.ownerAccountId };
  if (action.type === 'snapshot-loaded')
    return state.accounts ? state : fromSnapshot(state, action.snapshot);
  if (action.type === 'snapshot-locks') {
    const names = state.accounts;
    if (!names) return state;
    let locks: Record<string, AccountLocks> | null = null;
    for (const l of action.locks) {
      const prev = state.locks[l.ownerAccountId];
      // Live rows, or rows already there, are never replaced by older ones.
      if (!prev || prev.locks !== null) continue;
      locks ??= { ...state.locks };
      // Before any live load the rows simply are the snapshot's; during one, the account keeps its status.
      locks[l.ownerAccountId] = snapshotLocks(
        names,
        l,
        state.generation === 0 ? 'loaded' : prev.status,
      );
    }
    return locks ? { ...state, locks } : state;
  }
  if (action.type === 'marks-cleared') {
    const locks: Record<string, AccountLocks> = {};
    for (const [id, l] of Object.entries(state.locks))
      locks[id] = l.changes ? { ...l, changes: null } : l;
    return { ...state, locks };
  }
  if (action.type === 'refresh-started') {
    return {
      ...state,
      generation: action.generation,
      accountsStatus: 'loading',
      accountsError: null,
    };
  }
  if (action.generation !== state.generation) return state;
  switch (action.type) {
    case 'accounts-loaded': {
      const ids = new Set(action.list.accounts.map((a) => a.id));
      const locks: Record<string, AccountLocks> = {};
      // Keep what we had for accounts that still exist, so a refresh never blanks the screen; an account whose
      // answer this refresh already has (the one on screen, asked for beside this list) stays as it is.
      for (const id of ids) {
        const prev = state.locks[id];
        locks[id] =
          prev && prev.answeredIn === action.generation
            ? prev
            : { ...(prev ?? emptyLocks), status: 'loading', error: null };
      }
      const kept =
        state.selectedId === ALL_ACCOUNTS ||
        (state.selectedId !== null && ids.has(state.selectedId));
      const selectedId = kept ? state.selectedId : (action.list.accounts[0]?.id ?? null);
      return settled(
        {
          ...state,
          accountsStatus: 'loaded',
          accounts: action.list,
          accountsError: null,
          locks,
          selectedId,
        },
        action.at,
      );
    }
    case 'accounts-failed': {
      const offline = state.snapshotAsOf !== null && UNREACHABLE.has(action.error.code);
      return {
        ...state,
        accountsStatus: 'error',
        accountsError: action.error,
        offline,
        // Offline, the one line says why nothing is current: the account on screen, asked for beside the list,
        // does not say it again.
        locks: offline ? mapValues(state.locks, quietWhenOffline) : state.locks,
      };
    }
    case 'locks-started': {
      const prev = state.locks[action.ownerAccountId];
      if (!prev) return state;
      return {
        ...state,
        locks: {
          ...state.locks,
          [action.ownerAccountId]: { ...prev, status: 'loading', error: null },
        },
      };
    }
    case 'locks-loaded': {
      const id = action.page.ownerAccountId;
      // An account not on screen is dropped, unless the list of accounts is still on its way (the account asked
      // for beside it): that list then keeps or drops it.
      if (!state.locks[id] && state.accountsStatus !== 'loading') return state;
      const before = state.locks[id]?.locks ?? null;
      const changes = before ? lockChangesOf(before, action.page.locks) : null;
      const next: AccountLocks = {
        status: 'loaded',
        locks: action.page.locks,
        invalid: action.page.invalid,
        entries: buildEntries(action.page.locks, accountName(state.accounts, id)),
        error: null,
        updatedAt: action.at,
        changes: noChanges(changes) ? null : changes,
        answeredIn: state.generation,
      };
      return settled({ ...state, locks: { ...state.locks, [id]: next } }, action.at);
    }
    case 'locks-failed': {
      const prev =
        state.locks[action.ownerAccountId] ??
        (state.accountsStatus === 'loading' ? emptyLocks : undefined);
      if (!prev) return state;
      // Offline already: the rows stay as they are, and the offline line says why.
      if (state.offline && unreachableWithRows(prev.locks, action.error)) return state;
      const next: AccountLocks = {
        ...prev,
        status: 'error',
        error: action.error,
        answeredIn: state.generation,
      };
      return settled(
        { ...state, locks: { ...state.locks, [action.ownerAccountId]: next } },
        action.at,
      );
    }
  }
}

/** An account whose rows stay as they were while offline (Tapkey unreachable, rows from the snapshot). */
function quietWhenOffline(l: AccountLocks): AccountLocks {
  return l.status === 'error' && unreachableWithRows(l.locks, l.error)
    ? { ...l, status: 'loaded', error: null }
    : l;
}

const unreachableWithRows = (locks: BoundLock[] | null, error: AppError | null): boolean =>
  locks !== null && error !== null && UNREACHABLE.has(error.code);

/** `o` with `f` applied to each value; `o` itself when no value changed (the screen keeps its rows). */
function mapValues<T>(o: Record<string, T>, f: (v: T) => T): Record<string, T> {
  let out: Record<string, T> | null = null;
  for (const [k, v] of Object.entries(o)) {
    const next = f(v);
    if (next !== v) (out ??= { ...o })[k] = next;
  }
  return out ?? o;
}

function accountName(list: OwnerAccountsList | null, id: string): string {
  const a = list?.accounts.find((x) => x.id === id);
  return a ? a.name || a.id : id;
}

/** Search groups in owner-account order; the array identity changes only when some account's locks change. */
export function searchGroupsOf(
  accounts: OwnerAccountsList | null,
  locks: BrowseState['locks'],
): SearchEntry[][] {
  return (accounts?.accounts ?? []).map((a) => locks[a.id]?.entries ?? []);
}

/** The counts behind the toolbar's "3 of 5 accounts updated · 2 failed". */
export function freshnessOf(state: BrowseState): {
  total: number;
  updated: number;
  failed: number;
  loading: number;
  oldest: number | null;
} {
  const accounts = state.accounts?.accounts ?? [];
  let updated = 0;
  let failed = 0;
  let loading = 0;
  let oldest: number | null = null;
  for (const a of accounts) {
    const l = state.locks[a.id];
    if (l?.status === 'loaded') updated++;
    else if (l?.status === 'error') failed++;
    else loading++;
    if (
      l?.updatedAt !== null &&
      l?.updatedAt !== undefined &&
      (oldest === null || l.updatedAt < oldest)
    )
      oldest = l.updatedAt;
  }
  return { total: accounts.length, updated, failed, loading, oldest };
}

/** How many accounts are still loading, for the progress note. */
export function loadingCount(state: BrowseState): number {
  if (!state.accounts) return 0;
  return state.accounts.accounts.filter((a) => state.locks[a.id]?.status === 'loading').length;
}
