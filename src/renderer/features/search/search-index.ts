import type { BoundLock } from '../../../shared/model';

/**
 * A lock with what a keystroke or a sort needs. The derived keys are computed on first use or, ahead of
 * that, in idle time after the page arrives (`warmUp`), so receiving 100,000 locks never waits for them.
 */
export interface SearchEntry {
  /** Lets a table row be the entry itself (no wrapper object per row). */
  kind: 'lock';
  lock: BoundLock;
  /** The owner account's id: one string shared by the account's entries, so a run of them is found by identity. */
  ownerAccountId: string;
  accountName: string;
  /** The owner account's name, lower-cased: one string shared by the account's entries, matched apart from the lock's key. */
  accountKey: string;
  /** Lower-cased search text: see `searchKey`. */
  key?: string;
  /** The title folded for ordering: see `sortFold` (every sort breaks ties by title). */
  titleKey?: string;
  /** The description folded for ordering. */
  descriptionKey?: string;
}

/** The entry's search key, computed once. */
export const keyOf = (e: SearchEntry): string => (e.key ??= searchKey(e.lock));
/** The entry's title sort key, computed once. */
export const titleKeyOf = (e: SearchEntry): string => (e.titleKey ??= sortFold(e.lock.title));

const MARKS = /[\u0300-\u036f]/g;
// Latin letters that have no decomposition but that a collator files under a base letter (Łódź by L, Straße as "strasse").
const UNDECOMPOSED: Record<string, string> = { ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ħ: 'h', ı: 'i', ŧ: 't', þ: 'th', ð: 'd' };
const UNDECOMPOSED_RE = /[łøßæœđħıŧþð]/g;
const DIGITS = /\d+/g;
const padDigits = (d: string) => d.padStart(12, '0');

/**
 * A string that orders like a case- and accent-insensitive, numeric-aware collator when compared with `<`:
 * comparing two such keys costs a fraction of `Intl.Collator#compare`, which is what keeps sorting 100,000
 * locks within a frame budget.
 */
export function sortFold(s: string): string {
  let k = s.toLowerCase();
  // eslint-disable-next-line no-control-regex -- only non-ASCII text needs the (slower) decomposition
  if (/[^\u0000-\u007f]/.test(k)) k = k.normalize('NFD').replace(MARKS, '').replace(UNDECOMPOSED_RE, (c) => UNDECOMPOSED[c]!);
  return /\d/.test(k) ? k.replace(DIGITS, padDigits) : k;
}

/**
 * The text a lock is found by: title, description, readable lock id (with and without dashes), ids, lock
 * type. (Its owner account's name matches too, through the entry's shared `accountKey`.)
 */
export function searchKey(lock: BoundLock): string {
  const parts = [lock.title, lock.description ?? '', lock.readableLockId ?? '', lock.id, lock.physicalLockId ?? '', lock.lockTypeLabel];
  if (lock.readableLockId) parts.push(lock.readableLockId.replace(/-/g, ''));
  // A separator that no one types keeps a term from matching across two fields.
  return parts.join('\u0000').toLowerCase();
}

/** Builds the search entries of one owner account's locks (done once, when the page arrives; keys come later). */
export function buildEntries(locks: readonly BoundLock[], accountName = ''): SearchEntry[] {
  const out = new Array<SearchEntry>(locks.length);
  const accountKey = accountName.toLowerCase();
  const ownerAccountId = locks[0]?.ownerAccountId ?? '';
  for (let i = 0; i < locks.length; i++) out[i] = { kind: 'lock', lock: locks[i]!, ownerAccountId, accountName, accountKey };
  return out;
}

/** Splits what the user typed into lower-case terms; every term must match. */
export function queryTerms(query: string): string[] {
  return query.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

function keyHasAll(e: SearchEntry, terms: readonly string[]): boolean {
  const key = e.key ?? keyOf(e);
  for (const t of terms) if (!key.includes(t)) return false;
  return true;
}

/**
 * Appends the entries that hold every term, where a term may be in the owner account's name or in the lock's
 * own key (never spanning both). `entries` come in runs of one account (group order): the account's name is
 * checked once per run, and a run whose name holds every term is taken whole without looking at its locks.
 */
function collect(entries: readonly SearchEntry[], terms: readonly string[], out: SearchEntry[]): void {
  let run: string | null = null;
  let rest: readonly string[] = terms;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.ownerAccountId !== run) {
      run = e.ownerAccountId;
      rest = terms.filter((t) => !e.accountKey.includes(t));
    }
    if (rest.length === 0 || keyHasAll(e, rest)) out.push(e);
  }
}

/** Every entry of every group that holds all terms, in group order. */
export function searchGroups(groups: readonly (readonly SearchEntry[])[], terms: readonly string[]): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const g of groups) collect(g, terms, out);
  return out;
}

/**
 * A searcher that narrows its previous results when the user keeps typing (the new query extends the last
 * one over the same groups), so typing into a 400,000-lock index scans the whole index only once.
 */
export function createSearcher(): (groups: readonly (readonly SearchEntry[])[], query: string) => SearchEntry[] {
  let last: { groups: readonly (readonly SearchEntry[])[]; query: string; results: SearchEntry[] } | null = null;
  return (groups, query) => {
    const terms = queryTerms(query);
    const normalised = terms.join(' ');
    if (terms.length === 0) {
      last = null;
      return [];
    }
    let results: SearchEntry[];
    if (last && last.groups === groups && normalised.startsWith(last.query) && last.query !== '') {
      if (normalised === last.query) return last.results;
      results = [];
      collect(last.results, terms, results);
    } else {
      results = searchGroups(groups, terms);
    }
    last = { groups, query: normalised, results };
    return results;
  };
}
