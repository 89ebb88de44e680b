import type { BoundLock } from '../../../shared/model';

/** What a reload changed in one account's locks, by lock id: the rows to mark for a moment. */
export interface LockChanges {
  added: ReadonlySet<string>;
  changed: ReadonlySet<string>;
  /** Gone since: named, since there is no row left to mark. */
  removed: ReadonlyArray<{ id: string; title: string }>;
}

/** The fields a row shows: a difference in any of them is a change the user can see. */
const shown = [
  'title',
  'description',
  'active',
  'bindDate',
  'unbindDate',
  'physicalLockId',
  'readableLockId',
  'lockTypeId',
  'lockTypeLabel',
] as const satisfies ReadonlyArray<keyof BoundLock>;

/** The changes between the locks shown and the locks just loaded (ids compare case-insensitively). */
export function lockChangesOf(
  before: readonly BoundLock[],
  after: readonly BoundLock[],
): LockChanges {
  const old = new Map(before.map((l) => [l.id.toLowerCase(), l]));
  const added = new Set<string>();
  const changed = new Set<string>();
  for (const l of after) {
    const was = old.get(l.id.toLowerCase());
    if (!was) added.add(l.id);
    else if (shown.some((f) => was[f] !== l[f])) changed.add(l.id);
    old.delete(l.id.toLowerCase());
  }
  const removed = [...old.values()].map((l) => ({ id: l.id, title: l.title }));
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
