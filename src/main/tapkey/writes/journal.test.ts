import { appendFileSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../shared/model';
import { fileJournal, journalLine, memoryJournal } from './journal';

const JOURNAL_FILE = 'changes.jsonl';
import { readJournal, unresolvedWrites } from './journal-query';
import { entry } from './journal-entry.fixture';
import { target } from './names';
import { useTempDirs } from '../../../../test/support/temp-dirs';

const tempDir = useTempDirs('tapkey-journal-');
const tempFile = () => path.join(tempDir(), 'nested', JOURNAL_FILE);

describe('the journal file', () => {
  it('appends one line per entry, creates its folder, and is readable by its owner only', async () => {
    const file = tempFile();
    const j = fileJournal(file);
    const a = entry();
    const b = entry({ status: 'refused', errorCode: 'plan-limit' });
    await Promise.all([j.append(a), j.append(b)]);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual(a);
    expect(JSON.parse(lines[1]!)).toEqual(b);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A file made another way is narrowed at the next append.
    chmodSync(file, 0o644);
    await j.append(entry());
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('never writes a secret, even one that slipped into an entry', async () => {
    const file = tempFile();
    await fileJournal(file).append(
      entry({
        message: 'Authorization: Bearer abc.def.ghi',
        request: { method: 'PUT', path: 'x', body: { access_token: 'tok123456' } },
      }),
    );
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('abc.def.ghi');
    expect(text).not.toContain('tok123456');
    expect(journalLine(entry()).endsWith('}\n')).toBe(true);
  });

  it('a line torn by a crash costs only itself: the next entry starts on a new line', async () => {
    const file = tempFile();
    const j = fileJournal(file);
    await j.append(entry({ entryId: 'first' }));
    appendFileSync(file, '{"v":1,"entryId":"torn",');
    await j.append(entry({ entryId: 'after' }));
    const seen: string[] = [];
    const { unreadable } = await j.scan((e) => seen.push(e.entryId));
    expect(seen).toEqual(['first', 'after']);
    expect(unreadable).toBe(1);
  });

  it('reads nothing from a file that is not there, and skips lines that are not entries', async () => {
    const file = tempFile();
    const j = fileJournal(file);
    expect(await j.scan(() => expect.unreachable())).toEqual({ unreadable: 0 });
    await j.append(entry({ entryId: 'ok' }));
    appendFileSync(
      file,
      [
        '',
        'not json',
        'null',
        JSON.stringify({ ...entry(), v: 2 }),
        JSON.stringify({ ...entry(), kind: 'other' }),
        JSON.stringify({ ...entry(), entryId: 7 }),
        JSON.stringify({ ...entry(), at: null }),
        JSON.stringify({ ...entry(), status: 1 }),
        JSON.stringify({ ...entry(), operation: null }),
        JSON.stringify({ ...entry(), target: 'x' }),
        JSON.stringify(entry({ entryId: 'resolution', kind: 'resolution' })),
        '',
      ].join('\n'),
    );
    const seen: string[] = [];
    expect(await j.scan((e) => seen.push(e.entryId))).toEqual({ unreadable: 9 });
    expect(seen).toEqual(['ok', 'resolution']);
  });

  it('a folder where the file should be fails the append (the caller logs it)', async () => {
    const file = tempFile();
    await fileJournal(file).append(entry());
    rmSync(file);
    writeFileSync(path.join(path.dirname(file), 'x'), '');
    const blocked = path.join(path.dirname(file), 'x', JOURNAL_FILE);
    await expect(fileJournal(blocked).append(entry())).rejects.toThrow();
  });

  it('in memory: the same lines, the same reading', async () => {
    const j = memoryJournal();
    await j.append(entry({ entryId: 'm1' }));
    expect(j.lines()).toHaveLength(1);
    const seen: string[] = [];
    expect(await j.scan((e) => seen.push(e.entryId))).toEqual({ unreadable: 0 });
    expect(seen).toEqual(['m1']);
  });
});

describe('reading the journal', () => {
  async function journalOf(entries: JournalEntry[]) {
    const j = memoryJournal();
    for (const e of entries) await j.append(e);
    return j;
  }

  it('lists writes newest first, each lost answer with the resolution that settled it', async () => {
    const lost = entry({ entryId: 'lost', status: 'unknown', errorCode: 'outcome-unknown' });
    const open = entry({ entryId: 'open', status: 'unknown' });
    const j = await journalOf([
      entry({ entryId: 'w1' }),
      lost,
      open,
      entry({
        entryId: 'r1',
        kind: 'resolution',
        resolves: 'lost',
        status: 'done',
        message: 'A later look shows the change was made.',
        grantId: 'G9',
      }),
      entry({ entryId: 'r2', kind: 'resolution', resolves: 'nothing-like-it', status: 'failed' }),
    ]);
    const page = await readJournal(j);
    expect(page.records.map((r) => r.entryId)).toEqual(['open', 'lost', 'w1']);
    expect(page.records[1]!.resolution).toEqual({
      at: expect.any(String),
      status: 'done',
      message: 'A later look shows the change was made.',
      grantId: 'G9',
    });
    expect(page.records[0]!.resolution).toBeNull();
    expect(page).toMatchObject({ total: 3, unresolved: 1, unreadableLines: 0 });
    expect((await unresolvedWrites(j)).map((e) => e.entryId)).toEqual(['open']);
  });

  it('filters by operation, status as settled, account, dates and text; limits to the newest', async () => {
    const j = await journalOf([
      entry({ entryId: 'a', at: '2026-01-01T00:00:00.000Z', operation: 'give' }),
      entry({
        entryId: 'b',
        at: '2026-02-01T00:00:00.000Z',
        operation: 'offboard',
        title: 'Remove all access for Sam',
        status: 'unknown',
        target: target({ ownerAccountId: 'O2', holderLabel: 'Sam <sam@example.org>' }),
      }),
      entry({
        entryId: 'rb',
        at: '2026-02-02T00:00:00.000Z',
        kind: 'resolution',
        resolves: 'b',
        status: 'done',
      }),
      entry({
        entryId: 'c',
        at: '2026-03-01T00:00:00.000Z',
        operation: 'revoke-grant',
        status: 'refused',
      }),
    ]);
    const ids = async (q: Parameters<typeof readJournal>[1]) =>
      (await readJournal(j, q)).records.map((r) => r.entryId);
    expect(await ids({ operation: 'offboard' })).toEqual(['b']);
    expect(await ids({ status: 'done' })).toEqual(['b', 'a']);
    expect(await ids({ status: 'unknown' })).toEqual([]);
    expect(await ids({ status: 'refused' })).toEqual(['c']);
    expect(await ids({ ownerAccountId: 'o2' })).toEqual(['b']);
    expect(await ids({ since: '2026-02-01T00:00:00Z' })).toEqual(['c', 'b']);
    expect(await ids({ until: '2026-02-01T00:00:00Z' })).toEqual(['a']);
    expect(await ids({ since: '2026-01-15T00:00:00Z', until: '2026-02-15T00:00:00Z' })).toEqual([
      'b',
    ]);
    expect(await ids({ text: ' SAM@example ' })).toEqual(['b']);
    expect(await ids({ text: 'front door' })).toEqual(['c', 'a']);
    expect(await ids({ text: 'G1' })).toEqual(['c', 'b', 'a']);
    expect(await ids({ limit: 2 })).toEqual(['c', 'b']);
    const page = await readJournal(j, { limit: 1 });
    expect(page.total).toBe(3);
  });
});
