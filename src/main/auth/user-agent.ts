import type { SignInMode } from '../../shared/model';

/** What a user agent needs to run one authorization request. */
export interface AuthorizationRequest {
  /** The full authorization URL (contains only public values: challenge, state, client id). */
  url: string;
  /** Where the server sends the browser back; intercepted, never served (embedded) or served on loopback (system browser). */
  redirectUri: string;
  /** Origins the sign-in pages may navigate within (the authorization server's). */
  allowedOrigins: readonly string[];
  /** Ends a stalled attempt: rejects with AppFailure('sign-in-timeout'). */
  timeoutMs: number;
  /** Aborting cancels the attempt: rejects with AppFailure('sign-in-cancelled'). */
  signal: AbortSignal;
}

/**
 * The port to whatever shows the sign-in pages: Electron's auth window, the OS browser plus a loopback
 * listener, or (in tests) a real Chromium. Resolves with the full callback URL the server redirected to;
 * rejects with AppFailure 'sign-in-cancelled' when the user closed it, 'sign-in-timeout', or
 * 'sign-in-failed' / 'network' with a readable message.
 */
export interface UserAgent {
  readonly mode: SignInMode;
  authorize(request: AuthorizationRequest): Promise<string>;
  /** Forgets cookies and storage of the sign-in pages (sign-out). */
  clearData?(): Promise<void>;
  /** Brings the running attempt's sign-in window to the front ("Show sign-in window"); false when none is open. */
  bringToFront?(): boolean;
}
