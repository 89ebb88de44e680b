// The inter-process session lock.
//
// What it protects: the keychain entry (one per OS user and keychain service) while a process reads it, redeems
// its refresh token and writes the rotated one back, or stores or removes a sign-in. With a rotating refresh
// token and reuse detection, two redemptions of one token revoke the whole grant, so the lock must never have two
// holders, and a holder that dies must not keep it.
//
// Why a kernel file lock (fs-native-extensions: an advisory lock per open file description, OFD fcntl on Linux,
// flock on macOS, LockFileEx on Windows):
// - The kernel releases it the moment the holder's file descriptor closes, which includes any crash or SIGKILL.
//   There is no stale state and so no takeover: a holder that is suspended (SIGSTOP, a sleeping laptop, a long GC
//   pause) keeps the lock, and the others wait for it instead of redeeming the same token beside it. The
//   directory lock it replaces (proper-lockfile) treated 15 s without a touch as abandoned and took it over with
//   stat-then-remove-then-mkdir, which gave two holders at once under contention.
// - Exclusion holds between two descriptors of one process too (OFD locks, unlike classic POSIX record locks),
//   so two cores in one process are as safe as two processes.
// - The package ships prebuilt N-API binaries for Linux, macOS and Windows (no compiler at install, the same ABI
//   in Node and Electron) and is maintained by Holepunch, whose storage stack locks its files with it.
// - The lock file is never deleted: deleting a lock file while another process has it open is the classic way
//   to get two holders on two inodes.
//
// Weighed against:
// - A local socket or named pipe bound by the holder. The kernel frees it on death too, and it needs no native
//   module. But a Unix socket lives at a path that outlives its process on macOS and Linux (Linux's abstract
//   namespace avoids that, and exists nowhere else), so taking over a dead holder's socket means
//   connect-fails-then-unlink-then-bind: the same check-then-act race as the old stale-lock takeover. Windows'
//   named pipes (FILE_FLAG_FIRST_PIPE_INSTANCE) would be clean, but then each platform has its own mechanism.
// - A broker, as oidc-agent or the 1Password CLI with its desktop app do: one process keeps the refresh token and
//   serves short-lived access tokens to the others over a local socket. That removes the need for a lock, but it
//   adds a daemon whose lifetime must be managed (started by whom, kept by the app or not, found by a CLI
//   started alone), authentication of its clients (peer credentials, pipe ACLs), a protocol to version, and a
//   single process whose crash mid-refresh loses the token in exactly the same way. The keychain is already the
//   one shared store; a lock around it gives single redemption with a fraction of the machinery.
//
// Where it lives: beside the keychain entry it protects, keyed by keychain service (session-files.ts), in a
// per-user folder, never in a profile folder: two profile folders share one keychain entry, so they share the lock.
import { constants } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppFailure } from '../errors';
import type { Logger } from '../log';
import { REQUEST_CANCELLED, SESSION_BUSY } from '../messages';

/** How long to wait for the lock before giving up, unless said otherwise. */
interface LockWait {
  /** Stop waiting when this aborts (nothing has been done yet, so nothing is lost). */
  signal?: AbortSignal;
  /** Give up after this long with SESSION_BUSY (default: the lock's own bound). */
  waitMs?: number;
}

/**
 * Serialises the jobs that read-modify-write the shared keychain entry (refresh, storing a sign-in, sign-out),
 * across every process of this user: the app and any number of `tapkey-locks` commands.
 */
export interface SessionLock {
  /** Runs `fn` holding the lock; waits for it within the bound, else throws AppFailure 'timeout' (SESSION_BUSY). */
  withLock<T>(fn: () => Promise<T>, wait?: LockWait): Promise<T>;
  /** Runs `fn` holding the lock if nobody holds it right now; otherwise resolves 'busy' at once. */
  ifFree<T>(fn: () => Promise<T>): Promise<T | 'busy'>;
}

/** Tuning for the lock file. */
export interface FileLockOptions {
  /**
   * How long a job waits for another holder (default 90 s): a holder may legitimately take the token request's
   * 60 s deadline plus keychain writes, and waiting for it is always cheaper than redeeming its token again.
   */
  waitMs?: number;
}

/** A mutex for one process, with waiters that can give up. */
class ProcessMutex {
  private held = false;
  private readonly waiters: Array<() => void> = [];

  tryAcquire(): (() => void) | null {
    if (this.held) return null;
    this.held = true;
    return this.releaser();
  }

