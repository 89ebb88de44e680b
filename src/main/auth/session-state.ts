import type { AuthState } from '../../shared/model';
import type { Logger } from '../log';

type Status = AuthState['status'];

/**
 * The sign-in state machine's allowed moves. Signing out is allowed from anywhere; everything else follows
 * signed out → authorizing → exchanging → signed in ⇄ refreshing → expired, with errors and cancellation
 * returning to a state from which the user can sign in again.
 */
const NEXT: Record<Status, readonly Status[]> = {
  // Resuming a sign-in whose last renewal was interrupted ends it at once: signed out → expired.
  'signed-out': ['authorizing', 'signed-in', 'expired'],
  authorizing: ['exchanging', 'error'],
  exchanging: ['signed-in', 'error'],
  'signed-in': ['refreshing', 'signed-in', 'expired'],
  refreshing: ['signed-in', 'expired'],
  expired: ['authorizing'],
  error: ['authorizing'],
};

/** True when the machine may move from `from` to `to`. */
export function canMove(from: Status, to: Status): boolean {
  return to === 'signed-out' || NEXT[from].includes(to);
}

/** Holds the current AuthState, enforces the allowed moves and tells observers; never holds a token. */
export class SessionState {
  private current: AuthState = { status: 'signed-out' };
  private readonly listeners = new Set<(s: AuthState) => void>();

  constructor(private readonly log: Logger) {}

  get value(): AuthState {
    return this.current;
  }

  /** Moves to `next`; an illegal move is a bug, logged and refused so observers never see an impossible sequence. */
  set(next: AuthState): AuthState {
    if (!canMove(this.current.status, next.status)) {
      this.log.error('refused an illegal sign-in state change', {
        from: this.current.status,
        to: next.status,
      });
      return this.current;
    }
    this.current = next;
    for (const l of [...this.listeners]) {
      try {
        l(next);
      } catch (e) {
        this.log.error('auth state listener failed', { error: e });
      }
    }
    return next;
  }

  /** Subscribes; returns a disposer for exactly this listener. */
  onChange(listener: (s: AuthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.listeners.clear();
  }
}
