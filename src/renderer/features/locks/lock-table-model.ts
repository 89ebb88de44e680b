// The lock table's logic as pure functions (sort, filter, grouping, selection moves, type-ahead, copy text),
// so it is tested without a browser and the components only wire it up.
import { lockRow, locksCsv } from '../../../shared/lock-csv';
import type { BoundLock } from '../../../shared/model';
import { indexGroup, keyOf, sortFold, titleKeyOf, type SearchEntry } from '../search/search-index';

export type SortColumn = 'title' | 'status' | 'type' | 'lockId' | 'bound' | 'description';
export interface SortState {
  column: SortColumn;
  descending: boolean;
}
export type StatusFilter = 'all' | 'active' | 'inactive';
export interface LockFilter {
  status: StatusFilter;
  /** A lock type label, or null for every type. */
  type: string | null;
}

export const defaultSort: SortState = { column: 'title', descending: false };
export const noFilter: LockFilter = { status: 'all', type: null };
export const sortColumns: readonly SortColumn[] = [
  'title',
  'status',
  'type',
  'lockId',
  'bound',
  'description',
];

const SORT_STORAGE_KEY = 'tapkey-locks.sort';

/** The sort the user chose last time (default: title, A→Z); anything unreadable falls back to the default. */
export function loadSort(storage: Pick<Storage, 'getItem'> | undefined): SortState {
  try {
    const v = JSON.parse(storage?.getItem(SORT_STORAGE_KEY) ?? 'null') as Partial<SortState> | null;
    if (v && sortColumns.includes(v.column as SortColumn) && typeof v.descending === 'boolean')
      return { column: v.column!, descending: v.descending };
  } catch {
    // A hand-edited or stale value is not worth an error: the default sort is fine.
  }
  return defaultSort;
}

/** Remembers the sort across restarts. */
export function saveSort(storage: Pick<Storage, 'setItem'> | undefined, sort: SortState): void {
  try {
    storage?.setItem(SORT_STORAGE_KEY, JSON.stringify(sort));
  } catch {
    // Storage full or disabled: the sort still works for this session.
  }
}

/** Clicking a column header: the same column flips direction, another column starts ascending. */
export function toggleSort(current: SortState, column: SortColumn): SortState {
  return current.column === column
    ? { column, descending: !current.descending }
    : { column, descending: false };
}

// Values a lock lacks sort after every present value, so "no lock id" never hides the real ones at the top.
const MISSING = '\uffff';
const lockIdKey = (l: BoundLock) => l.readableLockId ?? l.physicalLockId ?? MISSING;
const descriptionKey = (e: SearchEntry) =>
  (e.descriptionKey ??= e.lock.description ? sortFold(e.lock.description) : MISSING);
// Lock types repeat (a handful of labels across thousands of locks): fold each label once.
const typeKeys = new Map<string, string>();
const typeKey = (label: string) => {
  let k = typeKeys.get(label);
  if (k === undefined) typeKeys.set(label, (k = sortFold(label)));
  return k;
};
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const byTitle = (a: SearchEntry, b: SearchEntry) =>
  cmp(a.titleKey!, b.titleKey!) || cmp(a.lock.id, b.lock.id);

/** The entries A→Z by title (ties by lock id): the base order every other column refines. */
function titleOrder(entries: readonly SearchEntry[]): SearchEntry[] {
  for (const e of entries) titleKeyOf(e);
  return entries.slice().sort(byTitle);
}

/** Stable sort by one string key: ties keep the order they came in (title order). */
function byKey(entries: readonly SearchEntry[], key: (e: SearchEntry) => string): SearchEntry[] {
  const keys = entries.map(key);
  const order = keys.map((_, i) => i);
  order.sort((a, b) => cmp(keys[a]!, keys[b]!) || a - b);
  return order.map((i) => entries[i]!);
}

/**
 * A new array of the entries in the given order; ties fall back to title, then lock id, so the order is
 * total. Every column refines the (cached) title order with a stable step, most of them linear: status is a
 * partition and type a bucketing, which is what keeps sorting 100,000 locks well under 100 ms. Descending
 * is the ascending order reversed.
 */
