import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { JournalEntry } from '../../../shared/model';
import { redact } from '../../log';

/** The journal's file name in the profile folder (shared by the app and the CLI). */
export const JOURNAL_FILE = 'journal.jsonl';

/**
 * The journal of this computer's writes to Tapkey: one JSON line per request sent (and per later resolution of a
 * lost answer), append-only. Lines are read back one at a time, so reading costs memory for what is kept, not
 * for the file.
 */
export interface Journal {
  append(entry: JournalEntry): Promise<void>;
  /** Calls `each` with every readable entry, oldest first; resolves with the number of unreadable lines. */
  scan(each: (entry: JournalEntry) => void): Promise<{ unreadable: number }>;
}

/** A line is an entry when it parses and carries the fields every entry has. */
function parseLine(line: string): JournalEntry | null {
  try {
    const v = JSON.parse(line) as Partial<JournalEntry> | null;
    if (
      v &&
      v.v === 1 &&
      typeof v.entryId === 'string' &&
      typeof v.at === 'string' &&
      (v.kind === 'write' || v.kind === 'resolution') &&
      typeof v.status === 'string' &&
      typeof v.operation === 'string' &&
      typeof v.target === 'object'
    )
      return v as JournalEntry;
  } catch {
    // A torn or hand-edited line: counted by the caller.
  }
  return null;
}

/** The line written for an entry: redacted as the log is (defence in depth: no entry should hold a secret). */
export function journalLine(entry: JournalEntry): string {
  return `${JSON.stringify(redact(entry))}\n`;
}

/**
 * The journal in `file`, readable by its owner only (0600, set again at every append in case the file was made
 * another way). Each entry is one `write` of one line to a file opened for appending, so lines from the app and
 * the CLI do not interleave; a line left torn by a crash is closed with a newline before the next one, so only
 * it is lost. Appends in this process are written in order, one at a time.
 */
export function fileJournal(file: string): Journal {
  let tail: Promise<void> = Promise.resolve();
  const appendNow = async (entry: JournalEntry) => {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, 'a+', 0o600);
    try {
      await handle.chmod(0o600);
      const { size } = await handle.stat();
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      await handle.write(prefix + journalLine(entry));
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  return {
    append(entry) {
      const next = tail.then(() => appendNow(entry));
      tail = next.catch(() => undefined);
      return next;
    },
    async scan(each) {
      let unreadable = 0;
      let stream;
      try {
        stream = createReadStream(file, { encoding: 'utf8' });
        await new Promise<void>((resolve, reject) => {
          stream!.once('open', () => resolve());
          stream!.once('error', reject);
        });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { unreadable: 0 };
        throw e;
      }
      for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
        if (!line.trim()) continue;
        const entry = parseLine(line);
        if (entry) each(entry);
        else unreadable++;
      }
      return { unreadable };
    },
  };
}

/** A journal held in memory (a core without a profile folder: tests, shell-only builds). */
export function memoryJournal(): Journal & { lines(): string[] } {
  const lines: string[] = [];
  return {
    async append(entry) {
      lines.push(journalLine(entry));
    },
    async scan(each) {
      let unreadable = 0;
      for (const line of lines) {
        const entry = parseLine(line);
        if (entry) each(entry);
        else unreadable++;
      }
      return { unreadable };
    },
    lines: () => [...lines],
  };
}
