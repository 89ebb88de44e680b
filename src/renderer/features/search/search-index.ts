import type { BoundLock } from '../../../shared/model';

/**
 * A lock with what a keystroke or a sort needs. The derived keys are computed on first use or, ahead of
 * that, in the background after the page arrives (`warmUp`), so receiving 100,000 locks never waits for them.
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
 * One owner account's entries with their search text, built once (`indexGroup`, in the background or at the first
 * search): every key joined into one flat string per width, so a full scan is a few `indexOf` calls over
 * long strings instead of one `includes` per lock. Keys with characters beyond Latin-1 go into a second string,
 * so the common case stays a one-byte string, which V8 searches several times faster. Each entry also gets the
 * set of characters in its key as two bit masks: a term of one letter, digit or common punctuation (the first
 * keystroke of a search, which matches most locks) is answered by the masks alone, without reading any text.
 */
export interface SearchGroup {
  entries: readonly SearchEntry[];
  stacks?: Haystack[];
  /** Per entry, the last scan that matched it (see `stampMatches`): reused, so a scan allocates nothing per lock. */
  stamps?: Uint32Array;
  /** Per entry, the characters of its key (see `charBits`): low and high word. */
  lowBits?: Int32Array;
  highBits?: Int32Array;
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
  // A separator that no one types keeps a term from matching across two fields. Concatenated rather than
  // joined from an array: this runs for every lock (100,000 in the background after loading), a third faster.
  const readable = lock.readableLockId;
  let key =
    lock.title +
    '\u0000' +
    (lock.description ?? '') +
    '\u0000' +
    (readable ?? '') +
    '\u0000' +
    lock.id +
    '\u0000' +
    (lock.physicalLockId ?? '') +
    '\u0000' +
    lock.lockTypeLabel;
  if (readable) key += '\u0000' + readable.replaceAll('-', '');
  return key.toLowerCase();
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
 * Each character's bit in a key's character set (0–63; 0–31 in the low word): a–z, six punctuation marks and
 * 0–9 have a bit of their own (exact: the bit is set exactly when the key holds that character); every other
 * character shares one of 22 bits with others (a key lacking the bit lacks the character, but having it proves
 * nothing).
 */
const EXACT = 'abcdefghijklmnopqrstuvwxyz-. ,/_0123456789';
const SHARED_BITS = 22;
const sharedBit = (c: number) => EXACT.length + (c % SHARED_BITS);
const ASCII_BIT = Uint8Array.from({ length: 128 }, (_, c) => {
  const exact = EXACT.indexOf(String.fromCharCode(c));
  return exact >= 0 ? exact : sharedBit(c);
});

/** The character set of `text` as two 32-bit words; surrogate halves count as characters. */
function charBits(text: string): [low: number, high: number] {
  let low = 0;
  let high = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const bit = c < 128 ? ASCII_BIT[c]! : sharedBit(c);
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  return [low, high];
}

/** True when a term is one character whose bit is its own: the character sets alone decide a match. */
const decidedByBits = (term: string) =>
  term.length === 1 && term.charCodeAt(0) < 128 && ASCII_BIT[term.charCodeAt(0)]! < EXACT.length;

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
  const n = group.entries.length;
  const low = new Int32Array(n);
  const high = new Int32Array(n);
  for (let i = 0; i < n; i++) [low[i], high[i]] = charBits(group.entries[i]!.key!);
  group.lowBits = low;
  group.highBits = high;
}

// Each array of entries searched (a group in some order, or earlier results) with the entry index
// (`SearchEntry.index`) of each element: a scan reads these numbers instead of loading every entry object.
const indexCache = new WeakMap<readonly SearchEntry[], Int32Array>();

