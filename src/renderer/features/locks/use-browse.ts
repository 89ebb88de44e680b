import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';
import { ALL_ACCOUNTS, browseReducer, initialBrowseState, searchGroupsOf } from './browse-state';
import { takeSnapshot } from './early-snapshot';

/** The first automatic retry while offline, and the longest wait between two. */
const OFFLINE_RETRY_FIRST_MS = 5_000;
const OFFLINE_RETRY_MAX_MS = 120_000;
/** How long the rows a reload changed stay marked. */
const MARKS_MS = 8_000;

/**
 * Resolves once the browser has painted the rows just rendered: the frame after the first lock row is in the
 * document (React may commit a frame or two after the dispatch, the table windows its rows after measuring), at
 * most 6 frames; soon in a window not yet shown, where frames do not come. A shown window waits for its frame
 * even on a busy machine, where one can take longer than 100 ms: the live load never starts before the rows
 * are painted.
 */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, document.visibilityState === 'hidden' ? 100 : 2_000);
    let frames = 0;
    const frame = () => {
      const painted = document.querySelector('[role="row"][data-id]') !== null;
      if (!painted && ++frames < 6) {
        requestAnimationFrame(frame);
        return;
      }
      requestAnimationFrame(() =>
        setTimeout(() => {
          clearTimeout(fallback);
          resolve();
        }, 0),
      );
    };
    requestAnimationFrame(frame);
  });
}

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
    // The account on screen (remembered by the snapshot, or chosen before this Refresh) is asked for beside the
    // owner accounts, not after them: its rows come in one round trip instead of two. If Tapkey no longer has
    // it, its answer is an error for an account the new list drops.
    const early =
      selected.current !== null && selected.current !== ALL_ACCOUNTS ? selected.current : null;
    if (early) loadLocks(gen, early, true);
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
    if (shown && shown.id !== early) loadLocks(gen, shown.id, true);
    for (const a of r.value.accounts) if (a !== shown && a.id !== early) loadLocks(gen, a.id);
  }, [api, loadLocks]);

  useEffect(() => {
    // The last-known snapshot first (main reads a file and the keychain, nothing goes to Tapkey), painted
    // before the live load sends its first request; without one, the live load starts as it always did.
    let mounted = true;
    void takeSnapshot(api)
      .then(
        (r) => (r.ok ? r.value : null),
        () => null,
      )
      .then(async (snapshot) => {
        if (!mounted) return;
        if (snapshot) {
          dispatch({ type: 'snapshot-loaded', snapshot });
          await afterPaint();
          if (!mounted) return;
          // The snapshot came with the account shown first only. The others are read from it only when
          // needed (offline, or an account chosen before its live answer): moving every account's saved locks
          // across the bridge while the live load runs would slow that load down for nothing.
          const have = new Set(snapshot.locks.map((l) => l.ownerAccountId));
          const rest = snapshot.accounts.accounts.map((a) => a.id).filter((id) => !have.has(id));
          if (rest.length)
            snapshotRest.current = () => {
              snapshotRest.current = null;
              void api.getSnapshotLocks(rest).then(
                (r) => {
                  if (mounted && r.ok && r.value)
                    dispatch({ type: 'snapshot-locks', locks: r.value });
                },
                () => undefined,
              );
            };
        }
        if (mounted) void refresh();
      });
    // Unmounting (sign-out) makes every answer still in flight stale.
    const counter = generation;
    return () => {
      mounted = false;
      counter.current++;
    };
  }, [api, refresh]);

  // The rest of the snapshot, once it is needed: Tapkey unreachable, or an account chosen that has no rows yet.
  const snapshotRest = useRef<(() => void) | null>(null);
  const chosenEmpty =
    state.selectedId !== null && state.snapshotAsOf !== null && !state.locks[state.selectedId];
  useEffect(() => {
    if (state.offline || chosenEmpty) snapshotRest.current?.();
  }, [state.offline, chosenEmpty]);

  // Offline on the snapshot: try again on its own, waiting longer each time (Refresh tries at once).
  const offlineTries = useRef(0);
  useEffect(() => {
    if (!state.offline || state.accountsStatus !== 'error') {
      if (!state.offline) offlineTries.current = 0;
      return;
    }
    const wait = Math.min(OFFLINE_RETRY_MAX_MS, OFFLINE_RETRY_FIRST_MS * 2 ** offlineTries.current);
    offlineTries.current++;
    const timer = setTimeout(() => void refresh(), wait);
    return () => clearTimeout(timer);
  }, [state.offline, state.accountsStatus, refresh]);

  // Rows a reload added or changed stay marked for a moment, then the table is plain again.
  const marked = useMemo(() => Object.values(state.locks).some((l) => l.changes), [state.locks]);
  useEffect(() => {
    if (!marked) return;
    const timer = setTimeout(() => dispatch({ type: 'marks-cleared' }), MARKS_MS);
    return () => clearTimeout(timer);
  }, [marked, state.locks]);

  // The selection goes into the next snapshot, so the next start opens where the user left.
  useEffect(() => {
    if (state.selectedId !== null) void api.noteSelection(state.selectedId).catch(() => undefined);
  }, [api, state.selectedId]);

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
