import type { BoundLock } from '../../../shared/model';

/** What a reload changed in one account's locks, by lock id: the rows to mark for a moment. */
export interface LockChanges {
  added: ReadonlySet<string>;
  changed: ReadonlySet<string>;
  /** Gone since: named, since there is no row left to mark. */
  removed: ReadonlyArray<{ id: string; title: string }>;
}

/** True when a row would show something else: any field it shows differs. */
function differs(a: BoundLock, b: BoundLock): boolean {
  return (
    a.title !== b.title ||
    a.description !== b.description ||
    a.active !== b.active ||
    a.bindDate !== b.bindDate ||
    a.unbindDate !== b.unbindDate ||
    a.physicalLockId !== b.physicalLockId ||
    a.readableLockId !== b.readableLockId ||
    a.lockTypeId !== b.lockTypeId ||
    a.lockTypeLabel !== b.lockTypeLabel
  );
}

/**
 * The changes between the locks shown and the locks just loaded. Both lists come from main's client, which
 * keeps Tapkey's ids and order as sent (new locks at the end), so ids compare exactly and the lists are walked
 * side by side while they agree; only from the first difference on are ids looked up in a map (hashing 100,000
 * fresh id strings is most of a cold reconcile's time).
 */
export function lockChangesOf(
  before: readonly BoundLock[],
  after: readonly BoundLock[],
): LockChanges {
  const added = new Set<string>();
  const changed = new Set<string>();
  const removed: { id: string; title: string }[] = [];
  const n = Math.min(before.length, after.length);
  let i = 0;
  for (; i < n && before[i]!.id === after[i]!.id; i++)
    if (differs(before[i]!, after[i]!)) changed.add(after[i]!.id);
  if (i === before.length && i === after.length) return { added, changed, removed };
  const old = new Map<string, BoundLock>();
  for (let j = i; j < before.length; j++) old.set(before[j]!.id, before[j]!);
  for (let j = i; j < after.length; j++) {
    const l = after[j]!;
    const was = old.get(l.id);
    if (was === undefined) added.add(l.id);
    else {
      old.delete(l.id);
      if (differs(was, l)) changed.add(l.id);
    }
  }
  for (const l of old.values()) removed.push({ id: l.id, title: l.title });
  return { added, changed, removed };
}

/** True when a reload changed nothing. */
export function noChanges(c: LockChanges | null): boolean {
  return !c || (c.added.size === 0 && c.changed.size === 0 && c.removed.length === 0);
}

/** Every account's marks in one map by lock id, for the table; the same empty map when nothing is marked. */
export function marksOf(
  locks: Readonly<Record<string, { changes: LockChanges | null }>>,
): ReadonlyMap<string, 'added' | 'changed'> {
  const marks = new Map<string, 'added' | 'changed'>();
  for (const l of Object.values(locks)) {
    for (const id of l.changes?.added ?? []) marks.set(id, 'added');
    for (const id of l.changes?.changed ?? []) marks.set(id, 'changed');
  }
  return marks.size ? marks : NO_MARKS;
}

const NO_MARKS: ReadonlyMap<string, 'added' | 'changed'> = new Map();

/** What the last reload changed, summed over the accounts: the counts and the names of locks now gone. */
export function changeSummaryOf(
  locks: Readonly<Record<string, { changes: LockChanges | null }>>,
): { added: number; changed: number; removed: string[] } | null {
  let added = 0;
  let changed = 0;
  const removed: string[] = [];
  for (const l of Object.values(locks)) {
    if (!l.changes) continue;
    added += l.changes.added.size;
    changed += l.changes.changed.size;
    for (const r of l.changes.removed) removed.push(r.title || r.id);
  }
  return added || changed || removed.length ? { added, changed, removed } : null;
}
