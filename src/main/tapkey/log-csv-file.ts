import { open, rename, rm } from 'node:fs/promises';
import type { InvalidItem, LogEntry } from '../../shared/model';
import { csvHeader, LOG_CSV_HEADER, logCsvLine } from './log-csv';

/**
 * Writes a streamed log to a CSV file page by page (memory stays one page deep). It writes to `<file>.part`
 * and renames at the end, so a failed or cancelled export never leaves a half file in place of the chosen one.
 */
export async function writeLogCsvFile(
  file: string,
  pages: AsyncIterable<{ entries: LogEntry[]; invalid: InvalidItem[] }>,
): Promise<{ rows: number; invalid: number }> {
  const part = `${file}.part`;
  const handle = await open(part, 'w', 0o600);
  let rows = 0;
  let invalid = 0;
  try {
    await handle.write(csvHeader(LOG_CSV_HEADER));
    for await (const page of pages) {
      if (page.entries.length) await handle.write(page.entries.map(logCsvLine).join(''));
      rows += page.entries.length;
      invalid += page.invalid.length;
    }
    await handle.close();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await rm(part, { force: true });
    throw e;
  }
  await rename(part, file);
  return { rows, invalid };
}
