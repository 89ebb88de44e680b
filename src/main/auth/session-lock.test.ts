// The inter-process session lock on a real file system: exclusion between holders, and takeover of a lock that
// a crashed process left behind.
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { SESSION_BUSY } from '../messages';
import { fileSessionLock, processLock } from './session-lock';

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

  it('does not take over a lock a live holder touched a few seconds ago (stale means 15 s untouched)', async () => {
    const dir = profile();
    const held = path.join(dir, 'session.lock');
    mkdirSync(held);
    const fiveSecondsAgo = new Date(Date.now() - 5_000);
    utimesSync(held, fiveSecondsAgo, fiveSecondsAgo);
    await expect(
      fileSessionLock(dir, log, { retries: 2 }).withLock(async () => 'ran'),
    ).rejects.toMatchObject({ code: 'timeout' });
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
    let ran = false;
    await expect(
      waiter.withLock(async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({
      code: 'timeout',
      message: SESSION_BUSY,
      cause: expect.objectContaining({ code: 'ELOCKED' }),
    });
    expect(ran).toBe(false);
    release();
    await holding;
  });
});

/** Lines a logger wrote, for the lock's warnings. */
function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger((l) => lines.push(l)) };
}
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
};

describe('the session lock around a job', () => {
  it('creates a missing profile folder owner-only and removes the lock when the job ends, failed or not', async () => {
    const dir = path.join(profile(), 'nested', 'profile');
    const lock = fileSessionLock(dir, log);
    let heldDuring = false;
    await expect(
      lock.withLock(async () => {
        heldDuring = statSync(path.join(dir, 'session.lock')).isDirectory();
        return 7;
      }),
    ).resolves.toBe(7);
    expect(heldDuring).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(() => statSync(path.join(dir, 'session.lock'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
    const boom = new Error('job failed');
    await expect(lock.withLock(() => Promise.reject(boom))).rejects.toBe(boom);
    expect(() => statSync(path.join(dir, 'session.lock'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });

  it('runs the job without the lock, with a warning, when the profile folder cannot be written', async () => {
    const file = path.join(profile(), 'not-a-folder');
    writeFileSync(file, '');
    const { lines, log: l } = capture();
    await expect(fileSessionLock(file, l).withLock(async () => 'ran')).resolves.toBe('ran');
    expect(lines.join('\n')).toContain('could not take the session lock; continuing without it');
    expect(lines.join('\n')).toMatch(/"errorCode":"(EEXIST|ENOTDIR)"/);
  });

  it('warns, without crashing, when its lock is taken away while held, and when it then cannot release it', async () => {
    const dir = profile();
    const { lines, log: l } = capture();
    await fileSessionLock(dir, l, { staleMs: 2_000 }).withLock(async () => {
      rmSync(path.join(dir, 'session.lock'), { recursive: true });
      await until(() => lines.some((x) => x.includes('session lock was taken over while held')));
    });
    expect(lines.join('\n')).toContain('session lock was taken over while held');
    expect(lines.join('\n')).toContain('could not release the session lock');
  });

  it('jobs of one process run one after another, and a failed job does not block the next', async () => {
    for (const lock of [processLock(), fileSessionLock(profile(), log)]) {
      const events: string[] = [];
      const job = (name: string, fail = false) =>
        lock.withLock(async () => {
          events.push(`${name} in`);
          await new Promise((resolve) => setTimeout(resolve, 20));
          events.push(`${name} out`);
          if (fail) throw new Error(name);
          return name;
        });
      const results = await Promise.allSettled([job('a', true), job('b'), job('c')]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
      expect(events).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
    }
  });
});
