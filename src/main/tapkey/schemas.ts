import type { BoundLock, InvalidItem, LockType, OwnerAccount } from '../../shared/model';
import { readablePhysicalLockId } from './physical-lock-id';

// Tapkey may add fields at any time: validate what we use, keep the rest. Hand-written rather than a schema
// library because lists reach 2,000 locks per account and 400,000 in all: this runs about ten times faster,
// and the messages stay "field: expected type".

export type Check<T> = { ok: true; value: T } | { ok: false; problem: string };
const problem = (path: string, expected: string) => `${path}: expected ${expected}`;
/** A failed check: `path` was not what `expected` says. */
export const bad = (path: string, expected: string): { ok: false; problem: string } => ({
  ok: false,
  problem: problem(path, expected),
});

/** A JSON object (not an array, not null). */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a list item that must be an object with a usable id, then the rest of it with `rest`. */
export function checkIdentified<T>(
  item: unknown,
  rest: (item: Record<string, unknown>, id: string) => Check<T>,
): Check<T> {
  if (!isRecord(item)) return bad('item', 'object');
  const id = idOf(item.id);
  if (id === null) return bad('id', 'string');
  return rest(item, id);
}

/** A Tapkey id as text: a non-empty string, or a whole number; otherwise null. */
export function idOf(v: unknown): string | null {
  if (typeof v === 'string' && v.length > 0) return v;
  if (Number.isInteger(v)) return String(v);
  return null;
}

/** An optional string field: absent or null reads as null; anything else but a string is a problem. */
const isOptionalString = (v: unknown): v is string | null | undefined =>
  v === undefined || v === null || typeof v === 'string';

function isStringArray(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
}

/** Reads a lock type exactly (its known fields only), or says what is wrong with it. */
function readLockType(v: unknown): LockType | null | string {
  if (v === undefined || v === null) return null;
  if (!isRecord(v)) return problem('lockType', 'object');
  if (typeof v.id !== 'string') return problem('lockType.id', 'string');
  const t: LockType = { id: v.id };
  if (v.manufacturerId !== undefined) {
    if (typeof v.manufacturerId !== 'number') return problem('lockType.manufacturerId', 'number');
    t.manufacturerId = v.manufacturerId;
  }
  if (v.modelName !== undefined) {
    if (typeof v.modelName !== 'string') return problem('lockType.modelName', 'string');
    t.modelName = v.modelName;
  }
  if (v.supportedTechnologies !== undefined) {
    if (!isStringArray(v.supportedTechnologies))
      return problem('lockType.supportedTechnologies', 'array of strings');
    t.supportedTechnologies = v.supportedTechnologies;
  }
  return t;
}

function sameStrings(known: readonly string[] | undefined, v: unknown): boolean {
  if (known === undefined || v === undefined) return known === v;
  if (!Array.isArray(v) || known.length !== v.length) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== v[i]) return false;
  return true;
}

/**
 * True when the raw lock type `v` reads as `known`, one already checked: each known field equal, none missing
 * or extra. Then `v` is valid as well, so a list checks each distinct lock type once, not once per lock.
 */
function readsAs(known: LockType, v: Record<string, unknown>): boolean {
  return (
    known.id === v.id &&
    known.manufacturerId === v.manufacturerId &&
    known.modelName === v.modelName &&
    sameStrings(known.supportedTechnologies, v.supportedTechnologies)
  );
}

/**
 * Shares equal values across the locks of one list: JSON.parse gives every lock its own copy of the owner
 * account id, the lock type and its strings, which at 400,000 locks is tens of megabytes held for nothing.
 * Values are plain data that nobody mutates, so sharing them is safe (and survives structured cloning).
 */
interface Interner {
  string<S extends string | null>(s: S): S;
  /** The shared lock type that raw `v` reads as (checked once per distinct type), or what is wrong with it. */
  lockType(v: unknown): LockType | null | string;
  /** lockTypeLabel, once per shared lock type. */
  label(lockType: LockType | null, lockTypeId: string | null): string;
}