export function sortEntries(entries: readonly SearchEntry[], sort: SortState): SearchEntry[] {
  if (sort.descending)
    return sortedGroup(entries, { column: sort.column, descending: false }).slice().reverse();
  const titled = sortedGroup(entries, defaultSort);
  let asc: SearchEntry[];
  switch (sort.column) {
    case 'title':
      asc = titled;
      break;
    case 'status':
      // Active first, then the locks Tapkey did not say of, then inactive (A→Z reads "active, inactive").
      asc = titled
        .filter((e) => e.lock.active === true)
        .concat(titled.filter((e) => e.lock.active === null))
        .concat(titled.filter((e) => e.lock.active === false));
      break;
    case 'type': {
      const buckets = new Map<string, SearchEntry[]>();
      for (const e of titled) {
        const b = buckets.get(e.lock.lockTypeLabel);
        if (b) b.push(e);
        else buckets.set(e.lock.lockTypeLabel, [e]);
      }
      asc = [...buckets.keys()]
        .sort((a, b) => cmp(typeKey(a), typeKey(b)))
        .flatMap((label) => buckets.get(label)!);
      break;
    }
    case 'lockId':
      asc = byKey(titled, (e) => lockIdKey(e.lock));
      break;
    case 'bound':
      // ISO 8601 timestamps in UTC order as strings.
      asc = byKey(titled, (e) => e.lock.bindDate ?? MISSING);
      break;
    case 'description':
      asc = byKey(titled, descriptionKey);
      break;
  }
  return asc;
}

const sortedCache = new WeakMap<readonly SearchEntry[], Map<string, SearchEntry[]>>();
/** `sortEntries`, remembered per group and sort: an account whose locks did not change is never sorted again. */
export function sortedGroup(entries: readonly SearchEntry[], sort: SortState): SearchEntry[] {
  let bySort = sortedCache.get(entries);
  if (!bySort) sortedCache.set(entries, (bySort = new Map()));
  const id = `${sort.column}|${sort.descending}`;
  let sorted = bySort.get(id);
  if (!sorted)
    bySort.set(
      id,
      (sorted = id === 'title|false' ? titleOrder(entries) : sortEntries(entries, sort)),
    );
  return sorted;
}

/** True when `sortedGroup` has this group in this order already (nothing left to do). */
export function isSorted(entries: readonly SearchEntry[], sort: SortState): boolean {
  return sortedCache.get(entries)?.has(`${sort.column}|${sort.descending}`) ?? false;
}

/**
 * Does ahead of time, in idle moments, what the first search or "All accounts" would otherwise do at once. Two
 * passes over the groups: first what a search needs (each entry's search key, the account's flat search text,
 * the group in the current order), so the first keystroke after the locks arrive finds every account ready;
 * then what a click on another column needs (description keys, every column ascending). Returns a cancel function.
 */
export function warmUp(groups: readonly (readonly SearchEntry[])[], sort: SortState): () => void {
  let pass = 0;
  let g = 0;
  let i = 0;
  let c = 0;
  const orders: SortState[] = sortColumns.map((column) => ({ column, descending: false }));
  let handle = 0;
  const idle = typeof requestIdleCallback === 'function';
  const step = (deadline?: IdleDeadline) => {
    // Short slices, even in a long idle period, so a keystroke or click arriving meanwhile waits at most a few ms.
    const until = performance.now() + 5;
    const more = () => performance.now() < until && (!deadline || deadline.timeRemaining() > 1);
    while (pass < 2 && more()) {
      const group = groups[g];
      if (!group) {
        pass++;
        g = i = c = 0;
      } else if (pass === 0) {
        const indexed = !group[0] || group[0].group.stacks;
        if (!indexed && i < group.length) {
          const end = Math.min(i + 500, group.length);
          for (; i < end; i++) keyOf(group[i]!);
        } else if (!indexed) {
          indexGroup(group[0]!.group);
        } else {
          if (!isSorted(group, sort)) sortedGroup(group, sort);
          g++;
          i = 0;
        }
      } else if (i < group.length) {
        const end = Math.min(i + 500, group.length);
        for (; i < end; i++) descriptionKey(group[i]!);
      } else if (c < orders.length) {
        // Every column ascending, so a click on any header finds it sorted.
        const order = orders[c++]!;
        if (!isSorted(group, order)) sortedGroup(group, order);
      } else {
        g++;
        i = c = 0;
      }
    }
    if (pass < 2) handle = idle ? requestIdleCallback(step) : window.setTimeout(step, 0);
  };
  handle = idle ? requestIdleCallback(step) : window.setTimeout(step, 0);
  return () => (idle ? cancelIdleCallback(handle) : window.clearTimeout(handle));
}

