import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(path.join(tmpdir(), 'tapkey-atomic-')));

describe('writeFileAtomic', () => {
  it('writes text, bytes or a stream whole, readable by the owner only, leaving nothing else behind', async () => {
    fresh();
    const file = path.join(dir, 'out');
    await writeFileAtomic(file, 'text');
    expect(readFileSync(file, 'utf8')).toBe('text');
    await writeFileAtomic(file, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    await writeFileAtomic(
      file,
      (async function* () {
        yield 'a,';
        yield new TextEncoder().encode('b');
      })(),
    );
    expect(readFileSync(file, 'utf8')).toBe('a,b');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('replaces a file of another mode with an owner-only one', async () => {
    fresh();
    const file = path.join(dir, 'out');
    writeFileSync(file, 'old', { mode: 0o644 });
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps the existing file untouched and removes its temp file when the content fails midway', async () => {
    fresh();
    const file = path.join(dir, 'out');
    writeFileSync(file, 'previous export');
    const boom = new Error('the stream broke');
    await expect(
      writeFileAtomic(
        file,
        (async function* () {
          yield 'half';
          throw boom;
        })(),
      ),
    ).rejects.toBe(boom);
    expect(readFileSync(file, 'utf8')).toBe('previous export');
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('two writes of the same file at once never share a temp file: the file ends as one of them, whole', async () => {
    fresh();
    const file = path.join(dir, 'out');
    const big = (c: string) => c.repeat(1 << 20);
    await Promise.all([writeFileAtomic(file, big('a')), writeFileAtomic(file, big('b'))]);
    expect([big('a'), big('b')]).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(dir)).toEqual(['out']);
  });
});
