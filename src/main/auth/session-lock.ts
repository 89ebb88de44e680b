import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppFailure } from '../errors';
import type { Logger } from '../log';
import { SESSION_BUSY } from '../messages';

/**
 * Serialises the jobs that read-modify-write the shared keychain entry (refresh, storing a sign-in, sign-out),
 * across every process of this user: the app and any number of `tapkey-locks` commands.
 */
export interface SessionLock {
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

/** Tuning for the lock file. */
export interface FileLockOptions {
  /** A lock whose holder stopped updating it for this long is taken over (default 15 s; the holder touches it every 5 s). */
  staleMs?: number;
  /** How long to wait for the lock before giving up with a retryable failure (about 30 s by default). */
  retries?: number;
}

/** One promise chain per process, so jobs of the same process queue here instead of polling the lock file. */
function inProcessQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };
}

/** A lock for one process only: for cores without a profile folder (tests, a shell-only build). */
export function processLock(): SessionLock {
  const queue = inProcessQueue();
  return { withLock: (fn) => queue(fn) };
}

/**
 * The inter-process lock: `session.lock` in the profile folder, through proper-lockfile. Chosen over a hand-written
 * O_EXCL file because stale-lock recovery is the hard part: proper-lockfile takes the lock with an atomic mkdir,
 * keeps touching its mtime while held, treats a lock nobody touched for `staleMs` as abandoned (a crashed or
 * killed process), detects a lock taken over under it, and releases on process exit. A PID file cannot do the
 * first reliably (PIDs are reused; another user's or container's PIDs are invisible).
 */
export function fileSessionLock(
  dir: string,
  log: Logger,
  options: FileLockOptions = {},
): SessionLock {
  const queue = inProcessQueue();
  const lockfilePath = path.join(dir, 'session.lock');
  const staleMs = options.staleMs ?? 15_000;
  const take = async (): Promise<(() => Promise<void>) | null> => {
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Loaded on first use: a command with a valid stored access token never locks, so it never pays for it.
      const { default: lockfile } = await import('proper-lockfile');
      // Stryker disable next-line StringLiteral: with lockfilePath given and realpath off, this path only names the lock in proper-lockfile's per-process table; the lock itself is lockfilePath
      return await lockfile.lock(path.join(dir, 'session'), {
        lockfilePath,
        realpath: false,
        stale: staleMs,
        // Stryker disable next-line ArithmeticOperator: proper-lockfile clamps update to [1 s, stale / 2]; staleMs * 3 becomes stale / 2, which still touches the lock well before it goes stale
        update: Math.floor(staleMs / 3),
        // Stryker disable next-line BooleanLiteral: randomize only spreads the waiting processes' retry times apart; it decides nothing about who holds the lock
        retries: {
          retries: options.retries ?? 400,
          factor: 1.2,
          minTimeout: 5,
          maxTimeout: 100,
          randomize: true,
        },
        onCompromised: (e) => log.warn('session lock was taken over while held', { error: e }),
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOCKED') throw new AppFailure('timeout', SESSION_BUSY, {}, { cause: e });
      // A profile folder we cannot write (read-only home, odd permissions) must not stop the app: run unlocked.
      // `errorCode`, not `code`: the logger redacts every field named code (it could be an authorization code).
      log.warn('could not take the session lock; continuing without it', { errorCode: code, dir });
      return null;
    }
  };
  return {
    withLock: (fn) =>
      queue(async () => {
        const release = await take();
        try {
          return await fn();
        } finally {
          await release?.().catch((e: unknown) =>
            log.warn('could not release the session lock', { error: e }),
          );
        }
      }),
  };
}
