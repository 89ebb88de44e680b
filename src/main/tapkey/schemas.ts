import type { BoundLock, InvalidItem, LockType, OwnerAccount } from '../../shared/model';
import { readablePhysicalLockId } from './physical-lock-id';

// Tapkey may add fields at any time: validate what we use, keep the rest. Hand-written rather than a schema
// library because lists reach 2,000 locks per account and 400,000 in all: this runs about ten times faster,
// and the messages stay "field: expected type".

export type Check<T> = { ok: true; value: T } | { ok: false; problem: string };
const bad = (path: string, expected: string): { ok: false; problem: string } => ({
  ok: false,
  problem: `${path}: expected ${expected}`,
});

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function id(v: unknown): string | null {
  if (typeof v === 'string' && v.length > 0) return v;
  if (Number.isInteger(v)) return String(v);
  return null;
}

/** An optional string field: absent or null reads as null; anything else but a string is a problem. */
const isOptionalString = (v: unknown): v is string | null | undefined =>
  v === undefined || v === null || typeof v === 'string';

function lockTypeOf(v: unknown, intern: Interner | null): Check<LockType | null> {
  if (v === undefined || v === null) return { ok: true, value: null };
  if (!isRecord(v)) return bad('lockType', 'object');
  if (typeof v.id !== 'string') return bad('lockType.id', 'string');
  const t: LockType = { id: v.id };
  if (v.manufacturerId !== undefined) {
    if (typeof v.manufacturerId !== 'number') return bad('lockType.manufacturerId', 'number');
    t.manufacturerId = v.manufacturerId;
  }
  if (v.modelName !== undefined) {
    if (typeof v.modelName !== 'string') return bad('lockType.modelName', 'string');
    t.modelName = v.modelName;
  }
  if (v.supportedTechnologies !== undefined) {
    if (
      !Array.isArray(v.supportedTechnologies) ||
      !v.supportedTechnologies.every((s) => typeof s === 'string')
    ) {
      return bad('lockType.supportedTechnologies', 'array of strings');
    }
    t.supportedTechnologies = v.supportedTechnologies as string[];
  }
  return { ok: true, value: intern ? intern.lockType(t) : t };
}

/**
 * Shares equal values across the locks of one list: JSON.parse gives every lock its own copy of the owner
 * account id, the lock type and its strings, which at 400,000 locks is tens of megabytes held for nothing.
 * Values are plain data that nobody mutates, so sharing them is safe (and survives structured cloning).
 */
export interface Interner {
  string<S extends string | null>(s: S): S;
  lockType(t: LockType): LockType;
}

function createInterner(): Interner {
  const strings = new Map<string, string>();
  const types = new Map<string, LockType[]>();
  const string = <S extends string | null>(s: S): S => {
    // Long strings are rarely repeated; keeping them out keeps the map small.
    if (s === null || s.length > 200) return s;
    const known = strings.get(s);
    if (known !== undefined) return known as S;
    strings.set(s, s);
    return s;
  };
  const sameTechnologies = (a: string[] | undefined, b: string[] | undefined) =>
    a === b ||
    (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));
  return {
    string,
    lockType(t) {
      // Compared field by field, not through a key string: this runs once per lock.
      const candidates = types.get(t.id);
      const known = candidates?.find(
        (k) =>
          k.manufacturerId === t.manufacturerId &&
          k.modelName === t.modelName &&
          sameTechnologies(k.supportedTechnologies, t.supportedTechnologies),
      );
      if (known) return known;
      const shared: LockType = { id: string(t.id) };
      if (t.manufacturerId !== undefined) shared.manufacturerId = t.manufacturerId;
      if (t.modelName !== undefined) shared.modelName = string(t.modelName);
      if (t.supportedTechnologies !== undefined)
        shared.supportedTechnologies = t.supportedTechnologies.map(string);
      if (candidates) candidates.push(shared);
      else types.set(t.id, [shared]);
      return shared;
    },
  };
}

/** A human label for a lock's type: the model name when Tapkey sends one, else the type id. */
export function lockTypeLabel(
  lockType: { modelName?: string; id?: string } | null,
  lockTypeId: string | null,
): string {
  return lockType?.modelName?.trim() || lockType?.id || lockTypeId || 'Unknown lock type';
}

/** Checks one owner account. */
export function checkOwnerAccount(item: unknown): Check<OwnerAccount> {
  if (!isRecord(item)) return bad('item', 'object');
  const accountId = id(item.id);
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
  if (!isRecord(item)) return bad('item', 'object');
  const intern = reading.intern ?? null;
  const share = <S extends string | null>(s: S): S => (intern ? intern.string(s) : s);
  const lockId = id(item.id);
  if (lockId === null) return bad('id', 'string');
  const ownerAccountId = id(item.ownerAccountId);
  if (ownerAccountId === null) return bad('ownerAccountId', 'string');
  if (typeof item.title !== 'string') return bad('title', 'string');
  // An older copy of the docs shows no `active`: absent (or null) is unknown, not invalid.
  const { active } = item;
  if (active !== undefined && active !== null && typeof active !== 'boolean')
    return bad('active', 'boolean');
  // Inline checks rather than optionalString(): no result object per field, for 400,000 locks at a time.
  const { description, bindDate, unbindDate, physicalLockId, lockTypeId } = item;
  if (!isOptionalString(description)) return bad('description', 'string');
  if (!isOptionalString(bindDate)) return bad('bindDate', 'string');
  if (!isOptionalString(unbindDate)) return bad('unbindDate', 'string');
  if (!isOptionalString(physicalLockId)) return bad('physicalLockId', 'string');
  if (!isOptionalString(lockTypeId)) return bad('lockTypeId', 'string');
  const lockType = lockTypeOf(item.lockType, intern);
  if (!lockType.ok) return lockType;
  // One literal with every field in a fixed order: all locks share one object shape.
  const lock: BoundLock = {
    id: lockId,
    ownerAccountId: share(ownerAccountId),
    title: item.title,
    description: share(description ?? null),
    active: typeof active === 'boolean' ? active : null,
    bindDate: bindDate ?? null,
    unbindDate: unbindDate ?? null,
    physicalLockId: physicalLockId ?? null,
    lockTypeId: share(lockTypeId ?? null),
    lockType: lockType.value,
    readableLockId: readablePhysicalLockId(physicalLockId),
    lockTypeLabel: share(lockTypeLabel(lockType.value, lockTypeId ?? null)),
  };
  if (reading.raw) lock.raw = item;
  return { ok: true, value: lock };
}

function idOf(item: unknown): string | null {
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
    else invalid.push({ index, id: idOf(item), problem: r.problem });
  });
  return { valid, invalid };
}

/** Validates a list of owner accounts item by item. */
export const parseOwnerAccounts = (items: unknown[]) => checkItems(items, checkOwnerAccount);
/** Validates a list of bound locks item by item; the locks come without `raw` and share repeated values. */
export function parseBoundLocks(items: unknown[]) {
  const reading: BoundLockReading = { raw: false, intern: createInterner() };
  return checkItems(items, (item) => checkBoundLock(item, reading));
}
