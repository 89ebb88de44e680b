/** Options of one task run through the limiter. */
export interface RunOptions {
  signal?: AbortSignal | undefined;
  /**
   * The user is waiting for this one (the first or selected account): it jumps the queue, and while it runs
   * no ordinary task starts, so it does not share the connection, the server and our parser with the bulk.
   */
  priority?: boolean;
}

/**
 * Runs at most `limit` tasks at once; the rest wait in order, priority tasks first. While a priority task
 * runs, ordinary tasks are held back, but never for longer than `holdMs`, so a slow account cannot stall
 * everyone else. Waiting tasks leave the queue when aborted.
 */
export function createLimiter(limit: number, holdMs = 1_000) {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError('limit must be a positive integer');
  let active = 0;
  let priorityActive = 0;
  let holding = false;
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  const urgent: Array<() => void> = [];
  const ordinary: Array<() => void> = [];

  const endHold = () => {
    holding = false;
    clearTimeout(holdTimer);
    holdTimer = undefined;
    pump();
  };
  const startHold = () => {
    holding = true;
    clearTimeout(holdTimer);
    holdTimer = setTimeout(endHold, holdMs);
    // A hold must not keep a CLI process alive on its own.
    holdTimer.unref?.();
  };
  function pump() {
    while (active < limit) {
      const next = urgent.shift() ?? (holding ? undefined : ordinary.shift());
      if (!next) return;
      next();
    }
  }

  return async function run<T>(
    task: () => Promise<T>,
    signalOrOptions?: AbortSignal | RunOptions,
  ): Promise<T> {
    const { signal, priority = false }: RunOptions =
      signalOrOptions instanceof AbortSignal
        ? { signal: signalOrOptions }
        : (signalOrOptions ?? {});
    // Admission is synchronous (slot taken, hold started) so that pump() in another task's `finally` sees it.
    const admit = () => {
      active++;
      if (priority) {
        priorityActive++;
        startHold();
      }
    };
    const canStart =
      active < limit &&
      (priority ? urgent.length === 0 : !holding && ordinary.length === 0 && urgent.length === 0);
    if (canStart) admit();
    else {
      const queue = priority ? urgent : ordinary;
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          admit();
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = queue.indexOf(go);
          if (i >= 0) queue.splice(i, 1);
          reject(signal?.reason);
        };
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(go);
      });
    }
    try {
      return await task();
    } finally {
      active--;
      if (priority && --priorityActive === 0) {
        // Released on the next turn of the event loop: starting the bulk now would run its request set-up in
        // the microtasks ahead of the code waiting for this very result (tens of ms for 49 accounts).
        setImmediate(() => {
          if (priorityActive === 0) endHold();
        });
      } else pump();
    }
  };
}
