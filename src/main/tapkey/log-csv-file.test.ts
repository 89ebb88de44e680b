import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../shared/model';
import { AppFailure } from '../errors';
import { writeLogCsvFile } from './log-csv-file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const target = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tapkey-log-csv-'));
  dirs.push(dir);
  return path.join(dir, 'activity.csv');
};
const entry = (i: number, who: string | null): LogEntry => ({
  id: `e${i}`,
  entryNo: i,
  lockTimestamp: new Date(Date.UTC(2026, 0, 1) - i * 60_000).toISOString(),
  receivedAt: null,
  logType: 'Command',
  command: 'TriggerLock',
  holder: {
    kind: who ? 'card' : 'none',
    label: who,
    contactId: null,
    boundCardId: who ? 'c1' : null,
  },
});

async function* pages(count: number, failAfter?: number) {
  for (let p = 0; p < count; p++) {
    if (p === failAfter) throw new AppFailure('network', 'Could not reach Tapkey.');
    yield { entries: [entry(p * 2, '=HYPERLINK("x")'), entry(p * 2 + 1, null)], invalid: [] };
  }
}

describe('writeLogCsvFile', () => {
  it('writes the header and every page, neutralising formula cells', async () => {
    const file = target();
    expect(await writeLogCsvFile(file, pages(3))).toEqual({ rows: 6, invalid: 0 });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('leaves no file at all (and no partial file) when the stream fails midway', async () => {
    const file = target();
    await expect(writeLogCsvFile(file, pages(5, 2))).rejects.toMatchObject({ code: 'network' });
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });
});
