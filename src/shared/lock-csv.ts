import type { BoundLock, OwnerAccount } from './model';
import { toCsv } from './csv';

/** One lock as the CLI prints it and the app exports it: the fields people and scripts use, with the account's name. */
export function lockRow(lock: BoundLock, owner: Pick<OwnerAccount, 'id' | 'name'>) {
  return {
    ownerAccountId: owner.id,
    ownerAccountName: owner.name,
    id: lock.id,
    title: lock.title,
    description: lock.description,
    active: lock.active,
    lockType: lock.lockTypeLabel,
    lockTypeId: lock.lockTypeId,
    physicalLockId: lock.physicalLockId,
    readableLockId: lock.readableLockId,
    bindDate: lock.bindDate,
  };
}

/** The CSV columns, shared by `tapkey-locks locks --csv` and File → Export… so both files read the same. */
export const LOCK_CSV_COLUMNS = [
  'ownerAccountId',
  'ownerAccountName',
  'id',
  'title',
  'description',
  'active',
  'lockType',
  'lockTypeId',
  'physicalLockId',
  'readableLockId',
  'bindDate',
] as const satisfies readonly (keyof ReturnType<typeof lockRow>)[];

/** Formats lock rows as CSV with the shared columns (formula cells neutralised by toCsv). */
export function locksCsv(rows: ReturnType<typeof lockRow>[]): string {
  return toCsv(
    [...LOCK_CSV_COLUMNS],
    rows.map((r) => LOCK_CSV_COLUMNS.map((k) => r[k])),
  );
}