/** The entry indexes of `entries`, element by element (remembered per array). */
export function indexesOf(entries: readonly SearchEntry[]): Int32Array {
  let idx = indexCache.get(entries);
  if (!idx) {
    idx = new Int32Array(entries.length);
    for (let k = 0; k < entries.length; k++) idx[k] = entries[k]!.index;
    indexCache.set(entries, idx);
  }
  return idx;
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

/** Where `collect` appends: the entries, and the entry index of each (`indexesOf` of the finished array). */
interface Collected {
  entries: SearchEntry[];
  indexes: Int32Array;
  length: number;
}

/** The end of the run of `group` that starts at `i`: galloping, then a binary search (a few reads per run). */
function runEnd(entries: readonly SearchEntry[], i: number, group: SearchGroup): number {
  let lo = i;
  let step = 1;
  while (lo + step < entries.length && entries[lo + step]!.group === group) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, entries.length);
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.group === group) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Appends the entries that hold every term, where a term may be in the owner account's name or in the lock's
 * own key (never spanning both). `entries` come in runs of one account (group order): the account's name is
 * checked once per run, and a run whose name holds every term is taken whole without looking at its locks.
 * Within a run, the character sets decide the one-character terms and rule out keys lacking a character of
 * the others; what is left is matched through the account's flat text (`stampMatches`) when the run is a
 * large part of its account, or key by key when it is small (narrowing a few results). Reads entry indexes
 * and bit masks, not entry objects, except to check a small run's keys.
 */
function collect(entries: readonly SearchEntry[], terms: readonly string[], out: Collected): void {
  const idx = indexesOf(entries);
  let i = 0;
  while (i < entries.length) {
    const first = entries[i]!;
    const group = first.group;
    const end = runEnd(entries, i, group);
    const rest = terms.filter((t) => !first.accountKey.includes(t));
    if (rest.length === 0) {
      for (let k = i; k < end; k++) take(out, entries[k]!, idx[k]!);
      i = end;
      continue;
    }
    indexGroup(group);
    let lowNeed = 0;
    let highNeed = 0;
    const scan: string[] = [];
    for (const t of rest) {
      const [low, high] = charBits(t);
      lowNeed |= low;
      highNeed |= high;
      if (!decidedByBits(t)) scan.push(t);
    }
    const lowBits = group.lowBits!;
    const highBits = group.highBits!;
    if (scan.length === 0) {
      for (let k = i; k < end; k++) {
        const j = idx[k]!;
        if ((lowBits[j]! & lowNeed) === lowNeed && (highBits[j]! & highNeed) === highNeed)
          take(out, entries[k]!, j);
      }
    } else if ((end - i) * 8 >= group.entries.length) {
      const mark = stampMatches(group, scan);
      const stamps = group.stamps!;
      for (let k = i; k < end; k++) {
        const j = idx[k]!;
        if (
          stamps[j] === mark &&
          (lowBits[j]! & lowNeed) === lowNeed &&
          (highBits[j]! & highNeed) === highNeed
        )
          take(out, entries[k]!, j);
      }
    } else {
      for (let k = i; k < end; k++) {
        const j = idx[k]!;
        if (
          (lowBits[j]! & lowNeed) === lowNeed &&
          (highBits[j]! & highNeed) === highNeed &&
          keyHasAll(entries[k]!, scan)
        )
          take(out, entries[k]!, j);
      }
    }
    i = end;
  }
}

function take(out: Collected, e: SearchEntry, index: number): void {
  out.indexes[out.length] = index;
  out.entries[out.length++] = e;
}

/** Room for up to `n` results; `finish` hands them over with their indexes remembered for the next scan. */
function collector(n: number): Collected {
  // Allocated at the most it can hold and cut to size after: 100,000 pushes cost about three times as much.
  return { entries: new Array<SearchEntry>(n), indexes: new Int32Array(n), length: 0 };
}
function finish(out: Collected): SearchEntry[] {
  out.entries.length = out.length;
  indexCache.set(out.entries, out.indexes.subarray(0, out.length));
  return out.entries;
}

/** Every entry of every group that holds all terms, in group order. */
export function searchGroups(
  groups: readonly (readonly SearchEntry[])[],
  terms: readonly string[],
): SearchEntry[] {
  const out = collector(groups.reduce((n, g) => n + g.length, 0));
  for (const g of groups) collect(g, terms, out);
  return finish(out);
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
      // Every result holds the previous terms already; only the one being extended and the new ones need checking.
      const fresh = terms.slice(last.terms.length - 1);
      if (fresh[0] === last.terms[last.terms.length - 1]) fresh.shift();
      const out = collector(last.results.length);
      collect(last.results, fresh, out);
      results = finish(out);
    } else {
      results = searchGroups(groups, terms);
    }
    last = { groups, query: normalised, terms, results };
    return results;
  };
}
