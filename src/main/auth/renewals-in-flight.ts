// Renewals whose answer is not stored yet, for this whole process: a Ctrl+C, a SIGTERM or quitting the app waits
// for them, because an answer that arrives after the process is gone carries the only valid refresh token. The
// set is process-wide on purpose: signals and exit are process-wide too.

const unsettled = new Set<Promise<unknown>>();

/** Keeps `work` (a refresh that was sent, until its answer is stored) in the set while it runs. */
export function holdExitFor<T>(work: Promise<T>): Promise<T> {
  // Settles either way, and never as an unhandled rejection: the caller handles `work` itself.
  const tracked: Promise<unknown> = work
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => unsettled.delete(tracked));
  unsettled.add(tracked);
  return work;
}

/** How many renewals are in flight right now. */
export function renewalsInFlight(): number {
  return unsettled.size;
}

/**
 * Resolves true once no renewal is in flight (including ones that start meanwhile), or false when `timeoutMs`
 * passes first. Never rejects: a failed renewal has settled too.
 */
export async function renewalsSettled(timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (unsettled.size > 0) {
    const left = until - Date.now();
    if (left <= 0) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(resolve, left, 'timeout')),
    );
    const settled = Promise.all([...unsettled]);
    const first = await Promise.race([settled, timeout]);
    clearTimeout(timer);
    if (first === 'timeout') return false;
  }
  return true;
}