/** True when a lock passes the status and type filters. */
export function passesFilter(lock: BoundLock, filter: LockFilter): boolean {
  // A lock Tapkey did not say of (no `active`) is neither: it shows under All only.
  if (filter.status === 'active' && lock.active !== true) return false;
  if (filter.status === 'inactive' && lock.active !== false) return false;
  return filter.type === null || lock.lockTypeLabel === filter.type;
}

/** The entries that pass the filter (the same array when nothing is filtered, so memoised rows stay valid). */
export function filterEntries(
  entries: readonly SearchEntry[],
  filter: LockFilter,
): readonly SearchEntry[] {
  if (filter.status === 'all' && filter.type === null) return entries;
  return entries.filter((e) => passesFilter(e.lock, filter));
}

// Each account's type labels, once per page of locks: the filter's list is rebuilt whenever an account arrives,
// and reading every lock of every account each time made the first render quadratic in the accounts.
const groupTypes = new WeakMap<readonly SearchEntry[], ReadonlySet<string>>();

/** Every lock type label present, in alphabetical order, for the type filter. */
export function lockTypesOf(groups: readonly (readonly SearchEntry[])[]): string[] {
  const seen = new Set<string>();
  for (const g of groups) {
    let types = groupTypes.get(g);
    if (!types) groupTypes.set(g, (types = new Set(g.map((e) => e.lock.lockTypeLabel))));
    for (const t of types) seen.add(t);
  }
  return [...seen].sort((a, b) => a.localeCompare(b));
}

/** The heading of an owner account's group of rows (in "All accounts" and search). */
export interface GroupItem {
  kind: 'group';
  ownerAccountId: string;
  name: string;
  count: number;
}
/** One row of the table: a lock (the search entry itself, so a view of 100,000 rows allocates no row objects) or a group heading. */
export type TableItem = SearchEntry | GroupItem;

/** The table's rows, read by index: an array, or a grouped view that never copies its locks. */
export interface TableRows {
  readonly length: number;
  at(index: number): TableItem | undefined;
}

/** The row at `index`, or undefined outside the rows (never counting from the end, as `Array#at` would). */
export const rowAt = (rows: TableRows, index: number): TableItem | undefined =>
  index >= 0 && index < rows.length ? rows.at(index) : undefined;

/**
 * The table's rows when locks of several accounts are shown: each account's locks under a heading with their
 * count. Only the headings are made; a lock row is read straight from `entries` (a binary search over the
 * headings), so a keystroke over 100,000 results does not build a 100,000-row array.
 */
export function groupedItems(entries: readonly SearchEntry[]): {
  items: TableRows;
  groups: number;
} {
  const headers: GroupItem[] = [];
  const at: number[] = [];
  // An account's locks are one run (group order), so each run's end is found by galloping and a binary search:
  // a keystroke over 100,000 results looks at a few hundred of them, not every one.
  for (let i = 0; i < entries.length;) {
    const id = entries[i]!.ownerAccountId;
    at.push(i + headers.length);
    headers.push({
      kind: 'group',
      ownerAccountId: id,
      name: entries[i]!.accountName || id,
      count: 0,
    });
    // One shared id string per account: an identity check, not a string comparison.
    let lo = i; // last index known in the run
    let step = 1;
    while (lo + step < entries.length && entries[lo + step]!.ownerAccountId === id) {
      lo += step;
      step *= 2;
    }
    let hi = Math.min(lo + step, entries.length); // first index known past the run (or the end)
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (entries[mid]!.ownerAccountId === id) lo = mid;
      else hi = mid;
    }
    i = hi;
  }
  const length = entries.length + headers.length;
  for (let k = 0; k < headers.length; k++)
    headers[k]!.count = (k + 1 < headers.length ? at[k + 1]! : length) - at[k]! - 1;
  const items: TableRows = {
    length,
    at(i) {
      if (i < 0 || i >= length) return undefined;
      let lo = 0;
      let hi = at.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (at[mid]! <= i) lo = mid;
        else hi = mid - 1;
      }
      return at[lo] === i ? headers[lo] : entries[i - lo - 1];
    },
  };
  return { items, groups: headers.length };
}