function createInterner(): Interner {
  const strings = new Map<string, string>();
  const types = new Map<string, LockType[]>();
  const labels = new Map<LockType, string>();
  // Lists hold a handful of lock types, often in runs: the last one read answers most locks without a lookup.
  let last: LockType | null = null;
  const string = <S extends string | null>(s: S): S => {
    // Long strings are rarely repeated; keeping them out keeps the map small.
    if (s === null || s.length > 200) return s;
    const known = strings.get(s);
    if (known !== undefined) return known as S;
    strings.set(s, s);
    return s;
  };
  return {
    string,
    lockType(v) {
      if (v === undefined || v === null) return null;
      if (!isRecord(v)) return problem('lockType', 'object');
      if (last !== null && readsAs(last, v)) return last;
      const candidates = typeof v.id === 'string' ? types.get(v.id) : undefined;
      if (candidates) for (const k of candidates) if (readsAs(k, v)) return (last = k);
      const t = readLockType(v);
      if (t === null || typeof t === 'string') return t;
      const shared: LockType = { id: string(t.id) };
      if (t.manufacturerId !== undefined) shared.manufacturerId = t.manufacturerId;
      if (t.modelName !== undefined) shared.modelName = string(t.modelName);
      if (t.supportedTechnologies !== undefined)
        shared.supportedTechnologies = t.supportedTechnologies.map(string);
      if (candidates) candidates.push(shared);
      else types.set(t.id, [shared]);
      return (last = shared);
    },
    label(lockType, lockTypeId) {
      if (lockType === null) return string(lockTypeLabel(null, lockTypeId));
      let label = labels.get(lockType);
      if (label === undefined) {
        // A type with a blank model name and id takes the lock's own type id: that label is not the type's.
        const own = lockTypeLabel(lockType, null);
        if (own === UNKNOWN_TYPE) return string(lockTypeLabel(lockType, lockTypeId));
        labels.set(lockType, (label = string(own)));
      }
      return label;
    },
  };
}

const UNKNOWN_TYPE = 'Unknown lock type';

/** A human label for a lock's type: the model name when Tapkey sends one, else the type id. */
export function lockTypeLabel(
  lockType: { modelName?: string; id?: string } | null,
  lockTypeId: string | null,
): string {
  return lockType?.modelName?.trim() || lockType?.id || lockTypeId || UNKNOWN_TYPE;
}

/** Checks one owner account. */
export function checkOwnerAccount(item: unknown): Check<OwnerAccount> {
  if (!isRecord(item)) return bad('item', 'object');
  const accountId = idOf(item.id);
  if (accountId === null) return bad('id', 'string');
  if (typeof item.name !== 'string') return bad('name', 'string');
  if (typeof item.active !== 'boolean') return bad('active', 'boolean');
  return { ok: true, value: { id: accountId, name: item.name, active: item.active } };
}

/** How one bound lock is read: with every field Tapkey sent (a single lock), or lean and shared (lists). */
export interface BoundLockReading {
  /** Keep every field Tapkey sent as `raw` (the detail view); lists leave it out. */
  raw?: boolean;
  intern?: Interner | null;
}

/** Checks one bound lock and derives its display fields; `raw` is kept only when asked for. */
export function checkBoundLock(
  item: unknown,
  reading: BoundLockReading = { raw: true },
): Check<BoundLock> {
  const r = readBoundLock(item, reading.intern ?? null, reading.raw ?? false, null);
  return typeof r === 'string' ? { ok: false, problem: r } : { ok: true, value: r };
}

/**
 * One bound lock and its display fields, or what is wrong with it. This runs for every lock of every list
 * (400,000 at a time), so it allocates the lock and nothing else: no result object, no closure, and no lock
 * type where an equal one is shared already.
 */
