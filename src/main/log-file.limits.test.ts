// The log file on disk, without servers: capped and rotated, owner-only, and its limits at their edges (exactly at
// the cap, the default sizes, one file only, a file that another process rotated away, an unwritable path).
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogFileSink } from './log-file';
import { linesOf, useLogFiles } from './log-file.fixture';

const logFile = useLogFiles();
const mode = (file: string) => statSync(file).mode & 0o777;
const namesIn = (file: string) => readdirSync(path.dirname(file)).sort();

describe('log file', () => {
  it('rotates at the cap and keeps exactly the configured number of files, newest first', () => {
    const file = logFile();
    const sink = createLogFileSink({ file, maxBytes: 1000, files: 3 });
    // 100 lines of 100 bytes each (99 + newline): ten fill one file.
    for (let i = 0; i < 100; i++)
      sink(`{"n":"${String(i).padStart(3, '0')}","pad":"${'x'.repeat(79)}"}`);
    const names = readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const name of names)
      expect(statSync(path.join(path.dirname(file), name)).size, name).toBeLessThanOrEqual(1000);
    const n = (f: string) => linesOf(f).map((l) => Number((JSON.parse(l) as { n: string }).n));
    expect(n(file)).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
    expect(n(`${file}.1`)).toEqual([80, 81, 82, 83, 84, 85, 86, 87, 88, 89]);
    expect(n(`${file}.2`)).toEqual([70, 71, 72, 73, 74, 75, 76, 77, 78, 79]);
  });

  it('continues the size count of an existing file across a restart, and replaces an oversized entry by a note', () => {
    const file = logFile();
    createLogFileSink({ file, maxBytes: 1000 })('x'.repeat(899));
    const again = createLogFileSink({ file, maxBytes: 1000 });
    again('y'.repeat(199));
    expect(linesOf(file)).toEqual(['y'.repeat(199)]);
    expect(linesOf(`${file}.1`)).toEqual(['x'.repeat(899)]);
    createLogFileSink({ file, maxBytes: 100 * 1024 })('z'.repeat(64 * 1024));
    const last = linesOf(file).at(-1)!;
    expect(JSON.parse(last)).toMatchObject({
      message: 'log entry too large; dropped',
      bytes: 64 * 1024 + 1,
    });
  });

  it('creates files with mode 0600 and makes existing ones (rotated ones too) owner-only', () => {
    const file = logFile();
    const sink = createLogFileSink({ file, maxBytes: 200 });
    sink('first');
    expect(mode(file)).toBe(0o600);
    for (let i = 0; i < 10; i++) sink('x'.repeat(50));
    expect(mode(`${file}.1`)).toBe(0o600);
    chmodSync(file, 0o644);
    chmodSync(`${file}.1`, 0o664);
    writeFileSync(`${file}.2`, 'old\n', { mode: 0o644 });
    chmodSync(`${file}.2`, 0o644);
    createLogFileSink({ file, maxBytes: 200 });
    for (const f of [file, `${file}.1`, `${file}.2`]) expect(mode(f), f).toBe(0o600);
  });
});

