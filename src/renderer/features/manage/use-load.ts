import { useCallback, useEffect, useState } from 'react';
import type { AppError, Result } from '../../../shared/result';

/** Something read from main: loading, its value, or why it could not be read (with a retry). */
export type Loaded<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; value: T }
  | { status: 'error'; error: AppError };

/**
 * What a read from main came to: its value, or why not. A call that never answered (the bridge failed) is an
 * internal error, in `unreachable`'s words. Never rejects.
 */
export function settled<T>(
  read: Promise<Result<T>>,
  unreachable: (message: string) => string = (m) => m,
): Promise<Loaded<T>> {
  return read.then(
    (r) => (r.ok ? { status: 'loaded', value: r.value } : { status: 'error', error: r.error }),
    (e: unknown) => ({
      status: 'error',
      error: {
        code: 'internal',
        message: unreachable(e instanceof Error ? e.message : String(e)),
      },
    }),
  );
}

/**
 * Reads `load()` whenever `key` changes (null: nothing to read yet). An answer for an older key or attempt is
 * dropped, so a slow answer never shows under a newer question.
 */
export function useLoad<T>(
  key: string | null,
  load: () => Promise<Result<T>>,
): Loaded<T> & { retry(): void } {
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<{ key: string; state: Loaded<T> } | null>(null);
  const current = key === null ? null : `${key}#${attempt}`;
  useEffect(() => {
    if (current === null) return;
    let live = true;
    void settled(load()).then((state) => {
      if (live) setAnswer({ key: current, state });
    });
    return () => {
      live = false;
    };
    // `load` is read for the current key only: a new function for the same key asks nothing new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const state: Loaded<T> =
    current === null
      ? { status: 'idle' }
      : answer?.key === current
        ? answer.state
        : { status: 'loading' };
  return { ...state, retry };
}
