import { csvLine } from '../../shared/csv';
import type { ExportResult, JournalPage, JournalRecord } from '../../shared/model';
import { datedFileName, type SaveDialog } from './save-dialog';
import { saveCsv } from './save-csv';

/** The columns of a journal export, the same in the app and the CLI (`journal --csv`). */
export const JOURNAL_CSV_HEADER = [
  'at',
  'source',
  'issuer',
  'account',
  'operation',
  'title',
  'ownerAccountId',
  'ownerAccountName',
  'boundLockId',
  'lockTitle',
  'holder',
  'contactId',
  'boundCardId',
  'grantId',
  'status',
  'message',
  'resolvedStatus',
  'resolvedAt',
  'method',
  'path',
  'changeId',
  'entryId',
] as const;

/** One journal record as a CSV record (formula cells neutralised). */
function journalCsvLine(r: JournalRecord): string {
  const t = r.target;
  return csvLine([
    r.at,
    r.source,
    r.signIn.issuer,
    r.signIn.account,
    r.operation,
    r.title,
    t.ownerAccountId,
    t.ownerAccountName,
    t.boundLockId,
    t.lockTitle,
    t.holderLabel,
    r.contactId ?? t.contactId,
    t.boundCardId,
    r.resolution?.grantId ?? r.grantId ?? t.grantId,
    r.status,
    r.message,
    r.resolution?.status ?? null,
    r.resolution?.at ?? null,
    r.request?.method ?? null,
    r.request?.path ?? null,
    r.changeId,
    r.entryId,
  ]);
}

/** The whole CSV text of a page of records. */
export function journalCsv(page: JournalPage): string {
  return csvLine(JOURNAL_CSV_HEADER) + page.records.map(journalCsvLine).join('');
}

/** Saves a page of the journal as CSV where the user chooses (null when they cancelled). */
export async function exportJournalCsv(
  saveDialog: SaveDialog,
  page: () => Promise<JournalPage>,
  now: () => Date = () => new Date(),
): Promise<ExportResult | null> {
  const file = await saveDialog({
    title: 'Export journal',
    defaultPath: datedFileName('tapkey-locks-journal', now()),
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  });
  if (!file) return null;
  const records = await page();
  return {
    ...(await saveCsv(file, journalCsv(records))),
    rows: records.records.length,
    unreadable: records.unreadableLines,
  };
}