  acquire(wait: { signal?: AbortSignal; until: number }): Promise<() => void> {
    if (wait.signal?.aborted) return Promise.reject(new AppFailure('cancelled', REQUEST_CANCELLED));
    const now = this.tryAcquire();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => giveUp(busy()), Math.max(0, wait.until - Date.now()));
      const onAbort = () => giveUp(new AppFailure('cancelled', REQUEST_CANCELLED));
      const turn = () => {
        clearTimeout(timer);
        wait.signal?.removeEventListener('abort', onAbort);
        resolve(this.releaser());
      };
      const giveUp = (e: AppFailure) => {
        const i = this.waiters.indexOf(turn);
        // Stryker disable next-line ConditionalExpression: a waiter gives up only while queued (its turn clears both triggers)
        if (i >= 0) this.waiters.splice(i, 1);
        clearTimeout(timer);
        wait.signal?.removeEventListener('abort', onAbort);
        reject(e);
      };
      wait.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(turn);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The lock passes straight to the next waiter, so no newcomer can slip in between.
      if (next) next();
      else this.held = false;
    };
  }
}

const busy = () => new AppFailure('timeout', SESSION_BUSY);

/** A lock for one process only: for cores without a session folder (tests, a shell-only build). */
export function processLock(): SessionLock {
  const mutex = new ProcessMutex();
  return {
    async withLock(fn, wait = {}) {
      const release = await mutex.acquire({
        ...(wait.signal ? { signal: wait.signal } : {}),
        until: Date.now() + (wait.waitMs ?? 90_000),
      });
      try {
        return await fn();
      } finally {
        release();
      }
    },
    async ifFree(fn) {
      const release = mutex.tryAcquire();
      if (!release) return 'busy';
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}

interface NativeLocks {
  tryLock(fd: number): boolean;
  unlock(fd: number): void;
}

let native: Promise<NativeLocks> | null = null;
/** Loaded on first use: a command with a valid stored access token never locks, so it never pays for it. */
function loadNative(): Promise<NativeLocks> {
  native ??= import('fs-native-extensions').then((m) => (m.default ?? m) as NativeLocks);
  return native;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The inter-process lock on `file` (see the top of this module for why a kernel file lock). Jobs of this process
 * queue in memory first, so only one descriptor per process ever asks the kernel; waiting for another process
 * polls the lock every 5–200 ms (there is no cancellable blocking wait), within the wait bound.
 */
export function fileSessionLock(
  file: string,
  log: Logger,
  options: FileLockOptions = {},
): SessionLock {
  const mutex = new ProcessMutex();
  const defaultWaitMs = options.waitMs ?? 90_000;

  /** Opens the lock file; null when it cannot be had at all (then the job runs without it, and says so). */
  const openLockFile = async (): Promise<{ handle: FileHandle; locks: NativeLocks } | null> => {
    try {
      const locks = await loadNative();
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      // Read-write: an exclusive lock needs a writable descriptor. The file stays empty and is never deleted.
      const handle = await open(file, constants.O_RDWR | constants.O_CREAT, 0o600);
      return { handle, locks };
    } catch (e) {
      // A folder we cannot write (read-only home, odd permissions) must not stop the app, but nothing then keeps
      // two processes from redeeming one refresh token: say so loudly.
      // `errorCode`, not `code`: the logger redacts every field named code (it could be an authorization code).
      log.error('could not open the session lock; continuing without it', {
        errorCode: (e as NodeJS.ErrnoException).code,
        error: e,
        file,
      });
      return null;
    }
  };

  const run = async <T>(
    opened: { handle: FileHandle; locks: NativeLocks } | null,
    fn: () => Promise<T>,
  ): Promise<T> => {
    try {
      return await fn();
    } finally {
      if (opened) {
        try {
          opened.locks.unlock(opened.handle.fd);
        } catch (e) {
          log.warn('could not unlock the session lock; closing it releases it', { error: e });
        }
        await opened.handle.close();
      }
    }
  };

  return {
    async withLock(fn, wait = {}) {
      const until = Date.now() + (wait.waitMs ?? defaultWaitMs);
      const release = await mutex.acquire({
        ...(wait.signal ? { signal: wait.signal } : {}),
        until,
      });
      try {
        const opened = await openLockFile();
        if (opened) {
          try {
            for (let delay = 5; !opened.locks.tryLock(opened.handle.fd); delay *= 2) {
              const cancelled = wait.signal?.aborted;
              if (cancelled || Date.now() >= until)
                throw cancelled ? new AppFailure('cancelled', REQUEST_CANCELLED) : busy();
              // Jitter, so waiting processes do not poll in step.
              await sleep(Math.min(200, delay) * (0.5 + Math.random()));
            }
          } catch (e) {
            await opened.handle.close();
            throw e;
          }
        }
        return await run(opened, fn);
      } finally {
        release();
      }
    },
    async ifFree(fn) {
      const release = mutex.tryAcquire();
      if (!release) return 'busy';
      try {
        const opened = await openLockFile();
        if (opened) {
          let free: boolean;
          try {
            free = opened.locks.tryLock(opened.handle.fd);
          } catch (e) {
            await opened.handle.close();
            throw e;
          }
          if (!free) {
            await opened.handle.close();
            return 'busy';
          }
        }
        return await run(opened, fn);
      } finally {
        release();
      }
    },
  };
}
