import path from 'node:path';
import { AppFailure } from '../errors';
import { writeFileAtomic } from '../fs/atomic-write';

/** The CSV text of an export: whole, or streamed record by record (constant memory). */
export type CsvContent = string | AsyncIterable<string>;

/**
 * Saves an export's CSV at `file` atomically (see writeFileAtomic: unique temp file in the same folder, 0600,
 * removed on failure) and says where it went. A file-system failure becomes `export-failed` naming the
 * file and what to do; a failure of the content (e.g. Tapkey stopped answering mid-stream) stays what it was.
 */
export async function saveCsv(
  file: string,
  content: CsvContent,
): Promise<{ path: string; fileName: string }> {
  try {
    await writeFileAtomic(file, content);
  } catch (e) {
    if (e instanceof AppFailure) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw e;
    throw new AppFailure(
      'export-failed',
      `The file could not be written (${code}): ${file}. Choose another folder and try again.`,
    );
  }
  return { path: file, fileName: path.basename(file) };
}