describe('log file limits', () => {
  it('fills a file up to exactly the cap before rotating', () => {
    const file = logFile();
    const sink = createLogFileSink({ file, maxBytes: 100 });
    for (let i = 0; i < 10; i++) sink(`line-${i}-xx`); // 9 bytes + newline
    expect(statSync(file).size).toBe(100);
    expect(namesIn(file)).toEqual(['main.log']);
    sink('line-10-x');
    expect(linesOf(file)).toEqual(['line-10-x']);
    expect(linesOf(`${file}.1`)).toHaveLength(10);
  });

  it('keeps an entry of exactly 16 KiB with its newline, and replaces one byte more by a warning note', () => {
    const file = logFile();
    const sink = createLogFileSink({ file });
    sink('a'.repeat(16 * 1024 - 1));
    expect(linesOf(file)).toEqual(['a'.repeat(16 * 1024 - 1)]);
    sink('b'.repeat(16 * 1024));
    const note = JSON.parse(linesOf(file)[1]!) as Record<string, unknown>;
    expect(note).toStrictEqual({
      time: expect.any(String),
      level: 'warn',
      message: 'log entry too large; dropped',
      bytes: 16 * 1024 + 1,
    });
    expect(Number.isNaN(Date.parse(note.time as string))).toBe(false);
  });

  it('by default rotates at 1 MiB and keeps three files', () => {
    const file = logFile();
    const sink = createLogFileSink({ file });
    const line = 'x'.repeat(16 * 1024 - 1); // 16 KiB with the newline: 64 fill 1 MiB
    for (let i = 0; i < 64; i++) sink(line);
    expect(namesIn(file)).toEqual(['main.log']);
    expect(statSync(file).size).toBe(1024 * 1024);
    for (let i = 0; i < 64 * 3 + 1; i++) sink(line);
    expect(namesIn(file)).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    expect(linesOf(file)).toHaveLength(1);
  });

  it('with one file, or a nonsensical zero, starts over in the same file', () => {
    for (const files of [1, 0]) {
      const file = logFile();
      const sink = createLogFileSink({ file, maxBytes: 20, files });
      sink('first-line'); // 11 bytes
      sink('second-line'); // 12: over the cap
      expect(namesIn(file), String(files)).toEqual(['main.log']);
      expect(linesOf(file), String(files)).toEqual(['second-line']);
    }
  });

  it('does not rotate again a file that another process already rotated away', () => {
    const file = logFile();
    const sink = createLogFileSink({ file, maxBytes: 20, files: 3 });
    sink('one-one-one'); // 12 bytes
    sink('two-two-two'); // rotated: main.log.1 = one
    expect(linesOf(`${file}.1`)).toEqual(['one-one-one']);
    // Another process rotated (its main.log became its .1); ours still counts 12 bytes in main.log.
    unlinkSync(file);
    sink('three-three');
    expect(namesIn(file)).toEqual(['main.log', 'main.log.1']);
    expect(linesOf(file)).toEqual(['three-three']);
    expect(linesOf(`${file}.1`)).toEqual(['one-one-one']);
  });

  it('refuses to start on a log file it cannot make owner-only, and leaves files beyond its count alone', () => {
    const file = logFile();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.3`, 'not ours\n', { mode: 0o644 });
    chmodSync(`${file}.3`, 0o644);
    createLogFileSink({ file, files: 3 });
    expect(statSync(`${file}.3`).mode & 0o777).toBe(0o644);
    // A symlink loop cannot be chmodded (ELOOP): better no log file than a readable one.
    symlinkSync(`${file}.1`, `${file}.1`);
    expect(() => createLogFileSink({ file, files: 3 })).toThrow(
      expect.objectContaining({ code: 'ELOOP' }),
    );
  });

  it('drops the line rather than overwrite an older file when a rotation cannot complete', () => {
    const file = logFile();
    const sink = createLogFileSink({ file, maxBytes: 20, files: 3 });
    sink('one-one-one');
    sink('two-two-two'); // main.log.1 = one
    // main.log.2 cannot be replaced: a folder with something in it.
    mkdirSync(`${file}.2/x`, { recursive: true });
    sink('three-three');
    expect(linesOf(`${file}.1`)).toEqual(['one-one-one']);
    expect(linesOf(file)).toEqual(['two-two-two']);
  });

  it('creates the folder owner-only', () => {
    const file = logFile();
    createLogFileSink({ file });
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('never throws when the file cannot be written: the line is lost, nothing else', () => {
    const file = logFile();
    mkdirSync(file, { recursive: true }); // a folder where the file should be
    const sink = createLogFileSink({ file, maxBytes: 10 });
    expect(() => sink('lost')).not.toThrow();
    expect(() => sink('lost again, and over the cap')).not.toThrow();
  });
});
