import { AppFailure } from '../../errors';
import { errorCodeForLog, type Logger } from '../../log';
import { SESSION_EXPIRED } from '../../messages';
import { parseRetryAfter } from '../retry-after';
import type { AccessTokenSource } from '../token-source';
import { attemptInTime, tapkeyErrorCode } from './attempt';
import { cancelled, forbidden, rateLimited } from './failures';
import {
  backoffMs,
  startDeadline,
  type HttpOptions,
  type RequestPurpose,
  type StatusCause,
} from './options';

/** The methods that change something at Tapkey. */
export type WriteMethod = 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** A write of one JSON body; resolves with Tapkey's answer (null when it sent none, e.g. 204). */
export type SendJson = (
  method: WriteMethod,
  url: URL,
  body: unknown,
  purpose: RequestPurpose,
  signal?: AbortSignal,
) => Promise<unknown>;

/** Nobody can tell whether the write was applied: the caller must look before sending it again. */
const outcomeUnknown = (purpose: RequestPurpose, why: string) =>
  new AppFailure(
    'outcome-unknown',
    `${why}, so it is not known whether Tapkey made the change (${purpose.what}). Check before trying again.`,
  );

/**
 * A write's final HTTP answer as a short, specific failure. Only called for answers that say the change was
 * not made: a 4xx refuses the request as a whole.
 */
function refusal(
  status: number,
  body: string,
  purpose: RequestPurpose,
  retryAfter: number | null,
  wwwAuthenticate: string | undefined,
) {
  switch (status) {
    case 401:
      return new AppFailure('session-expired', SESSION_EXPIRED);
    case 402:
      return new AppFailure(
        'plan-limit',
        `Your Tapkey plan does not allow this change (${purpose.what}); nothing was changed.`,
      );
    case 403:
      return forbidden(purpose, wwwAuthenticate, true);
    case 404:
      return new AppFailure(
        'not-found',
        `Tapkey could not find what ${purpose.what} refers to; it may have been removed. Nothing was changed.`,
      );
    case 409:
      return new AppFailure(
        'conflict',
        `Tapkey refused ${purpose.what}: it already exists or was changed meanwhile. Refresh and check.`,
      );
    case 429:
      return rateLimited(retryAfter, ' Nothing was changed.');
    default:
      return new AppFailure(
        'server',
        `Tapkey refused ${purpose.what} (HTTP ${status}); nothing was changed.`,
        {},
        { cause: { status, body: body.slice(0, 500) } satisfies StatusCause },
      );
  }
}

const isRefusal = (status: number) => status >= 400 && status < 500;

/**
 * Makes authenticated writes (PUT, POST, PATCH, DELETE with a JSON body). A write is sent again only when the
 * failure proves it never left (a refused connection, an unknown host) or when Tapkey refused it outright with
 * 401 (then once, with a renewed token): a 401 is answered before the request is acted on. Anything else that
 * may have reached the server (a timeout, a dropped connection, a cancel after sending, a 5xx, a 2xx whose body
 * is lost) is reported as `outcome-unknown`, so the caller looks before retrying and one click never makes two
 * grants. Whether a 401 or another 4xx truly left nothing behind is Tapkey's promise, not something we can check.
 */
export function createSendJson(
  tokens: AccessTokenSource,
  log: Logger,
  options: HttpOptions,
): SendJson {
  return async function sendJson(method, url, body, purpose, signal) {
    const text = body === undefined ? undefined : JSON.stringify(body);
    let token = await tokens.getAccessToken(signal);
    const deadline = startDeadline(options.totalTimeoutMs, cancelled);
    let refreshed = false;
    for (let attemptNo = 1; ; attemptNo++) {
      // Nothing has been sent in this round yet: a cancel here is a plain cancel.
      if (signal?.aborted) throw cancelled();
      const outcome = await attemptInTime(
        { method, url, token, ...(text !== undefined ? { body: text } : {}) },
        options,
        deadline,
        signal,
      );
      // Out of time before this round was sent (the rounds before it proved nothing arrived).
      if (outcome === null)
        throw new AppFailure(
          'timeout',
          `Tapkey could not be reached in time for ${purpose.what}; nothing was changed. Try again.`,
        );
      if (outcome.kind === 'cancelled') {
        log.warn('tapkey write cancelled after sending', { method, url: url.pathname });
        throw outcomeUnknown(purpose, 'The request was cancelled after it was sent');
      }
      if (outcome.kind === 'failed') {
        log.warn('tapkey write failed', {
          method,
          url: url.pathname,
          attempt: attemptNo,
          failure: outcome.code,
          unsent: outcome.unsent,
          status: outcome.status,
        });
        if (outcome.unsent) {
          const failure = new AppFailure(
            'network',
            `Could not reach Tapkey for ${purpose.what}; nothing was changed. Check your connection and try again.`,
          );
          if (attemptNo >= options.maxAttempts) throw failure;
          await deadline.wait(backoffMs(options, attemptNo), failure, signal);
          continue;
        }
        // The answer's status arrived and its body was lost: a refusal is still a refusal.
        if (outcome.status !== null && isRefusal(outcome.status) && outcome.status !== 401)
          throw refusal(outcome.status, '', purpose, null, undefined);
        throw outcomeUnknown(
          purpose,
          outcome.timedOut
            ? 'Tapkey did not answer in time'
            : 'The connection to Tapkey was lost before its answer arrived',
        );
      }

      const { status } = outcome;
      if (status >= 200 && status < 300) {
        if (outcome.tooLarge || outcome.body.trim() === '') {
          if (!outcome.tooLarge) return null;
          log.warn('tapkey sent a write answer past the limit', { method, url: url.pathname });
          throw outcomeUnknown(
            purpose,
            'Tapkey accepted the change but its answer was too large to read',
          );
        }
        try {
          return JSON.parse(outcome.body) as unknown;
        } catch {
          log.warn('tapkey sent a write answer that is not JSON', {
            method,
            url: url.pathname,
            status,
            bodyLength: outcome.body.length,
          });
          throw outcomeUnknown(
            purpose,
            'Tapkey accepted the change but its answer could not be read',
          );
        }
      }
      log.warn('tapkey refused a write', {
        method,
        url: url.pathname,
        status,
        errorCode: errorCodeForLog(tapkeyErrorCode(outcome.body)),
        bodyLength: outcome.body.length,
      });
      if (status === 401 && !refreshed) {
        refreshed = true;
        token = await tokens.refreshAfterUnauthorized(token, signal);
        attemptNo--;
        continue;
      }
      if (isRefusal(status))
        throw refusal(
          status,
          outcome.body,
          purpose,
          parseRetryAfter(outcome.retryAfter),
          outcome.wwwAuthenticate,
        );
      // 5xx (a gateway's 502/504 above all) and anything else: the server may have acted before failing.
      throw outcomeUnknown(purpose, `Tapkey answered with an error (HTTP ${status})`);
    }
  };
}
