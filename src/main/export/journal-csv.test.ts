import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../test/support/read-csv';
import type { JournalPage, JournalRecord } from '../../shared/model';
import { entry } from '../tapkey/writes/journal-entry.fixture';
import { exportJournalCsv, JOURNAL_CSV_HEADER, journalCsv } from './journal-csv';
import { useTempDirs } from '../../../test/support/temp-dirs';

const tempDir = useTempDirs('tapkey-journal-csv-');

const record = (patch: Partial<JournalRecord> = {}): JournalRecord => ({
  ...entry(),
  resolution: null,
  ...patch,
});
const page = (records: JournalRecord[]): JournalPage => ({
  records,
  total: records.length,
  unresolved: 0,
  unreadableLines: 2,
});

describe('the journal as CSV', () => {
  it('one row a record, the resolution of a lost answer beside it, formulas neutralised', () => {
    const lost = record({
      status: 'unknown',
      grantId: null,
      target: { ...entry().target, holderLabel: '=HYPERLINK("x")', grantId: 'T1' },
      resolution: {
        at: '2026-12-02T00:00:00.000Z',
        status: 'done',
        message: 'made',
        grantId: 'G7',
      },
    });
    const [header, row] = readCsv(journalCsv(page([lost])));
    expect(header).toEqual([...JOURNAL_CSV_HEADER]);
    const cell = (name: (typeof JOURNAL_CSV_HEADER)[number]) =>
      row![JOURNAL_CSV_HEADER.indexOf(name)];
    expect(cell('holder')).toBe('\'=HYPERLINK("x")');
    expect(cell('status')).toBe('unknown');
    expect(cell('resolvedStatus')).toBe('done');
    expect(cell('resolvedAt')).toBe('2026-12-02T00:00:00.000Z');
    expect(cell('grantId')).toBe('G7');
    expect(cell('method')).toBe('PUT');
    expect(cell('path')).toBe('Owners/O1/Grants');
    expect(cell('issuer')).toBe('https://login.tapkey.com');
    expect(cell('account')).toBe('admin@example.org');
    expect(cell('entryId')).toBe(lost.entryId);
    const plain = record({ grantId: null, contactId: null, request: null });
    const [, second] = readCsv(journalCsv(page([plain])));
    expect(second![JOURNAL_CSV_HEADER.indexOf('grantId')]).toBe('');
    expect(second![JOURNAL_CSV_HEADER.indexOf('contactId')]).toBe('C1');
    expect(second![JOURNAL_CSV_HEADER.indexOf('method')]).toBe('');
    expect(second![JOURNAL_CSV_HEADER.indexOf('resolvedStatus')]).toBe('');
  });

  it('saves where the user chooses, and nothing when they cancel', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'journal.csv');
    const saved = [record(), record()];
    const asked: unknown[] = [];
    const result = await exportJournalCsv(
      async (o) => {
        asked.push(o);
        return file;
      },
      async () => page(saved),
      () => new Date(2026, 11, 24),
    );
    expect(asked).toEqual([
      {
        title: 'Export journal',
        defaultPath: 'tapkey-locks-journal-2026-12-24.csv',
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      },
    ]);
    expect(result).toEqual({ path: file, fileName: 'journal.csv', rows: 2, unreadable: 2 });
    const rows = readCsv(readFileSync(file, 'utf8'));
    // One row a record, each starting on a line of its own.
    expect(rows.map((r) => [r[0], r.at(-1)])).toEqual([
      ['at', 'entryId'],
      ...saved.map((r) => [r.at, r.entryId]),
    ]);
    let read = false;
    expect(
      await exportJournalCsv(
        async () => null,
        async () => {
          read = true;
          return page([]);
        },
      ),
    ).toBeNull();
    expect(read).toBe(false);
  });
});
