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
  /** The account's entries as built (one object shared by them): where a full scan finds its flat search text. */
  group: SearchGroup;
  /** This entry's position in `group.entries`, so a scan's hits filter any order of the group without a lookup. */
  index: number;
  /** Lower-cased search text: see `searchKey`. */
  key?: string;
  /** The title folded for ordering: see `sortFold` (every sort breaks ties by title). */
  titleKey?: string;
  /** The description folded for ordering. */
  descriptionKey?: string;
}

/**
 * One owner account's entries with their search text, built once (`indexGroup`, in idle time or at the first
 * search): every key joined into one flat string per width, so a full scan is a few `indexOf` calls over
 * long strings instead of one `includes` per lock. Keys with characters beyond Latin-1 go into a second string,
 * so the common case stays a one-byte string, which V8 searches several times faster.
 */
export interface SearchGroup {
  entries: readonly SearchEntry[];
  stacks?: Haystack[];
  /** Per entry, the last scan that matched it (see `stampMatches`): reused, so a scan allocates nothing per lock. */
  stamps?: Uint32Array;
}
interface Haystack {
  /** Keys joined with '\n', a character no term holds (terms are split at whitespace). */
  text: string;
  /** Where each key starts in `text`, plus one past the end. */
  starts: Int32Array;
  /** The entry index (`SearchEntry.index`) of each key. */
  slots: Int32Array;
  /** True when `text` holds characters beyond Latin-1: only terms with such a character need search it alone. */
  wide: boolean;
}

/** The entry's search key, computed once. */
export const keyOf = (e: SearchEntry): string => (e.key ??= searchKey(e.lock));
/** The entry's title sort key, computed once. */
export const titleKeyOf = (e: SearchEntry): string => (e.titleKey ??= sortFold(e.lock.title));

const MARKS = /[\u0300-\u036f]/g;
// Latin letters that have no decomposition but that a collator files under a base letter (Łódź by L, Straße as "strasse").
const UNDECOMPOSED: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ŧ: 't',
  þ: 'th',
  ð: 'd',
};
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
  if (/[^\u0000-\u007f]/.test(k))
    k = k
      .normalize('NFD')
      .replace(MARKS, '')
      .replace(UNDECOMPOSED_RE, (c) => UNDECOMPOSED[c]!);
  return /\d/.test(k) ? k.replace(DIGITS, padDigits) : k;
}

/**
 * The text a lock is found by: title, description, readable lock id (with and without dashes), ids, lock
 * type. (Its owner account's name matches too, through the entry's shared `accountKey`.)
 */
export function searchKey(lock: BoundLock): string {
  const parts = [
    lock.title,
    lock.description ?? '',
    lock.readableLockId ?? '',
    lock.id,
    lock.physicalLockId ?? '',
    lock.lockTypeLabel,
  ];
  if (lock.readableLockId) parts.push(lock.readableLockId.replace(/-/g, ''));
  // A separator that no one types keeps a term from matching across two fields.
  return parts.join('\u0000').toLowerCase();
}

/** Builds the search entries of one owner account's locks (done once, when the page arrives; keys come later). */
export function buildEntries(locks: readonly BoundLock[], accountName = ''): SearchEntry[] {
  const out = new Array<SearchEntry>(locks.length);
  const accountKey = accountName.toLowerCase();
  const ownerAccountId = locks[0]?.ownerAccountId ?? '';
  const group: SearchGroup = { entries: out };
  for (let i = 0; i < locks.length; i++)
    out[i] = {
      kind: 'lock',
      lock: locks[i]!,
      ownerAccountId,
      accountName,
      accountKey,
      group,
      index: i,
    };
  return out;
}

// eslint-disable-next-line no-control-regex -- Latin-1 is what V8 keeps as a one-byte string
const WIDE = /[^\u0000-\u00ff]/;

/**
 * Builds the group's flat search text (once): each entry's key, joined per width. Each entry's own key then
 * becomes a slice of that text (V8 shares the characters), so the index costs little more memory than the keys.
 */
