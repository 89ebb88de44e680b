// The inter-process session lock on a real file system with the real kernel lock: exclusion between holders (two
// lock instances, another process), release by the kernel when a holder dies, no takeover of a live holder
// however long it holds, the bounded and cancellable wait, and what is left on disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../log';
import { REQUEST_CANCELLED, SESSION_BUSY } from '../messages';
import { fileSessionLock, processLock, type SessionLock } from './session-lock';
import { useTempDirs } from '../../../test/support/temp-dirs';

const scratch = useTempDirs('tapkey-lock-');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
const log = silentLogger;
const nativeModule = createRequire(import.meta.url).resolve('fs-native-extensions');

/** Another process that takes the lock on `file` with the same kernel call and holds it until killed. */
async function holderProcess(file: string): Promise<ChildProcess> {
  const script = `
    const fs = require('node:fs');
    const { tryLock } = require(${JSON.stringify(nativeModule)});
    const fd = fs.openSync(${JSON.stringify(file)}, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
    if (!tryLock(fd)) { console.log('busy'); process.exit(3); }
    console.log('locked');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  expect(line.toString().trim()).toBe('locked');
  return child;
}

/** Holds `lock` until the returned release is called; resolves once inside. */
async function hold(lock: SessionLock): Promise<{ release: () => void; done: Promise<void> }> {
  let release!: () => void;
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const done = lock.withLock(async () => {
    entered();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await inside;
  return { release, done };
}

describe('the session lock file', () => {
  it('lets one holder in at a time, across independent lock instances (two descriptors, as two cores would)', async () => {
    const file = path.join(scratch(), 'session.lock');
    const a = fileSessionLock(file, log);
    const b = fileSessionLock(file, log);
    const events: string[] = [];
    const first = await hold(a);
    events.push('a in');
    const second = b.withLock(async () => {
      events.push('b in');
    });
    // B keeps polling the lock while A holds it; give it many chances to get in wrongly.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual(['a in']);
    expect(await b.ifFree(async () => 'ran')).toBe('busy');
    events.push('a out');
    first.release();
    await Promise.all([first.done, second]);
    expect(events).toEqual(['a in', 'a out', 'b in']);
  });

  it('keeps out everyone while another process holds it, and is free the moment that process is killed', async () => {
    const file = path.join(scratch(), 'session.lock');
    const holder = await holderProcess(file);
    const lock = fileSessionLock(file, log, { waitMs: 500 });
    let ran = false;
    await expect(
      lock.withLock(async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ code: 'timeout', message: SESSION_BUSY });
    expect(await lock.ifFree(async () => 'ran')).toBe('busy');
    expect(ran).toBe(false);
    // The kernel releases the lock with the dead process's descriptors: no stale lock to wait out or take over.
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    expect(await lock.ifFree(async () => 'ran')).toBe('ran');
    await expect(lock.withLock(async () => 'ran')).resolves.toBe('ran');
  });

  it('never takes over a live holder, however old the lock file looks (no time-based takeover)', async () => {
    const file = path.join(scratch(), 'session.lock');
    await holderProcess(file);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(file, anHourAgo, anHourAgo);
    await expect(
      fileSessionLock(file, log, { waitMs: 1_500 }).withLock(async () => 'ran'),
    ).rejects.toMatchObject({ code: 'timeout' });
  });

  it('stops waiting, without running the job, when the caller cancels', async () => {
    const file = path.join(scratch(), 'session.lock');
    await holderProcess(file);
    const controller = new AbortController();
    let ran = false;
    const waiting = fileSessionLock(file, log).withLock(
      async () => {
        ran = true;
      },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 100);
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled', message: REQUEST_CANCELLED });
    expect(ran).toBe(false);
  });

  it('creates a missing folder owner-only and an owner-only file that it never deletes, failed job or not', async () => {
    const dir = path.join(scratch(), 'nested', 'session');
    const file = path.join(dir, 'session.lock');
    const lock = fileSessionLock(file, log);
    await expect(lock.withLock(async () => 7)).resolves.toBe(7);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const boom = new Error('job failed');
    await expect(lock.withLock(() => Promise.reject(boom))).rejects.toBe(boom);
    // Deleting a lock file someone may have open is how two holders on two inodes happen.
    expect(existsSync(file)).toBe(true);
    // And it was released each time.
    expect(await fileSessionLock(file, log).ifFree(async () => 'free')).toBe('free');
  });

  it('runs the job without the lock, with an error in the log, when the folder cannot be written', async () => {
    const notAFolder = path.join(scratch(), 'not-a-folder');
    writeFileSync(notAFolder, '');
    const lines: string[] = [];
    const l = createLogger((line) => lines.push(line));
    const lock = fileSessionLock(path.join(notAFolder, 'session.lock'), l);
    await expect(lock.withLock(async () => 'ran')).resolves.toBe('ran');
    await expect(lock.ifFree(async () => 'ran')).resolves.toBe('ran');
    expect(lines.join('\n')).toContain('could not open the session lock; continuing without it');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      errorCode: expect.stringMatching(/^(EEXIST|ENOTDIR)$/),
    });
  });
});

describe('jobs of one process', () => {
  it('run one after another in order, and a failed job does not block the next', async () => {
    for (const lock of [processLock(), fileSessionLock(path.join(scratch(), 'l'), log)]) {
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

  it('a waiter that gives up (time, or its caller) leaves the queue, and the next one still gets its turn', async () => {
    for (const lock of [processLock(), fileSessionLock(path.join(scratch(), 'l'), log)]) {
      const holder = await hold(lock);
      const outcome = (p: Promise<unknown>) => p.catch((e: unknown) => e);
      const impatient = outcome(lock.withLock(async () => 'impatient', { waitMs: 50 }));
      const controller = new AbortController();
      const cancelled = outcome(
        lock.withLock(async () => 'cancelled', { signal: controller.signal }),
      );
      const patient = lock.withLock(async () => 'patient');
      controller.abort();
      expect(await impatient).toMatchObject({ code: 'timeout', message: SESSION_BUSY });
      expect(await cancelled).toMatchObject({ code: 'cancelled' });
      expect(await lock.ifFree(async () => 'ran')).toBe('busy');
      holder.release();
      await holder.done;
      await expect(patient).resolves.toBe('patient');
      // An already cancelled caller never queues.
      const gone = new AbortController();
      gone.abort();
      await expect(lock.withLock(async () => 'x', { signal: gone.signal })).rejects.toMatchObject({
        code: 'cancelled',
      });
      expect(await lock.ifFree(async () => 'free')).toBe('free');
    }
  });
});
