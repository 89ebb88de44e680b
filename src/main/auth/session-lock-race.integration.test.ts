// Four processes racing for a lock its last holder left behind when it was killed, 50 times: never two holders
// at once. The holder is killed with SIGKILL while holding the lock (what a crash or `kill -9` leaves); the four
// contenders are long-lived processes running the real lock module, released together on each trial.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'tapkey-lock-race-'));
const lockFile = path.join(dir, 'session.lock');
const markerFile = path.join(dir, 'inside');
const nativeModule = createRequire(import.meta.url).resolve('fs-native-extensions');
const contenders: ChildProcess[] = [];

type Report = { trial: number; overlap?: boolean; error?: string };
const reports: Report[] = [];

beforeAll(async () => {
  for (let i = 0; i < 4; i++) {
    const child = fork(path.join(root, 'test/support/lock-contender.ts'), [lockFile, markerFile], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    contenders.push(child);
    child.on('message', (m: Report & { ready?: boolean }) => {
      if (!m.ready) reports.push(m);
    });
    await once(child, 'message');
  }
}, 60_000);
afterAll(() => {
  for (const c of contenders) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A process that takes the lock with the same kernel call, says so, and is then killed holding it. */
async function leaveAStaleLock(): Promise<void> {
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('node:fs');
       const { tryLock } = require(${JSON.stringify(nativeModule)});
       const fd = fs.openSync(${JSON.stringify(lockFile)}, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
       if (!tryLock(fd)) process.exit(3);
       console.log('locked');
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(holder.stdout!, 'data')) as [Buffer];
  expect(line.toString().trim()).toBe('locked');
  holder.kill('SIGKILL');
  await once(holder, 'exit');
}

describe('the session lock under contention', () => {
  it('4 processes racing for a lock left by a killed holder, 50 trials: never two holders, and each gets its turn', async () => {
    for (let trial = 0; trial < 50; trial++) {
      await leaveAStaleLock();
      const before = reports.length;
      for (const c of contenders) c.send({ trial });
      await expect.poll(() => reports.length - before, { interval: 5, timeout: 30_000 }).toBe(4);
    }
    expect(reports.filter((r) => r.error)).toEqual([]);
    expect(reports.filter((r) => r.overlap)).toEqual([]);
    expect(reports).toHaveLength(200);
  }, 180_000);
});
