import type { ExportResult, InvalidItem, LogEntry } from '../../shared/model';
import { csvHeader, LOG_CSV_HEADER, logCsvLine } from './log-csv';
import { datedFileName, type SaveDialog } from './save-dialog';
import { saveCsv } from './save-csv';

/** A lock's log as pages, newest first (the client's stream, under the session guard). */
type LogPages = AsyncIterable<{ entries: LogEntry[]; invalid: InvalidItem[] }>;

/** What a log export needs: the dialog, the stream once a file is chosen, and the clock for the file name. */
export interface ExportLogDeps {
  saveDialog: SaveDialog;
  /** Opened only after the user chose a file: a cancelled dialog reads nothing. */
  pages(): LogPages;
  now?: () => Date;
}

/**
 * Exports a lock's log as CSV: asks where to save, then streams the log into the file page by page (memory
 * stays one page deep, whatever the log's length), saved whole or not at all. Resolves null when the user
 * cancelled the dialog; `unreadable` counts the entries Tapkey sent that could not be read (not in the file).
 */
export async function exportLogCsv(
  deps: ExportLogDeps,
  boundLockId: string,
): Promise<ExportResult | null> {
  const file = await deps.saveDialog({
    title: 'Export activity',
    defaultPath: datedFileName(`activity-${boundLockId.slice(0, 8)}`, deps.now?.() ?? new Date()),
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  });
  if (!file) return null;
  let rows = 0;
  let unreadable = 0;
  async function* lines(): AsyncGenerator<string> {
    yield csvHeader(LOG_CSV_HEADER);
    for await (const page of deps.pages()) {
      rows += page.entries.length;
      unreadable += page.invalid.length;
      if (page.entries.length) yield page.entries.map(logCsvLine).join('');
    }
  }
  return { ...(await saveCsv(file, lines())), rows, unreadable };
}
