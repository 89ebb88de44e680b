// The renewal journal on a real file system: what it records (fingerprints, never tokens), that a reader without
// the lock sees a whole record or none, how it reads a damaged file, and the in-memory twin.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  answeredWith,
  fileRenewalJournal,
  memoryRenewalJournal,
  sentWithoutStoring,
} from './renewal-journal';
import { expectOwnerOnlyWithout } from './session-file.fixture';
import { tokenFingerprint } from './signed-out-marker';
import { useTempDirs } from '../../../test/support/temp-dirs';

const scratch = useTempDirs('tapkey-journal-');

describe('the renewal journal file', () => {
  it('records the sent token’s fingerprint, never the token, owner-only, in a folder it creates', async () => {
    const dir = path.join(scratch(), 'session');
    const file = path.join(dir, 'renewal.json');
    const journal = fileRenewalJournal(file);
    expect(await journal.read()).toBeNull();
    await expectOwnerOnlyWithout(file, 'refresh-secret-1', () =>
      journal.sending('refresh-secret-1'),
    );
    const record = await fileRenewalJournal(file).read();
    expect(record).toEqual({
      sentSha256: tokenFingerprint('refresh-secret-1'),
      at: expect.any(String),
    });
    expect(sentWithoutStoring(record, 'refresh-secret-1')).toBe(true);
    expect(sentWithoutStoring(record, 'refresh-secret-2')).toBe(false);
    expect(answeredWith(record, 'refresh-secret-1')).toBe(false);
    // Written whole through a temporary file: nothing else is left in the folder.
    expect(readdirSync(dir)).toEqual(['renewal.json']);
  });

  it('records the answer only its receiver holds, and forgets on clear (twice is fine)', async () => {
    const journal = fileRenewalJournal(path.join(scratch(), 'r.json'));
    await journal.answered('refresh-1', 'refresh-2');
    const record = await journal.read();
    expect(sentWithoutStoring(record, 'refresh-1')).toBe(true);
    expect(answeredWith(record, 'refresh-2')).toBe(true);
    expect(answeredWith(record, 'refresh-1')).toBe(false);
    await journal.clear();
    expect(await journal.read()).toBeNull();
    await expect(journal.clear()).resolves.toBeUndefined();
    expect(sentWithoutStoring(null, 'refresh-1')).toBe(false);
    expect(answeredWith(null, 'refresh-1')).toBe(false);
  });

  it('a damaged record names no token, so it stops nothing; a record that cannot be read at all is an error', async () => {
    const dir = scratch();
    const file = path.join(dir, 'r.json');
    const hex = 'a'.repeat(64);
    for (const text of [
      '{',
      '[]',
      '{"sentSha256":"abc","at":"x"}',
      '{"at":"x"}',
      // A fingerprint with anything before or after its 64 hex digits, or without a time, is not one.
      `{"sentSha256":"x${hex}","at":"x"}`,
      `{"sentSha256":"${hex}x","at":"x"}`,
      `{"sentSha256":"${hex}"}`,
      `{"sentSha256":"${hex}","answeredSha256":"x${hex}","at":"x"}`,
      `{"sentSha256":"${hex}","answeredSha256":"${hex}x","at":"x"}`,
    ]) {
      writeFileSync(file, text);
      expect(await fileRenewalJournal(file).read(), text).toBeNull();
    }
    writeFileSync(file, `{"sentSha256":"${hex}","answeredSha256":"${hex}","at":"x"}`);
    expect(await fileRenewalJournal(file).read()).toEqual({
      sentSha256: hex,
      answeredSha256: hex,
      at: 'x',
    });
    rmSync(file);
    mkdirSync(file);
    await expect(fileRenewalJournal(file).read()).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('the in-memory journal', () => {
  it('keeps a record, an answer, and forgets on clear', async () => {
    const journal = memoryRenewalJournal();
    expect(await journal.read()).toBeNull();
    await journal.sending('r1');
    expect(sentWithoutStoring(await journal.read(), 'r1')).toBe(true);
    await journal.answered('r1', 'r2');
    expect(answeredWith(await journal.read(), 'r2')).toBe(true);
    await journal.clear();
    expect(await journal.read()).toBeNull();
  });
});