export function indexGroup(group: SearchGroup): void {
  if (group.stacks) return;
  const narrow: number[] = [];
  const wide: number[] = [];
  for (const e of group.entries) (WIDE.test(keyOf(e)) ? wide : narrow).push(e.index);
  group.stacks = [narrow, wide]
    .filter((slots) => slots.length > 0)
    .map((slots) => {
      const keys = slots.map((i) => group.entries[i]!.key!);
      const text = keys.join('\n');
      const starts = new Int32Array(slots.length + 1);
      let at = 0;
      for (let k = 0; k < keys.length; k++) {
        starts[k] = at;
        at += keys[k]!.length + 1;
      }
      starts[keys.length] = at;
      for (let k = 0; k < keys.length; k++)
        group.entries[slots[k]!]!.key = text.slice(starts[k]!, starts[k + 1]! - 1);
      return { text, starts, slots: Int32Array.from(slots), wide: slots === wide };
    });
  group.stamps = new Uint32Array(group.entries.length);
}

let stampCounter = 0;
/**
 * Marks, in `group.stamps`, the entries whose key holds every term, and returns the mark: an entry matches when
 * its stamp equals it. One `indexOf` per hit, skipping to the next key after each, so text is read at most once per term.
 */
function stampMatches(group: SearchGroup, terms: readonly string[]): number {
  indexGroup(group);
  const stamps = group.stamps!;
  let previous = 0;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k]!;
    const stamp = ++stampCounter;
    const wideTerm = WIDE.test(t);
    for (const { text, starts, slots, wide } of group.stacks!) {
      // A term with a character beyond Latin-1 cannot be in the one-byte text.
      if (wideTerm && !wide) continue;
      let j = 0;
      for (let pos = text.indexOf(t); pos >= 0; pos = text.indexOf(t, starts[j + 1]!)) {
        while (starts[j + 1]! <= pos) j++;
        const i = slots[j]!;
        if (k === 0 || stamps[i] === previous) stamps[i] = stamp;
      }
    }
    previous = stamp;
  }
  return previous;
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
 * A run that is a large part of its account is matched through the account's flat text (`stampMatches`) and
 * filtered by mark, keeping the run's order; a small one (narrowing a few results) checks each key.
 */
function collect(
  entries: readonly SearchEntry[],
  terms: readonly string[],
  out: SearchEntry[],
): void {
  let i = 0;
  while (i < entries.length) {
    const first = entries[i]!;
    const group = first.group;
    let end = i + 1;
    while (end < entries.length && entries[end]!.group === group) end++;
    const rest = terms.filter((t) => !first.accountKey.includes(t));
    if (rest.length === 0) {
      for (let k = i; k < end; k++) out.push(entries[k]!);
    } else if ((end - i) * 8 >= group.entries.length) {
      const mark = stampMatches(group, rest);
      const stamps = group.stamps!;
      for (let k = i; k < end; k++) if (stamps[entries[k]!.index] === mark) out.push(entries[k]!);
    } else {
      for (let k = i; k < end; k++) if (keyHasAll(entries[k]!, rest)) out.push(entries[k]!);
    }
    i = end;
  }
}

/** Every entry of every group that holds all terms, in group order. */
export function searchGroups(
  groups: readonly (readonly SearchEntry[])[],
  terms: readonly string[],
): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const g of groups) collect(g, terms, out);
  return out;
}

/**
 * A searcher that narrows its previous results when the user keeps typing (the new query extends the last
 * one over the same groups), so typing into a 400,000-lock index scans the whole index only once.
 */
export function createSearcher(): (
  groups: readonly (readonly SearchEntry[])[],
  query: string,
) => SearchEntry[] {
  let last: {
    groups: readonly (readonly SearchEntry[])[];
    query: string;
    terms: string[];
    results: SearchEntry[];
  } | null = null;
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
      // Every result holds the previous terms already; only the one being extended and the new ones need checking.
      const fresh = terms.slice(last.terms.length - 1);
      if (fresh[0] === last.terms[last.terms.length - 1]) fresh.shift();
      collect(last.results, fresh, results);
    } else {
      results = searchGroups(groups, terms);
    }
    last = { groups, query: normalised, terms, results };
    return results;
  };
}
