// The inter-process session lock on a real file system: exclusion between holders, and takeover of a lock that
// a crashed process left behind.
import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { fileSessionLock } from './session-lock';

const dirs: string[] = [];
const profile = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'tapkey-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const log = createLogger(() => {});

describe('the session lock file', () => {
  it('lets one holder in at a time, across independent lock instances (as separate processes are)', async () => {
    const dir = profile();
    const a = fileSessionLock(dir, log);
    const b = fileSessionLock(dir, log);
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const aIn = new Promise<void>((resolve) => (entered = resolve));
    const first = a.withLock(async () => {
      events.push('a in');
      entered();
      await held;
      events.push('a out');
    });
    await aIn;
    const second = b.withLock(async () => {
      events.push('b in');
    });
    // B keeps polling the lock while A holds it; give it many chances to get in wrongly.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual(['a in']);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(['a in', 'a out', 'b in']);
  });

  it('takes over a lock left by a process that died holding it', async () => {
    const dir = profile();
    const stale = path.join(dir, 'session.lock');
    mkdirSync(stale);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(stale, anHourAgo, anHourAgo);
    await expect(fileSessionLock(dir, log).withLock(async () => 'ran')).resolves.toBe('ran');
  });

  it('gives up with a retryable failure when another holder keeps a live lock', async () => {
    const dir = profile();
    const holder = fileSessionLock(dir, log);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holding = holder.withLock(async () => {
      entered();
      await held;
    });
    await inside;
    const waiter = fileSessionLock(dir, log, { retries: 3 });
    await expect(waiter.withLock(async () => 'never')).rejects.toMatchObject({ code: 'timeout' });
    release();
    await holding;
  });
});
