import { setMaxListeners } from 'node:events';
import type { AuthState } from '../../shared/model';
import { AppFailure } from '../errors';
import { CANCELLED_BY_SIGN_OUT } from '../messages';

/** What the guard reads of the session. */
export interface GuardedSession {
  readonly state: AuthState;
  /** Aborted when the current signed-in session ends (sign-out, expiry). */
  readonly sessionSignal: AbortSignal;
}

/** The answer to a call that needs a sign-in when there is none. */
export const SIGN_IN_TO_SEE_LOCKS = 'Please sign in to see your locks.';

/**
 * Why the session a call belonged to ended: an expiry (or a sign-out with a reason, e.g. a revoked grant)
 * says "sign in again"; a plain sign-out is the user's own doing, so the call was merely cancelled.
 */
function sessionEnded(session: GuardedSession): AppFailure {
  const s = session.state;
  if (s.status === 'expired') return new AppFailure('session-expired', s.reason);
  if (s.status === 'signed-out' && s.reason) return new AppFailure('session-expired', s.reason);
  return new AppFailure('cancelled', CANCELLED_BY_SIGN_OUT);
}

/**
 * The session-ended policy for every call to Tapkey, from the window and the CLI alike: a call needs a live
 * sign-in to start, is cancelled when that sign-in ends, and its result never reaches a caller after it ended
 * (a window that now shows someone else, or nobody).
 */
export function createSessionGuard(session: GuardedSession) {
  /** The live session's signal, or the reason there is none. */
  const liveSignal = (): AbortSignal => {
    const { status } = session.state;
    if (status !== 'signed-in' && status !== 'refreshing') {
      throw status === 'expired'
        ? sessionEnded(session)
        : new AppFailure('not-signed-in', SIGN_IN_TO_SEE_LOCKS);
    }
    const signal = session.sessionSignal;
    // Every in-flight call listens on the one session signal; hundreds at once are expected, not a leak.
    setMaxListeners(0, signal);
    return signal;
  };

  return {
    /** Runs a call that the end of the session cancels; its result never outlives the session. */
    async whileSignedIn<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
      const signal = liveSignal();
      let result: T;
      try {
        result = await call(signal);
      } catch (e) {
        if (signal.aborted) throw sessionEnded(session);
        throw e;
      }
      if (signal.aborted) throw sessionEnded(session);
      return result;
    },

    /** The same for a stream: checked when it starts, and no item is handed on once the session has ended. */
    async *streamWhileSignedIn<T>(
      open: (signal: AbortSignal) => AsyncIterable<T>,
    ): AsyncGenerator<T> {
      const signal = liveSignal();
      try {
        for await (const item of open(signal)) {
          if (signal.aborted) throw sessionEnded(session);
          yield item;
        }
      } catch (e) {
        if (signal.aborted) throw sessionEnded(session);
        throw e;
      }
    },
  };
}

/** The guard's shape. */
export type SessionGuard = ReturnType<typeof createSessionGuard>;
