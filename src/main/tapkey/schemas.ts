import type { BoundLock, InvalidItem, LockType, OwnerAccount } from '../../shared/model';
import { readablePhysicalLockId } from './physical-lock-id';

// Tapkey may add fields at any time: validate what we use, keep the rest. Hand-written rather than a schema
// library because lists reach 2,000 locks per account and 400,000 in all: this runs about ten times faster,
// and the messages stay "field: expected type".

type Check<T> = { ok: true; value: T } | { ok: false; problem: string };
const bad = (path: string, expected: string): { ok: false; problem: string } => ({ ok: false, problem: `${path}: expected ${expected}` });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function id(v: unknown): string | null {
  if (typeof v === 'string' && v.length > 0) return v;
  if (Number.isInteger(v)) return String(v);
  return null;
}

/** An optional string field: absent or null reads as null; anything else but a string is a problem. */
function optionalString(o: Record<string, unknown>, key: string): Check<string | null> {
  const v = o[key];
  if (v === undefined || v === null) return { ok: true, value: null };
  return typeof v === 'string' ? { ok: true, value: v } : bad(key, 'string');
}

function lockTypeOf(v: unknown): Check<LockType | null> {
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
    if (!Array.isArray(v.supportedTechnologies) || !v.supportedTechnologies.every((s) => typeof s === 'string')) {
      return bad('lockType.supportedTechnologies', 'array of strings');
    }
    t.supportedTechnologies = v.supportedTechnologies as string[];
  }
  return { ok: true, value: t };
}

/** A human label for a lock's type: the model name when Tapkey sends one, else the type id. */
export function lockTypeLabel(lockType: { modelName?: string; id?: string } | null, lockTypeId: string | null): string {
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

/** Checks one bound lock and derives its display fields. */
export function checkBoundLock(item: unknown): Check<BoundLock> {
  if (!isRecord(item)) return bad('item', 'object');
  const lockId = id(item.id);
  if (lockId === null) return bad('id', 'string');
  const ownerAccountId = id(item.ownerAccountId);
  if (ownerAccountId === null) return bad('ownerAccountId', 'string');
  if (typeof item.title !== 'string') return bad('title', 'string');
  if (typeof item.active !== 'boolean') return bad('active', 'boolean');
  const strings: Record<'description' | 'bindDate' | 'unbindDate' | 'physicalLockId' | 'lockTypeId', string | null> = {
    description: null,
    bindDate: null,
    unbindDate: null,
    physicalLockId: null,
    lockTypeId: null,
  };
  for (const key of Object.keys(strings) as Array<keyof typeof strings>) {
    const r = optionalString(item, key);
    if (!r.ok) return r;
    strings[key] = r.value;
  }
  const lockType = lockTypeOf(item.lockType);
  if (!lockType.ok) return lockType;
  return {
    ok: true,
    value: {
      id: lockId,
      ownerAccountId,
      title: item.title,
      active: item.active,
      ...strings,
      lockType: lockType.value,
      readableLockId: readablePhysicalLockId(strings.physicalLockId),
      lockTypeLabel: lockTypeLabel(lockType.value, strings.lockTypeId),
      raw: item,
    },
  };
}

function idOf(item: unknown): string | null {
  if (isRecord(item) && (typeof item.id === 'string' || typeof item.id === 'number')) return String(item.id).slice(0, 200);
  return null;
}

/** Checks each item on its own: a malformed item is reported and does not poison the rest. */
function checkItems<T>(items: unknown[], check: (item: unknown) => Check<T>): { valid: T[]; invalid: InvalidItem[] } {
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
/** Validates a list of bound locks item by item. */
export const parseBoundLocks = (items: unknown[]) => checkItems(items, checkBoundLock);
