// Work the lock table does ahead of time (search text, sort orders), in short slices that never hold up input.

interface PostTaskScheduler {
  postTask(
    task: () => void,
    options: { priority: 'background'; signal: AbortSignal },
  ): Promise<void>;
}
const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;

/**
 * Calls `slice` until it returns false: first when the page is idle, then in background-priority tasks, which
 * the browser runs whenever no input, rendering or other task is waiting. Idle callbacks alone are not enough:
 * an idle page grants one per 50 ms idle period, so 5 ms slices got a tenth of an idle machine and warming up
 * 100,000 locks took seconds. Returns a function that stops it.
 */
export function inBackground(slice: () => boolean): () => void {
  const stop = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  stop.signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      if (idle !== undefined) cancelIdleCallback(idle);
    },
    { once: true },
  );
  const run = () => {
    if (!stop.signal.aborted && slice()) next();
  };
  const next = () => {
    if (typeof scheduler?.postTask === 'function')
      scheduler.postTask(run, { priority: 'background', signal: stop.signal }).catch(() => {
        // Aborted by stop(): nothing left to do.
      });
    // Without postTask (older engines, tests): a macrotask after whatever is queued.
    else timer = setTimeout(run, 0);
  };
  if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run);
  else next();
  return () => stop.abort();
}
