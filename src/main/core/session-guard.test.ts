import { describe, expect, it } from 'vitest';
import type { AuthState } from '../../shared/model';
import { AppFailure } from '../errors';
import { CANCELLED_BY_SIGN_OUT } from '../messages';
import { createSessionGuard, SIGN_IN_TO_SEE_LOCKS } from './session-guard';

/** The two things the guard reads of a session, driven by the test as the session would change them. */
function sessionLike(state: AuthState) {
  let controller = new AbortController();
  const s = {
    state,
    get sessionSignal() {
      return controller.signal;
    },
    /** Ends the session as sign-out or expiry does: the state changes, then the signal aborts. */
    end(next: AuthState) {
      s.state = next;
      controller.abort();
    },
    signIn() {
      controller = new AbortController();
      s.state = { status: 'signed-in', remembered: true };
    },
  };
  return s;
}
const signedIn: AuthState = { status: 'signed-in', remembered: true };
const failureOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppFailure);
  const f = e as AppFailure;
  return { code: f.code, message: f.message };
};
/** A call that waits until `gate` resolves, then answers or fails as told. */
function gated<T>(outcome: () => T) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const calls: AbortSignal[] = [];
  return {
    calls,
    open,
    call: async (signal: AbortSignal) => {
      calls.push(signal);
      await gate;
      return outcome();
    },
  };
}

/** Starts a call in a live session, ends the session as `ended` mid-call, then lets the call settle as `outcome`. */
async function endedMidCall(ended: AuthState, outcome: () => unknown) {
  const s = sessionLike(signedIn);
  const g = gated(outcome);
  const pending = failureOf(createSessionGuard(s).whileSignedIn(g.call));
  s.end(ended);
  g.open();
  return pending;
}

describe('whileSignedIn', () => {
  it('refuses before calling when signed out, and names the expiry when the sign-in expired', async () => {
    for (const [state, expected] of [
      [{ status: 'signed-out' }, { code: 'not-signed-in', message: SIGN_IN_TO_SEE_LOCKS }],
      [
        { status: 'authorizing', mode: 'embedded' },
        { code: 'not-signed-in', message: SIGN_IN_TO_SEE_LOCKS },
      ],
      [
        { status: 'expired', reason: 'Gone.' },
        { code: 'session-expired', message: 'Gone.' },
      ],
    ] as const) {
      const g = gated(() => 1);
      const guard = createSessionGuard(sessionLike(state as AuthState));
      expect(await failureOf(guard.whileSignedIn(g.call))).toEqual(expected);
      expect(g.calls).toEqual([]);
    }
  });

  it('runs the call with the live session’s signal, while signed in or renewing', async () => {
    for (const state of [signedIn, { status: 'refreshing', remembered: true }] as AuthState[]) {
      const s = sessionLike(state);
      const g = gated(() => 42);
      g.open();
      expect(await createSessionGuard(s).whileSignedIn(g.call)).toBe(42);
      expect(g.calls).toEqual([s.sessionSignal]);
    }
  });

  it('a sign-out during the call cancels it, and its late result is never handed on', async () => {
    expect(await endedMidCall({ status: 'signed-out' }, () => 'alice’s locks')).toEqual({
      code: 'cancelled',
      message: CANCELLED_BY_SIGN_OUT,
    });
  });

  it('an expiry during the call reports the expiry, whatever the call failed with', async () => {
    const ended: AuthState = { status: 'expired', reason: 'Your sign-in has expired.' };
    expect(
      await endedMidCall(ended, () => {
        throw new AppFailure('network', 'Could not reach Tapkey.');
      }),
    ).toEqual({
      code: 'session-expired',
      message: 'Your sign-in has expired.',
    });
  });

  it('a sign-out with a reason (e.g. the grant was revoked elsewhere) says so rather than "cancelled"', async () => {
    expect(await endedMidCall({ status: 'signed-out', reason: 'Revoked.' }, () => 1)).toEqual({
      code: 'session-expired',
      message: 'Revoked.',
    });
  });

  it('passes a live session’s failures through unchanged', async () => {
    const g = gated(() => {
      throw new AppFailure('not-found', 'No such lock.');
    });
    g.open();
    expect(
      await failureOf(createSessionGuard(sessionLike(signedIn)).whileSignedIn(g.call)),
    ).toEqual({ code: 'not-found', message: 'No such lock.' });
  });

  it('a call that started in one sign-in is ended by it even when a new sign-in has begun meanwhile', async () => {
    const s = sessionLike(signedIn);
    const g = gated(() => 'old data');
    const pending = failureOf(createSessionGuard(s).whileSignedIn(g.call));
    s.end({ status: 'signed-out' });
    s.signIn();
    g.open();
    expect((await pending).code).toBe('cancelled');
  });

  it('hundreds of calls on one session signal raise no listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const s = sessionLike(signedIn);
      const guard = createSessionGuard(s);
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      const calls = Array.from({ length: 200 }, () =>
        guard.whileSignedIn(async (signal) => {
          signal.addEventListener('abort', () => undefined);
          await gate;
        }),
      );
      open();
      await Promise.all(calls);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});

describe('streamWhileSignedIn', () => {
  async function* numbers(signal: AbortSignal, seen: number[], pause: Promise<void>) {
    for (let i = 0; i < 5; i++) {
      if (i === 2) await pause;
      if (signal.aborted) throw new AppFailure('cancelled', 'The request was cancelled.');
      seen.push(i);
      yield i;
    }
  }

  it('hands on every item of a live session', async () => {
    const s = sessionLike(signedIn);
    const got: number[] = [];
    for await (const n of createSessionGuard(s).streamWhileSignedIn((signal) =>
      numbers(signal, [], Promise.resolve()),
    ))
      got.push(n);
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses to start while signed out', async () => {
    const stream = createSessionGuard(sessionLike({ status: 'signed-out' })).streamWhileSignedIn(
      (signal) => numbers(signal, [], Promise.resolve()),
    );
    expect(await failureOf(stream.next())).toEqual({
      code: 'not-signed-in',
      message: SIGN_IN_TO_SEE_LOCKS,
    });
  });

  it('stops handing items on once the session ended, with the session’s reason', async () => {
    const s = sessionLike(signedIn);
    let resume!: () => void;
    const pause = new Promise<void>((r) => (resume = r));
    const got: number[] = [];
    const run = (async () => {
      for await (const n of createSessionGuard(s).streamWhileSignedIn((signal) =>
        numbers(signal, [], pause),
      ))
        got.push(n);
    })();
    while (got.length < 2) await new Promise((r) => setImmediate(r));
    s.end({ status: 'expired', reason: 'Expired.' });
    resume();
    expect(await failureOf(run)).toEqual({ code: 'session-expired', message: 'Expired.' });
    expect(got).toEqual([0, 1]);
  });
});
