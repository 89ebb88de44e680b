import { z } from 'zod';
import type { BoundLock, InvalidItem, OwnerAccount } from '../../shared/model';
import { readablePhysicalLockId } from './physical-lock-id';

// Tapkey may add fields at any time: validate what we use, keep the rest (loose objects).
const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const nullableString = z.string().nullable().optional().transform((v) => v ?? null);

const ownerAccountSchema = z.looseObject({
  id,
  name: z.string(),
  active: z.boolean(),
});

const lockTypeSchema = z.looseObject({
  id: z.string(),
  manufacturerId: z.number().optional(),
  modelName: z.string().optional(),
  supportedTechnologies: z.array(z.string()).optional(),
});

const boundLockSchema = z.looseObject({
  id,
  ownerAccountId: id,
  title: z.string(),
  description: nullableString,
  active: z.boolean(),
  bindDate: nullableString,
  unbindDate: nullableString,
  physicalLockId: nullableString,
  lockTypeId: nullableString,
  lockType: lockTypeSchema.nullable().optional().transform((v) => v ?? null),
});

/** A human label for a lock's type: the model name when Tapkey sends one, else the type id. */
export function lockTypeLabel(lockType: { modelName?: string; id?: string } | null, lockTypeId: string | null): string {
  return lockType?.modelName?.trim() || lockType?.id || lockTypeId || 'Unknown lock type';
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid item';
  const where = issue.path.length ? issue.path.join('.') : 'item';
  return `${where}: ${issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message}`;
}

function idOf(item: unknown): string | null {
  if (item && typeof item === 'object' && 'id' in item) {
    const v = (item as { id: unknown }).id;
    if (typeof v === 'string' || typeof v === 'number') return String(v).slice(0, 200);
  }
  return null;
}

/** Validates each item on its own: a malformed item is reported and does not poison the rest. */
function parseItems<T>(items: unknown[], parse: (item: unknown) => T | z.ZodError): { valid: T[]; invalid: InvalidItem[] } {
  const valid: T[] = [];
  const invalid: InvalidItem[] = [];
  items.forEach((item, index) => {
    const r = parse(item);
    if (r instanceof z.ZodError) invalid.push({ index, id: idOf(item), problem: describeIssue(r) });
    else valid.push(r);
  });
  return { valid, invalid };
}

/** Parses one owner account, or returns the validation error. */
export function parseOwnerAccount(item: unknown): OwnerAccount | z.ZodError {
  const r = ownerAccountSchema.safeParse(item);
  return r.success ? { id: r.data.id, name: r.data.name, active: r.data.active } : r.error;
}

/** Parses one bound lock and derives its display fields, or returns the validation error. */
export function parseBoundLock(item: unknown): BoundLock | z.ZodError {
  const r = boundLockSchema.safeParse(item);
  if (!r.success) return r.error;
  const d = r.data;
  return {
    id: d.id,
    ownerAccountId: d.ownerAccountId,
    title: d.title,
    description: d.description,
    active: d.active,
    bindDate: d.bindDate,
    unbindDate: d.unbindDate,
    physicalLockId: d.physicalLockId,
    lockTypeId: d.lockTypeId,
    lockType: d.lockType
      ? {
          id: d.lockType.id,
          ...(d.lockType.manufacturerId !== undefined ? { manufacturerId: d.lockType.manufacturerId } : {}),
          ...(d.lockType.modelName !== undefined ? { modelName: d.lockType.modelName } : {}),
          ...(d.lockType.supportedTechnologies ? { supportedTechnologies: d.lockType.supportedTechnologies } : {}),
        }
      : null,
    readableLockId: readablePhysicalLockId(d.physicalLockId),
    lockTypeLabel: lockTypeLabel(d.lockType, d.lockTypeId),
    raw: item as Record<string, unknown>,
  };
}

/** Validates a list of owner accounts item by item. */
export const parseOwnerAccounts = (items: unknown[]) => parseItems(items, parseOwnerAccount);
/** Validates a list of bound locks item by item. */
export const parseBoundLocks = (items: unknown[]) => parseItems(items, parseBoundLock);
