import type { ExportResult, InvalidItem, LogEntry } from '../../shared/model';
import { csvHeader, LOG_CSV_HEADER, logCsvLine, type LockTitles } from './log-csv';
import { datedFileName, type SaveDialog } from './save-dialog';
import { saveCsv } from './save-csv';

/** A log as pages, newest first (the client's stream, under the session guard). */
type LogPages = AsyncIterable<{ entries: LogEntry[]; invalid: InvalidItem[] }>;

/** What a log export needs: the dialog, the stream once a file is chosen, and the clock for the file name. */
export interface ExportLogDeps {
  saveDialog: SaveDialog;
  /** Opened only after the user chose a file: a cancelled dialog reads nothing. */
  pages(): LogPages;
  /** The titles of the locks the entries name, read once the user chose a file (none: the column stays empty). */
  lockTitles?(): Promise<LockTitles>;
  now?: () => Date;
}

/**
 * Exports a log (a lock's, or a whole owner account's) as CSV: asks where to save, then streams the log into the
 * file page by page (memory stays one page deep, whatever the log's length), saved whole or not at all. Resolves
 * null when the user cancelled the dialog; `unreadable` counts the entries Tapkey sent that could not be read
 * (not in the file). `name` goes into the suggested file name, e.g. the lock's id.
 */
export async function exportLogCsv(
  deps: ExportLogDeps,
  name: string,
): Promise<ExportResult | null> {
  const file = await deps.saveDialog({
    title: 'Export activity',
    defaultPath: datedFileName(`activity-${name.slice(0, 8)}`, deps.now?.() ?? new Date()),
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  });
  if (!file) return null;
  const titles = deps.lockTitles ? await deps.lockTitles() : () => null;
  let rows = 0;
  let unreadable = 0;
  async function* lines(): AsyncGenerator<string> {
    yield csvHeader(LOG_CSV_HEADER);
    for await (const page of deps.pages()) {
      rows += page.entries.length;
      unreadable += page.invalid.length;
      if (page.entries.length) yield page.entries.map((e) => logCsvLine(e, titles)).join('');
    }
  }
  return { ...(await saveCsv(file, lines())), rows, unreadable };
}
