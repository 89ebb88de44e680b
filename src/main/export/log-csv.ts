import { csvLine } from '../../shared/csv';
import type { Grant, LogEntry } from '../../shared/model';

/**
 * The columns of a log export, the same in the app and the CLI. A public interface: columns are only ever
 * added at the end. `who` is the title when one is set, else the identifier (a contact's e-mail address or
 * external user id, a card's label); `whoIdentifier` is the identifier on its own.
 */
export const LOG_CSV_HEADER = [
  'lockTimestamp',
  'receivedAt',
  'who',
  'whoKind',
  'contactId',
  'boundCardId',
  'logType',
  'command',
  'entryNo',
  'id',
  'boundLockId',
  'lockTitle',
  'whoIdentifier',
] as const;

/** A lock's title by its id, where known (an export reads the account's locks once). */
export type LockTitles = (boundLockId: string | null) => string | null;

/** One log entry as a CSV record (formula cells neutralised). */
export function logCsvLine(e: LogEntry, lockTitle: LockTitles = () => null): string {
  return csvLine([
    e.lockTimestamp,
    e.receivedAt,
    e.holder.label,
    e.holder.kind,
    e.holder.contactId,
    e.holder.boundCardId,
    e.logType,
    e.command,
    e.entryNo,
    e.id,
    e.boundLockId,
    lockTitle(e.boundLockId),
    e.holder.identifier,
  ]);
}

/**
 * The columns of a grants export; only ever added to at the end. `target` is `lock` or `group` (a group grant's
 * `boundLockId` is the group's id), `targetTitle` its title; `holderProblem` is `both` or `neither` when Tapkey
 * named both a contact and a card, or none.
 */
export const GRANTS_CSV_HEADER = [
  'boundLockId',
  'who',
  'whoKind',
  'contactId',
  'boundCardId',
  'validFrom',
  'validBefore',
  'timeRestrictionIcal',
  'state',
  'active',
  'id',
  'whoIdentifier',
  'target',
  'targetTitle',
  'holderProblem',
] as const;

/** One grant as a CSV record (formula cells neutralised). */
export function grantCsvLine(g: Grant): string {
  return csvLine([
    g.boundLockId,
    g.holder.label,
    g.holder.kind,
    g.holder.contactId,
    g.holder.boundCardId,
    g.validFrom,
    g.validBefore,
    g.timeRestrictionIcal,
    g.state,
    g.active,
    g.id,
    g.holder.identifier,
    g.target.kind,
    g.target.title,
    g.holderProblem,
  ]);
}

/** The header record. */
export const csvHeader = (header: readonly string[]) => csvLine(header);
