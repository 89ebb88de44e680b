import { AppFailure } from '../../errors';

/** Tuning for requests to the Tapkey Web API. */
export interface HttpOptions {
  /** Time limit for one attempt, connect to last byte; never past the request's total deadline. */
  timeoutMs: number;
  /**
   * Time limit for a whole request with all its retries and waits, so a hung API is reported within it (not
   * after every attempt has timed out in turn). Renewing the sign-in has its own limits and is not cut short.
   */
  totalTimeoutMs: number;
  /** Attempts per read for transient failures (connection errors, timeouts, 429, 502/503/504). */
  maxAttempts: number;
  /** First backoff delay; doubles per attempt, with jitter. */
  retryBaseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the caller gets `rate-limited` with the delay. */
  maxRetryAfterSeconds: number;
}

/** The defaults: a dead API is reported within 30 s, however many attempts that leaves. */
export const defaultHttpOptions: HttpOptions = {
  timeoutMs: 20_000,
  totalTimeoutMs: 30_000,
  maxAttempts: 4,
  retryBaseDelayMs: 250,
  maxRetryAfterSeconds: 30,
};

/** Describes a request for error messages: which Tapkey data (or change) and which scope it needs. */
export interface RequestPurpose {
  /** e.g. "your owner accounts", "the locks of this owner account", or for a write "the new grant". */
  what: string;
  /** The OAuth scope the endpoint requires, named when Tapkey says the client lacks it (`insufficient_scope`). */
  scope: string;
  /**
   * What a 403 that is not about the client's scopes means here (the user's role or the object), when this
   * request knows better than the general message, e.g. that Access Managers cannot see activity.
   */
  forbidden?: string;
}

/**
 * True when a 403's `WWW-Authenticate` says the token lacks a scope (RFC 6750 §3.1 `insufficient_scope`): the
 * OAuth client needs a permission in the portal. Any other 403 is about the user's role or the object.
 */
export function lacksScope(wwwAuthenticate: string | undefined): boolean {
  return (
    wwwAuthenticate !== undefined && /\berror\s*=\s*"?insufficient_scope"?/i.test(wwwAuthenticate)
  );
}

/** The scope a 403's `WWW-Authenticate` names (`scope="read:logs"`), if it names one we can show. */
export function scopeNamedIn(wwwAuthenticate: string | undefined): string | null {
  const m = wwwAuthenticate ? /\bscope\s*=\s*"([\w:. -]{1,200})"/i.exec(wwwAuthenticate) : null;
  return m ? m[1]!.trim() : null;
}

/** What a final, non-retried HTTP error carries as its `cause`. */
export interface StatusCause {
  status: number;
  /** The first 500 characters of the body. */
  body: string;
}

/** The HTTP status and body start behind an AppFailure from a request, when it came from an error answer. */
export function statusCauseOf(e: unknown): StatusCause | null {
  const cause = e instanceof AppFailure ? (e.cause as Partial<StatusCause> | undefined) : undefined;
  return typeof cause?.status === 'number' && typeof cause.body === 'string'
    ? (cause as StatusCause)
    : null;
}

/** Backoff before attempt `attempt + 1`: doubling from the base, capped at 5 s, with jitter. */
export function backoffMs(options: HttpOptions, attempt: number): number {
  const base = Math.min(5_000, options.retryBaseDelayMs * 2 ** (attempt - 1));
  return Math.round(base / 2 + (Math.random() * base) / 2);
}

/** A request's total deadline: how much of it is left, and a wait that never runs past it. */
export interface Deadline {
  /** Milliseconds left; 0 or less once it has passed. */
  remaining(): number;
  /**
   * Waits `ms` (cancelled by `signal`); when the wait would end past the deadline it does not wait at all and
   * throws `instead`, the failure the caller would report had it no time left.
   */
  wait(ms: number, instead: AppFailure, signal?: AbortSignal): Promise<void>;
}

/** Starts a deadline of `totalMs` from now. */
export function startDeadline(totalMs: number, cancelled: () => AppFailure): Deadline {
  const end = performance.now() + totalMs;
  const remaining = () => end - performance.now();
  return {
    remaining,
    wait: (ms, instead, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(cancelled());
        if (ms >= remaining()) return reject(instead);
        const onAbort = () => {
          clearTimeout(timer);
          reject(cancelled());
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
