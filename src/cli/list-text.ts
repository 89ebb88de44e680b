import type { OwnerAccount } from '../shared/model';
import type { lockRow } from '../shared/lock-csv';

type LockRow = ReturnType<typeof lockRow>;
import { terminalField } from './terminal-text';

/** `owners` for people: one account a line, id and name, tab-separated. */
export function ownersText(accounts: readonly OwnerAccount[]): string {
  return (
    accounts
      .map((a) => `${a.id}\t${terminalField(a.name)}${a.active ? '' : '\t(inactive)'}\n`)
      .join('') || 'No owner accounts.\n'
  );
}

/** `locks` for people: one lock a line (account, title, type, lock id), tab-separated. */
export function locksText(rows: readonly LockRow[]): string {
  return (
    rows
      .map(
        (r) =>
          `${terminalField(r.ownerAccountName)}\t${terminalField(r.title)}\t${terminalField(r.lockType)}\t${terminalField(r.readableLockId ?? r.physicalLockId ?? '')}${r.active === false ? '\t(inactive)' : r.active === null ? '\t(active: unknown)' : ''}\n`,
      )
      .join('') || 'No locks.\n'
  );
}
