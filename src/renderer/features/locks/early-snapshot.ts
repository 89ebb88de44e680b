import type { TapkeyApi } from '../../../shared/api';
import type { AuthState, BrowseSnapshot } from '../../../shared/model';
import type { Result } from '../../../shared/result';

type SnapshotAnswer = Promise<Result<BrowseSnapshot | null>>;

let early: { api: TapkeyApi; answer: SnapshotAnswer; stop(): void } | null = null;

/**
 * Asks main for the last-known snapshot as the page starts, before React mounts and before the sign-in state
 * is known: the read then overlaps the page's own start instead of waiting behind it. Main answers null when
 * there is no usable snapshot for the stored sign-in. A sign-in state that is not the same sign-in going on
 * (signed out, signing in, expired, or another sign-in taking its place) drops the early answer, so it can only
 * be shown to the session it was read for.
 */
export function askForSnapshotEarly(api: TapkeyApi): void {
  const answer = api.getSnapshot();
  // Never an unhandled rejection when nobody takes it; whoever takes it sees the same outcome.
  answer.catch(() => undefined);
  const stop = api.onAuthStateChanged((state) => {
    if (!sameSignInGoingOn(state)) dropEarlySnapshot();
  });
  early = { api, answer, stop };
}

/** The early answer if it is still valid for `api`, taken once; otherwise a fresh `getSnapshot()`. */
export function takeSnapshot(api: TapkeyApi): SnapshotAnswer {
  const taken = early;
  dropEarlySnapshot();
  return taken && taken.api === api ? taken.answer : api.getSnapshot();
}

function dropEarlySnapshot(): void {
  early?.stop();
  early = null;
}

/** A renewal or a notice of the sign-in the page started with: `sessionKey` appears only when another one replaced it. */
const sameSignInGoingOn = (state: AuthState): boolean =>
  (state.status === 'signed-in' || state.status === 'refreshing') && state.sessionKey === undefined;
