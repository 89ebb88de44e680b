import { csvLine } from '../../shared/csv';
import type { Grant, LogEntry } from '../../shared/model';

/** The columns of a log export, the same in the app and the CLI. */
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
] as const;

/** One log entry as a CSV record (formula cells neutralised). */
export function logCsvLine(e: LogEntry): string {
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
  ]);
}

/** The columns of a grants export. */
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
  ]);
}

/** The header record. */
export const csvHeader = (header: readonly string[]) => csvLine(header);
