import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoundLock, OwnerAccount } from '../../shared/model';
import { AppFailure } from '../errors';
import { exportFileName, exportLocksCsv, type ExportLocksDeps } from './export-locks';
import type { SaveDialogOptions } from './save-dialog';
import { LOCK_CSV_COLUMNS } from '../../shared/lock-csv';

const owner: OwnerAccount = { id: 'o1', name: 'Home', active: true };
const lock = (id: string, title: string): BoundLock => ({
  id,
  ownerAccountId: 'o1',
  title,
  description: null,
  active: true,
  bindDate: '2024-01-02T03:04:05Z',
  unbindDate: null,
  physicalLockId: 'BAAA',
  lockTypeId: 't1',
  lockType: null,
  readableLockId: '04-00',
  lockTypeLabel: 'Td30',
  raw: {},
});

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An in-memory Tapkey with three locks and a save dialog that answers `answer`. */
function deps(answer: (o: SaveDialogOptions) => string | null) {
  dir = mkdtempSync(path.join(tmpdir(), 'tapkey-export-'));
  const calls = { dialog: [] as SaveDialogOptions[], lists: 0 };
  const d: ExportLocksDeps = {
    listOwnerAccounts: async () => ({ accounts: [owner], invalid: [] }),
    listBoundLocks: async () => {
      calls.lists++;
      return {
        ownerAccountId: 'o1',
        locks: [lock('a', 'Front'), lock('b', '=HYPERLINK("x")'), lock('c', 'Back')],
        invalid: [],
      };
    },
    saveDialog: async (o) => {
      calls.dialog.push(o);
      return answer(o);
    },
    now: () => new Date(2026, 10, 25, 9, 0),
  };
  return { d, calls };
}
const never = new AbortController().signal;

describe('exportLocksCsv', () => {
  it('writes the chosen locks in the order given, with the CLI columns and formulas neutralised', async () => {
    const { d, calls } = deps(() => path.join(dir, 'out.csv'));
    const r = await exportLocksCsv(d, [{ ownerAccountId: 'o1', lockIds: ['c', 'b'] }], never);
    expect(r).toEqual({
      path: path.join(dir, 'out.csv'),
      fileName: 'out.csv',
      rows: 2,
      unreadable: 0,
    });
    expect(statSync(path.join(dir, 'out.csv')).mode & 0o777).toBe(0o600);
    const lines = readFileSync(path.join(dir, 'out.csv'), 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(LOCK_CSV_COLUMNS.join(','));
    expect(lines[1]).toBe('o1,Home,c,Back,,true,Td30,t1,BAAA,04-00,2024-01-02T03:04:05Z');
    expect(lines[2]).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(calls.dialog[0]!.defaultPath).toBe('tapkey-locks-2026-11-25.csv');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('reads nothing and writes nothing when the user cancels the dialog', async () => {
    const { d, calls } = deps(() => null);
    expect(await exportLocksCsv(d, [{ ownerAccountId: 'o1', lockIds: ['a'] }], never)).toBeNull();
    expect(calls.lists).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an empty selection before asking where to save', async () => {
    const { d, calls } = deps(() => path.join(dir, 'out.csv'));
    await expect(exportLocksCsv(d, [{ ownerAccountId: 'o1', lockIds: [] }], never)).rejects.toThrow(
      /no locks to export/,
    );
    expect(calls.dialog).toEqual([]);
  });

  it('says which locks are gone instead of exporting a partial file', async () => {
    const { d } = deps(() => path.join(dir, 'out.csv'));
    await expect(
      exportLocksCsv(d, [{ ownerAccountId: 'o1', lockIds: ['a', 'zz'] }], never),
    ).rejects.toThrow(/1 of the locks to export is no longer bound to Home/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports a folder it cannot write to, leaving no temp file', async () => {
    const { d } = deps(() => path.join(dir, 'missing-folder', 'out.csv'));
    const e = await exportLocksCsv(d, [{ ownerAccountId: 'o1', lockIds: ['a'] }], never).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppFailure);
    expect((e as AppFailure).code).toBe('export-failed');
    expect((e as AppFailure).message).toMatch(/ENOENT.*Choose another folder/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no temp file and keeps what is there when the final rename fails', async () => {
    const { d } = deps(() => path.join(dir, 'taken'));
    // A non-empty folder where the file should go: writing the temp file works, replacing the folder does not.
    mkdirSync(path.join(dir, 'taken'));
    writeFileSync(path.join(dir, 'taken', 'keep.txt'), 'mine');
    await expect(
      exportLocksCsv(d, [{ ownerAccountId: 'o1', lockIds: ['a'] }], never),
    ).rejects.toMatchObject({ code: 'export-failed' });
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(path.join(dir, 'taken', 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('stops when the session ends while reading', async () => {
    const { d } = deps(() => path.join(dir, 'out.csv'));
    const ac = new AbortController();
    const listed = d.listBoundLocks;
    d.listBoundLocks = async (id, s) => {
      ac.abort();
      return listed(id, s);
    };
    await expect(
      exportLocksCsv(d, [{ ownerAccountId: 'o1', lockIds: ['a'] }], ac.signal),
    ).rejects.toThrow(/cancelled/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the file by the local date', () => {
    expect(exportFileName(new Date(2026, 0, 5, 23, 59))).toBe('tapkey-locks-2026-01-05.csv');
  });
});
