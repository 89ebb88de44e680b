import { AppFailure } from '../../errors';
import { errorCodeForLog, type Logger } from '../../log';
import { SESSION_EXPIRED } from '../../messages';
import { parseRetryAfter } from '../retry-after';
import type { AccessTokenSource } from '../token-source';
import { attemptInTime, BODY_LIMIT_MB, tapkeyErrorCode } from './attempt';
import { cancelled, forbidden, rateLimited } from './failures';
import {
  backoffMs,
  startDeadline,
  type HttpOptions,
  type RequestPurpose,
  type StatusCause,
} from './options';

const RETRY_STATUS = new Set([429, 502, 503, 504]);
const SOCKET_RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

const timedOut = (purpose: RequestPurpose) =>
  new AppFailure(
    'timeout',
    `Tapkey did not answer in time while loading ${purpose.what}. Try again.`,
  );

/** A read's final HTTP error as a short, specific failure. */
function readFailure(
  status: number,
  body: string,
  purpose: RequestPurpose,
  wwwAuthenticate: string | undefined,
): AppFailure {
  switch (status) {
    case 401:
      return new AppFailure('session-expired', SESSION_EXPIRED);
    case 403:
      return forbidden(purpose, wwwAuthenticate, false);
    case 402:
      return new AppFailure(
        'plan-limit',
        `Your Tapkey plan does not allow reading ${purpose.what}.`,
      );
    case 404:
      return new AppFailure(
        'not-found',
        `Tapkey could not find ${purpose.what}; it may have been removed.`,
      );
    default:
      // The status and the start of the body travel as the cause (never to the renderer), so that a caller
      // can react to a specific answer, e.g. a 400 for a `$top` above the server's maximum.
      return new AppFailure(
        'server',
        `Tapkey could not deliver ${purpose.what} (HTTP ${status}).`,
        {},
        { cause: { status, body: body.slice(0, 500) } satisfies StatusCause },
      );
  }
}

/** A GET of one JSON document: the read half of the request layer. */
export type GetJson = (url: URL, purpose: RequestPurpose, signal?: AbortSignal) => Promise<unknown>;

/**
 * Makes authenticated, idempotent GETs with retries (backoff, Retry-After) inside one total deadline, one
 * silent token refresh on 401, bounded bodies, and error mapping to short, specific AppFailures. Upstream
 * bodies only ever reach the log as their length and Tapkey's error code.
 */
export function createGetJson(
  tokens: AccessTokenSource,
  log: Logger,
  options: HttpOptions,
): GetJson {
  return async function getJson(url, purpose, signal) {
    let token = await tokens.getAccessToken(signal);
    // From the first token on: renewing the sign-in has its own limits, and a renewal sent is never abandoned.
    const deadline = startDeadline(options.totalTimeoutMs, cancelled);
    let refreshed = false;
    for (let attemptNo = 1; ; attemptNo++) {
      if (signal?.aborted) throw cancelled();
      const outcome = await attemptInTime({ method: 'GET', url, token }, options, deadline, signal);
      if (outcome === null) throw timedOut(purpose);
      if (outcome.kind === 'cancelled') throw cancelled();
      if (outcome.kind === 'failed') {
        // 'failure', not 'code': the logger redacts every field named code (OAuth's authorization codes).
        log.warn('tapkey request failed', {
          url: url.pathname,
          attempt: attemptNo,
          failure: outcome.code,
        });
        const failure = outcome.timedOut
          ? timedOut(purpose)
          : new AppFailure(
              'network',
              `Could not reach Tapkey while loading ${purpose.what}. Check your connection and try again.`,
            );
        if (attemptNo >= options.maxAttempts) throw failure;
        // A reset on the first try is most often a kept-alive connection the server closed as we reused it:
        // ask again at once on a fresh one; anything after that backs off.
        const quick = attemptNo === 1 && SOCKET_RESET.has(outcome.code);
        await deadline.wait(quick ? 0 : backoffMs(options, attemptNo), failure, signal);
        continue;
      }

      const { status, body } = outcome;
      if (status >= 200 && status < 300) {
        if (outcome.tooLarge) {
          log.warn('tapkey sent a body past the limit', { url: url.pathname, status });
          throw new AppFailure(
            'malformed-response',
            `Tapkey sent an answer larger than ${BODY_LIMIT_MB} MB while loading ${purpose.what}.`,
          );
        }
        try {
          return JSON.parse(body) as unknown;
        } catch {
          log.warn('tapkey sent a body that is not JSON', {
            url: url.pathname,
            status,
            bodyLength: body.length,
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
        attempt: attemptNo,
        errorCode: errorCodeForLog(tapkeyErrorCode(body)),
        bodyLength: body.length,
      });
      if (status === 401 && !refreshed) {
        refreshed = true;
        token = await tokens.refreshAfterUnauthorized(token, signal);
        attemptNo--;
        continue;
      }
      if (RETRY_STATUS.has(status)) {
        const retryAfter = parseRetryAfter(outcome.retryAfter);
        const wait = retryAfter !== null ? retryAfter * 1000 : backoffMs(options, attemptNo);
        const failure =
          status === 429
            ? rateLimited(retryAfter)
            : new AppFailure(
                'server',
                `Tapkey is temporarily unavailable (HTTP ${status}) while loading ${purpose.what}. Try again.`,
              );
        if (attemptNo < options.maxAttempts && wait <= options.maxRetryAfterSeconds * 1000) {
          await deadline.wait(wait, failure, signal);
          continue;
        }
        throw failure;
      }
      throw readFailure(status, body, purpose, outcome.wwwAuthenticate);
    }
  };
}
