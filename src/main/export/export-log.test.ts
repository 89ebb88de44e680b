import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../shared/model';
import { AppFailure } from '../errors';
import { exportLogCsv } from './export-log';
import type { SaveDialogOptions } from './save-dialog';
import { useTempDirs } from '../../../test/support/temp-dirs';

const tempDir = useTempDirs('tapkey-log-csv-');
const target = () => path.join(tempDir(), 'activity.csv');
const entry = (i: number, who: string | null): LogEntry => ({
  id: `e${i}`,
  entryNo: i,
  lockTimestamp: new Date(Date.UTC(2026, 0, 1) - i * 60_000).toISOString(),
  receivedAt: null,
  logType: 'Command',
  command: 'TriggerLock',
  boundLockId: 'l1',
  holder: {
    kind: who ? 'card' : 'none',
    label: who,
    title: who,
    identifier: null,
    known: who !== null,
    contactId: null,
    boundCardId: who ? 'c1' : null,
  },
});

async function* pages(count: number, failAfter?: number) {
  for (let p = 0; p < count; p++) {
    if (p === failAfter) throw new AppFailure('network', 'Could not reach Tapkey.');
    yield {
      entries: [entry(p * 2, '=HYPERLINK("x")'), entry(p * 2 + 1, null)],
      invalid:
        p === 1 ? [{ index: 0, id: 'bad', problem: 'lockTimestamp: expected ISO date' }] : [],
    };
  }
}

/** A save dialog that answers `file` and records what it was asked. */
function dialog(file: string | null) {
  const asked: SaveDialogOptions[] = [];
  return {
    asked,
    saveDialog: async (o: SaveDialogOptions) => {
      asked.push(o);
      return file;
    },
  };
}

describe('exportLogCsv', () => {
  it('writes the header and every page, neutralising formula cells, owner-only, and counts what it left out', async () => {
    const file = target();
    const d = dialog(file);
    const r = await exportLogCsv(
      { saveDialog: d.saveDialog, pages: () => pages(3), now: () => new Date(2026, 0, 5, 23, 59) },
      '2b3c4d5e-0000-4000-8000-000000000001',
    );
    expect(r).toEqual({ path: file, fileName: 'activity.csv', rows: 6, unreadable: 1 });
    expect(d.asked[0]!.defaultPath).toBe('activity-2b3c4d5e-2026-01-05.csv');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reads nothing when the user cancels the dialog', async () => {
    let opened = false;
    const r = await exportLogCsv(
      {
        saveDialog: dialog(null).saveDialog,
        pages: () => {
          opened = true;
          return pages(1);
        },
      },
      'lock-1',
    );
    expect(r).toBeNull();
    expect(opened).toBe(false);
  });

  it('leaves no file at all (and no partial file) when the stream fails midway', async () => {
    const file = target();
    await expect(
      exportLogCsv({ saveDialog: dialog(file).saveDialog, pages: () => pages(5, 2) }, 'lock-1'),
    ).rejects.toMatchObject({ code: 'network' });
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });
});
