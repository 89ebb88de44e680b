import { AppFailure } from '../errors';
import { errorCodeForLog, type Logger } from '../log';
import type { AccessTokenSource } from './token-source';
import { parseRetryAfter } from './retry-after';
import { REQUEST_CANCELLED, SESSION_EXPIRED } from '../messages';

/** Tuning for GET requests to the Tapkey Web API. */
export interface HttpOptions {
  /** Time limit for one request, connect to last byte. */
  timeoutMs: number;
  /** Attempts per request for transient failures (connection errors, timeouts, 429, 502/503/504). */
  maxAttempts: number;
  /** First backoff delay; doubles per attempt, with jitter. */
  retryBaseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the caller gets `rate-limited` with the delay. */
  maxRetryAfterSeconds: number;
}

export const defaultHttpOptions: HttpOptions = {
  timeoutMs: 20_000,
  maxAttempts: 4,
  retryBaseDelayMs: 250,
  maxRetryAfterSeconds: 30,
};

const RETRY_STATUS = new Set([429, 502, 503, 504]);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const cancelled = () => new AppFailure('cancelled', REQUEST_CANCELLED);

/** Tapkey's `errorCode` from an error body (`{"errorCode":"NotFound","message":"…"}`), if there is one. */
function tapkeyErrorCode(body: string): unknown {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object'
      ? (parsed as Record<string, unknown>).errorCode
      : undefined;
  } catch {
    return undefined;
  }
}

const SOCKET_RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** The system error code behind a failed fetch (ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET …), for the log. */
function networkCodeOf(e: unknown): string {
  const cause = e instanceof Error ? (e.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : e instanceof Error ? e.name : 'unknown';
}

/** What a final, non-retried HTTP error carries as its `cause`. */
export interface StatusCause {
  status: number;
  /** The first 500 characters of the body. */
  body: string;
}

/** The HTTP status and body start behind an AppFailure from `getJson`, when it came from an error answer. */
export function statusCauseOf(e: unknown): StatusCause | null {
  const cause = e instanceof AppFailure ? (e.cause as Partial<StatusCause> | undefined) : undefined;
  return typeof cause?.status === 'number' && typeof cause.body === 'string'
    ? (cause as StatusCause)
    : null;
}

/** Describes a request for error messages: which Tapkey data and which scope it needs. */
export interface RequestPurpose {
  /** e.g. "owner accounts" or "locks of Home". */
  what: string;
  /** The OAuth scope the endpoint requires, named in permission errors. */
  scope: string;
}

/**
 * Makes authenticated, idempotent GETs with retries (backoff, Retry-After), one silent token refresh on 401,
 * and error mapping to short, specific AppFailures. Upstream bodies only ever reach the log, redacted.
 */
export function createHttp(tokens: AccessTokenSource, log: Logger, options: HttpOptions) {
  const backoff = (attempt: number) => {
    const base = Math.min(5_000, options.retryBaseDelayMs * 2 ** (attempt - 1));
    return Math.round(base / 2 + (Math.random() * base) / 2);
  };

  return async function getJson(
    url: URL,
    purpose: RequestPurpose,
    signal?: AbortSignal,
  ): Promise<unknown> {
    let token = await tokens.getAccessToken(signal);
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw cancelled();
      // Node's own fetch (undici) rather than got for these GETs: reading and decoding a 1 MB list costs about
      // a third less CPU, which is most of what separates us from an unvalidated client at 2,000 locks.
      let response: { status: number; body: string; retryAfter: string | undefined };
      const timeout = AbortSignal.timeout(options.timeoutMs);
      try {
        const res = await fetch(url, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          redirect: 'manual',
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        // The time limit covers the body too: a stalled body aborts the read with the same signal.
        response = {
          status: res.status,
          body: await res.text(),
          retryAfter: res.headers.get('retry-after') ?? undefined,
        };
      } catch (e) {
        if (signal?.aborted) throw cancelled();
        const timedOut = timeout.aborted;
        const code = timedOut ? 'ETIMEDOUT' : networkCodeOf(e);
        log.warn('tapkey request failed', { url: url.pathname, attempt, code });
        if (attempt < options.maxAttempts) {
          // A reset on the first try is most often a kept-alive connection the server closed as we reused it:
          // ask again at once on a fresh one; anything after that backs off.
          if (!(attempt === 1 && SOCKET_RESET.has(code))) await sleep(backoff(attempt), signal);
          continue;
        }
        throw timedOut
          ? new AppFailure(
              'timeout',
              `Tapkey did not answer in time while loading ${purpose.what}. Try again.`,
            )
          : new AppFailure(
              'network',
              `Could not reach Tapkey while loading ${purpose.what}. Check your connection and try again.`,
            );
      }

      const status = response.status;
      if (status >= 200 && status < 300) {
        try {
          return JSON.parse(response.body) as unknown;
        } catch {
          log.warn('tapkey sent a body that is not JSON', {
            url: url.pathname,
            status,
            bodyLength: response.body.length,
          });
          throw new AppFailure(
            'malformed-response',
            `Tapkey sent an unreadable answer while loading ${purpose.what}.`,
          );
        }
      }

      // Status, Tapkey's error code and length only: a response body never goes to the log.
      log.warn('tapkey answered with an error', {
        url: url.pathname,
        status,
        attempt,
        errorCode: errorCodeForLog(tapkeyErrorCode(response.body)),
        bodyLength: response.body.length,
      });
      if (status === 401 && !refreshed) {
        refreshed = true;
        token = await tokens.refreshAfterUnauthorized(token, signal);
        attempt--;
        continue;
      }
      if (RETRY_STATUS.has(status)) {
        const retryAfter = parseRetryAfter(response.retryAfter);
        const wait = retryAfter !== null ? retryAfter * 1000 : backoff(attempt);
        if (attempt < options.maxAttempts && wait <= options.maxRetryAfterSeconds * 1000) {
          await sleep(wait, signal);
          continue;
        }
        if (status === 429) {
          throw new AppFailure(
            'rate-limited',
            `Tapkey is limiting requests${retryAfter !== null ? `; try again in ${retryAfter} s` : '; try again shortly'}.`,
            retryAfter !== null ? { retryAfterSeconds: retryAfter } : {},
          );
        }
        throw new AppFailure(
          'server',
          `Tapkey is temporarily unavailable (HTTP ${status}) while loading ${purpose.what}. Try again.`,
        );
      }
      switch (status) {
        case 401:
          throw new AppFailure('session-expired', SESSION_EXPIRED);
        case 403:
          throw new AppFailure(
            'permission',
            `This app lacks the permission "${purpose.scope}" needed to read ${purpose.what}. Grant it in the Tapkey portal and sign in again.`,
            {
              scope: purpose.scope,
            },
          );
        case 402:
          throw new AppFailure(
            'plan-limit',
            `Your Tapkey plan does not allow reading ${purpose.what}.`,
          );
        case 404:
          throw new AppFailure(
            'not-found',
            `Tapkey could not find ${purpose.what}; it may have been removed.`,
          );
        default:
          // The status and the start of the body travel as the cause (never to the renderer), so that a caller
          // can react to a specific answer, e.g. a 400 for a `$top` above the server's maximum.
          throw new AppFailure(
            'server',
            `Tapkey could not deliver ${purpose.what} (HTTP ${status}).`,
            {},
            {
              cause: { status, body: response.body.slice(0, 500) } satisfies StatusCause,
            },
          );
      }
    }
  };
}