function readBoundLock(
  item: unknown,
  intern: Interner | null,
  raw: boolean,
  listedUnder: string | null,
): BoundLock | string {
  if (!isRecord(item)) return problem('item', 'object');
  const lockId = idOf(item.id);
  if (lockId === null) return problem('id', 'string');
  let ownerAccountId: string | null;
  if (listedUnder === null) {
    ownerAccountId = idOf(item.ownerAccountId);
    if (ownerAccountId === null) return problem('ownerAccountId', 'string');
  } else {
    // A list of one owner account's locks need not repeat the account's id: where a lock names one, it must be
    // that account's; where it does not (left out of `$select`), the lock is the account's because Tapkey
    // listed it there. That much rests on trusting the server, as the id in the body did before.
    ownerAccountId = listedUnder;
    if (item.ownerAccountId !== undefined && idOf(item.ownerAccountId) !== listedUnder)
      return problem('ownerAccountId', 'the id of the owner account listed');
  }
  if (typeof item.title !== 'string') return problem('title', 'string');
  // An older copy of the docs shows no `active`: absent (or null) is unknown, not invalid.
  const { active } = item;
  if (active !== undefined && active !== null && typeof active !== 'boolean')
    return problem('active', 'boolean');
  // Inline checks rather than optionalString(): no result object per field.
  const { description, bindDate, unbindDate, physicalLockId, lockTypeId } = item;
  if (!isOptionalString(description)) return problem('description', 'string');
  if (!isOptionalString(bindDate)) return problem('bindDate', 'string');
  if (!isOptionalString(unbindDate)) return problem('unbindDate', 'string');
  if (!isOptionalString(physicalLockId)) return problem('physicalLockId', 'string');
  if (!isOptionalString(lockTypeId)) return problem('lockTypeId', 'string');
  const lockType = intern ? intern.lockType(item.lockType) : readLockType(item.lockType);
  if (typeof lockType === 'string') return lockType;
  const typeId = lockTypeId ?? null;
  // One literal with every field in a fixed order: all locks share one object shape.
  const lock: BoundLock = {
    id: lockId,
    ownerAccountId: intern && listedUnder === null ? intern.string(ownerAccountId) : ownerAccountId,
    title: item.title,
    description: intern ? intern.string(description ?? null) : (description ?? null),
    active: typeof active === 'boolean' ? active : null,
    bindDate: bindDate ?? null,
    unbindDate: unbindDate ?? null,
    physicalLockId: physicalLockId ?? null,
    lockTypeId: intern ? intern.string(typeId) : typeId,
    lockType,
    readableLockId: readablePhysicalLockId(physicalLockId),
    lockTypeLabel: intern ? intern.label(lockType, typeId) : lockTypeLabel(lockType, typeId),
  };
  if (raw) lock.raw = item;
  return lock;
}

/** The id an invalid item reports (whatever it holds, cut short), so a problem can name its item. */
function reportedId(item: unknown): string | null {
  if (isRecord(item) && (typeof item.id === 'string' || typeof item.id === 'number'))
    return String(item.id).slice(0, 200);
  return null;
}

/** Checks each item on its own: a malformed item is reported and does not poison the rest. */
export function checkItems<T>(
  items: unknown[],
  check: (item: unknown) => Check<T>,
): { valid: T[]; invalid: InvalidItem[] } {
  const valid: T[] = [];
  const invalid: InvalidItem[] = [];
  items.forEach((item, index) => {
    const r = check(item);
    if (r.ok) valid.push(r.value);
    else invalid.push({ index, id: reportedId(item), problem: r.problem });
  });
  return { valid, invalid };
}

/** Validates a list of owner accounts item by item. */
export const parseOwnerAccounts = (items: unknown[]) => checkItems(items, checkOwnerAccount);

/**
 * The fields a list of one owner account's locks asks Tapkey for (`$select`): what `parseBoundLocks` keeps,
 * less the owner account's id, which the request names already. About 14 % fewer bytes than with it.
 */
export const BOUND_LOCK_LIST_FIELDS = [
  'id',
  'title',
  'description',
  'active',
  'bindDate',
  'unbindDate',
  'physicalLockId',
  'lockTypeId',
  'lockType',
] as const;

/**
 * Validates a list of bound locks item by item; the locks come without `raw` and share repeated values.
 * `listedUnder`, the owner account whose list it is, lets the locks leave their owner account's id out
 * (see BOUND_LOCK_LIST_FIELDS) and refuses a lock that names another.
 */
export function parseBoundLocks(
  items: unknown[],
  listedUnder?: string,
): { valid: BoundLock[]; invalid: InvalidItem[] } {
  const intern = createInterner();
  const owner = listedUnder ?? null;
  const valid: BoundLock[] = [];
  const invalid: InvalidItem[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const r = readBoundLock(item, intern, false, owner);
    if (typeof r === 'string') invalid.push({ index, id: reportedId(item), problem: r });
    else valid.push(r);
  }
  return { valid, invalid };
}
