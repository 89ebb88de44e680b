import type { BoundLock } from '../../../shared/model';

/** A lock with its precomputed, lower-cased search key, so a keystroke never re-derives strings. */
export interface SearchEntry {
  key: string;
  lock: BoundLock;
}

/** The text a lock is found by: title, description, readable lock id (with and without dashes), ids. */
export function searchKey(lock: BoundLock): string {
  const parts = [lock.title, lock.description ?? '', lock.readableLockId ?? '', lock.id, lock.physicalLockId ?? ''];
  if (lock.readableLockId) parts.push(lock.readableLockId.replace(/-/g, ''));
  // A separator that no one types keeps a term from matching across two fields.
  return parts.join('\u0000').toLowerCase();
}

/** Builds the search entries of one owner account's locks (done once, when the page arrives). */
export function buildEntries(locks: readonly BoundLock[]): SearchEntry[] {
  return locks.map((lock) => ({ key: searchKey(lock), lock }));
}

/** Splits what the user typed into lower-case terms; every term must match. */
export function queryTerms(query: string): string[] {
  return query.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

function matchesAll(key: string, terms: readonly string[]): boolean {
  for (const t of terms) if (!key.includes(t)) return false;
  return true;
}

/** Every entry of every group whose key holds all terms, in group order. */
export function searchGroups(groups: readonly (readonly SearchEntry[])[], terms: readonly string[]): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const g of groups) for (const e of g) if (matchesAll(e.key, terms)) out.push(e);
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
      results = last.results.filter((e) => matchesAll(e.key, terms));
    } else {
      results = searchGroups(groups, terms);
    }
    last = { groups, query: normalised, results };
    return results;
  };
}
