import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';
import { browseReducer, initialBrowseState, searchGroupsOf } from './browse-state';

const transportError = (e: unknown): AppError => ({
  code: 'internal',
  message: `The app could not reach its background process: ${e instanceof Error ? e.message : String(e)}`,
});

/**
 * Loads the owner accounts, then every account's locks at once (main bounds the parallelism), putting each
 * account on screen as its answer arrives. Answers that arrive after a refresh or unmount are dropped.
 */
export function useBrowse() {
  const api = useTapkeyApi();
  const [state, dispatch] = useReducer(browseReducer, initialBrowseState);
  const generation = useRef(0);
  const selected = useRef<string | null>(null);
  useEffect(() => {
    selected.current = state.selectedId;
  }, [state.selectedId]);

  const loadLocks = useCallback(
    (gen: number, ownerAccountId: string, priority = false) => {
      dispatch({ type: 'locks-started', generation: gen, ownerAccountId });
      api.listBoundLocks(ownerAccountId, priority ? { priority } : undefined).then(
        (r) => {
          if (r.ok)
            dispatch({ type: 'locks-loaded', generation: gen, page: r.value, at: Date.now() });
          else
            dispatch({
              type: 'locks-failed',
              generation: gen,
              ownerAccountId,
              error: r.error,
              at: Date.now(),
            });
        },
        (e: unknown) =>
          dispatch({
            type: 'locks-failed',
            generation: gen,
            ownerAccountId,
            error: transportError(e),
            at: Date.now(),
          }),
      );
    },
    [api],
  );

  const refresh = useCallback(async () => {
    const gen = ++generation.current;
    dispatch({ type: 'refresh-started', generation: gen });
    let r;
    try {
      r = await api.listOwnerAccounts();
    } catch (e) {
      dispatch({ type: 'accounts-failed', generation: gen, error: transportError(e) });
      return;
    }
    if (gen !== generation.current) return;
    if (!r.ok) {
      dispatch({ type: 'accounts-failed', generation: gen, error: r.error });
      return;
    }
    dispatch({ type: 'accounts-loaded', generation: gen, list: r.value, at: Date.now() });
    // The account on screen (the selected one, else the first) loads ahead of the rest; main holds the bulk back.
    const shown = r.value.accounts.find((a) => a.id === selected.current) ?? r.value.accounts[0];
    if (shown) loadLocks(gen, shown.id, true);
    for (const a of r.value.accounts) if (a !== shown) loadLocks(gen, a.id);
  }, [api, loadLocks]);

  useEffect(() => {
    void refresh();
    // Unmounting (sign-out) makes every answer still in flight stale.
    const counter = generation;
    return () => {
      counter.current++;
    };
  }, [refresh]);

  const retry = useCallback(
    (ownerAccountId: string) => loadLocks(generation.current, ownerAccountId),
    [loadLocks],
  );
  const select = useCallback(
    (ownerAccountId: string) => dispatch({ type: 'select', ownerAccountId }),
    [],
  );
  const groups = useMemo(
    () => searchGroupsOf(state.accounts, state.locks),
    [state.accounts, state.locks],
  );

  return { state, groups, refresh, retry, select };
}
