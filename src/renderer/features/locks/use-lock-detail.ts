import { useEffect, useState } from 'react';
import type { BoundLock } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';
import { settled } from '../manage/use-load';

export type LockDetailState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; lock: BoundLock }
  | { status: 'error'; error: AppError };

/** How long the selection must rest before the detail is fetched, so holding an arrow key asks main once. */
const DETAIL_DEBOUNCE_MS = 120;

/**
 * The selected lock as main returns it (`getBoundLock`, with every raw field), fetched when the selection
 * rests: a newer selection cancels the pending fetch and drops any answer for an older one (latest wins).
 * `attempt` re-fetches the same lock (Retry).
 */
export function useLockDetail(
  target: { ownerAccountId: string; lockId: string } | null,
  attempt = 0,
): LockDetailState {
  const api = useTapkeyApi();
  const [state, setState] = useState<{ key: string; value: LockDetailState }>({
    key: '',
    value: { status: 'idle' },
  });
  const ownerAccountId = target?.ownerAccountId ?? null;
  const lockId = target?.lockId ?? null;
  const key = ownerAccountId && lockId ? `${ownerAccountId}/${lockId}/${attempt}` : '';

  useEffect(() => {
    if (!ownerAccountId || !lockId) return;
    let live = true;
    const timer = window.setTimeout(() => {
      void settled(
        api.getBoundLock(ownerAccountId, lockId),
        (m) => `The app could not reach its background process: ${m}`,
      ).then((s) => {
        if (live)
          setState({ key, value: s.status === 'loaded' ? { status: 'loaded', lock: s.value } : s });
      });
    }, DETAIL_DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [api, ownerAccountId, lockId, key]);

  if (!key) return { status: 'idle' };
  // An answer for another lock (or attempt) is never shown for this one.
  return state.key === key ? state.value : { status: 'loading' };
}