/** Where a lock is among the rows, or -1; compares ids, so it allocates nothing per row. */
export function indexOfLock(
  items: TableRows,
  target: Pick<BoundLock, 'ownerAccountId' | 'id'> | null,
): number {
  if (!target) return -1;
  for (let i = 0; i < items.length; i++) {
    const it = items.at(i)!;
    if (
      it.kind === 'lock' &&
      it.lock.id === target.id &&
      it.lock.ownerAccountId === target.ownerAccountId
    )
      return i;
  }
  return -1;
}

/**
 * Where the selection moves for a key (arrows, Home/End, Page Up/Down), skipping group headings, or null when
 * the key does not move it. `current` is an index into `items` (-1: nothing selected).
 */
export function moveSelection(
  items: TableRows,
  current: number,
  key: string,
  pageSize: number,
): number | null {
  const isLock = (i: number) => rowAt(items, i)?.kind === 'lock';
  const first = () => {
    for (let i = 0; i < items.length; i++) if (isLock(i)) return i;
    return -1;
  };
  const last = () => {
    for (let i = items.length - 1; i >= 0; i--) if (isLock(i)) return i;
    return -1;
  };
  // From a target index, the nearest lock row in the direction of travel (or back the other way at an end).
  const settle = (i: number, dir: 1 | -1) => {
    for (let j = i; j >= 0 && j < items.length; j += dir) if (isLock(j)) return j;
    for (let j = i; j >= 0 && j < items.length; j -= dir) if (isLock(j)) return j;
    return -1;
  };
  if (first() < 0) return null;
  const from = current >= 0 && current < items.length ? current : -1;
  const page = Math.max(pageSize, 1);
  let next: number;
  switch (key) {
    case 'ArrowDown':
      next = from < 0 ? first() : settle(Math.min(from + 1, items.length - 1), 1);
      if (next < from) next = from;
      break;
    case 'ArrowUp':
      next = from < 0 ? first() : settle(Math.max(from - 1, 0), -1);
      if (next > from) next = from;
      break;
    case 'Home':
      next = first();
      break;
    case 'End':
      next = last();
      break;
    case 'PageDown':
      next = settle(Math.min(Math.max(from, 0) + page, items.length - 1), 1);
      break;
    case 'PageUp':
      next = settle(Math.max(Math.max(from, 0) - page, 0), -1);
      break;
    default:
      return null;
  }
  return next < 0 ? null : next;
}

/**
 * Type-ahead: the next lock row (after `current`, wrapping) whose title starts with what was typed, or null.
 * Repeating one letter ("aaa") cycles through the titles starting with it, as in a file manager.
 */
export function typeAhead(items: TableRows, current: number, typed: string): number | null {
  const t = typed.toLowerCase();
  if (!t) return null;
  const cycling = t.length > 1 && [...t].every((c) => c === t[0]);
  const prefix = cycling ? t[0]! : t;
  // A longer prefix may still match the current row; a single letter moves on.
  const start = prefix.length > 1 ? Math.max(current, 0) : current + 1;
  for (let n = 0; n < items.length; n++) {
    const i = (start + n) % items.length;
    const item = items.at(i)!;
    if (item.kind === 'lock' && item.lock.title.toLowerCase().startsWith(prefix)) return i;
  }
  return null;
}

/**
 * One lock as a CSV header line plus data line, with the CLI's and the export's columns and formula neutralisation
 * (one writer for all three), so pasting into a spreadsheet never runs a title as a formula.
 */
export function lockCsv(lock: BoundLock, accountName: string): string {
  return locksCsv([lockRow(lock, { id: lock.ownerAccountId, name: accountName })]);
}

/** The export payload: the shown locks as owner account → lock ids, in the order shown. */
export function exportSelection(
  entries: readonly SearchEntry[],
): { ownerAccountId: string; lockIds: string[] }[] {
  const out: { ownerAccountId: string; lockIds: string[] }[] = [];
  for (const e of entries) {
    const tail = out[out.length - 1];
    if (tail && tail.ownerAccountId === e.ownerAccountId) tail.lockIds.push(e.lock.id);
    else out.push({ ownerAccountId: e.ownerAccountId, lockIds: [e.lock.id] });
  }
  return out;
}
