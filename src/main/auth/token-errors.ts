import { AppFailure } from '../errors';
import type { AppError, ErrorCode } from '../../shared/result';
import { REQUEST_CANCELLED, SESSION_EXPIRED } from '../messages';
import type { NoAnswer } from './http';

/**
 * What a failed token request tells about the refresh token it carried:
 * - `not-sent`: it never reached the server (refused connection, failed look-up): nothing happened;
 * - `unknown`: it may have been processed, and the answer is lost (connection lost or time up after sending,
 *   cancelled while waiting, a 200 whose body cannot be read): a rotating server may have consumed the token;
 * - `refused`: the server answered 400 or 401 (RFC 6749 §5.2), whatever the body: it will not take this token;
 * - `failed`: any other answer (5xx, 429, an unexpected status): the server says it issued nothing.
 */
export type TokenFate = 'not-sent' | 'unknown' | 'refused' | 'failed';

/**
 * A failed token-endpoint call. `transient` failures (network, timeout, 5xx, 429) may succeed later and never
 * cost the user a stored refresh token; `fate` says what the server may have done with the token.
 */
export class TokenEndpointError extends AppFailure {
  readonly oauthError: string | undefined;
  readonly transient: boolean;
  readonly fate: TokenFate;
  constructor(
    code: ErrorCode,
    message: string,
    opts: {
      oauthError?: string;
      transient: boolean;
      fate: TokenFate;
      extra?: Partial<AppError>;
      cause?: unknown;
    },
  ) {
    super(code, message, opts.extra ?? {}, { cause: opts.cause });
    this.name = 'TokenEndpointError';
    this.oauthError = opts.oauthError;
    this.transient = opts.transient;
    this.fate = opts.fate;
  }
}

/** What the app is doing when the token endpoint fails; the same OAuth error means different things. */
export type TokenPurpose = 'exchange' | 'refresh';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the sign-in server';
  }
}

/** Maps a request that got no HTTP answer to a user-readable error. */
export function transportFailure(e: NoAnswer, url: string): TokenEndpointError {
  const host = hostOf(url);
  const fate: TokenFate = e.maybeSent ? 'unknown' : 'not-sent';
  if (e.reason === 'cancelled')
    return new TokenEndpointError('cancelled', REQUEST_CANCELLED, {
      transient: true,
      fate,
      cause: e,
    });
  if (e.reason === 'timeout')
    return new TokenEndpointError(
      'timeout',
      `${host} did not answer in time. Check your connection and try again.`,
      { transient: true, fate, cause: e },
    );
  return new TokenEndpointError(
    'network',
    `Could not reach ${host}. Check your internet connection and try again.`,
    { transient: true, fate, cause: e },
  );
}

/** The message of a refusal (400 / 401, RFC 6749 §5.2), by OAuth error and purpose. */
function refusal(
  host: string,
  oauthError: string | undefined,
  purpose: TokenPurpose,
  status: number,
): { code: ErrorCode; message: string } {
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client')
    return {
      code: 'sign-in-failed',
      message: `${host} does not accept this app's client ID. Check the client ID in Settings.`,
    };
  if (oauthError === 'invalid_scope')
    return {
      code: 'sign-in-failed',
      message: `${host} refused the permissions the app asks for. Check that your OAuth client allows them.`,
    };
  // A refresh token the server refuses, with any other error or none at all (Glewlwyd answers 400 with no body).
  if (purpose === 'refresh') return { code: 'session-expired', message: SESSION_EXPIRED };
  if (oauthError === 'invalid_grant')
    return {
      code: 'sign-in-failed',
      message: 'The sign-in code was rejected (it may have expired). Please try signing in again.',
    };
  return {
    code: 'sign-in-failed',
    message: `${host} refused the request (${oauthError ? oauthError.slice(0, 60) : `HTTP ${status}`}). Try signing in again.`,
  };
}

/** Maps an HTTP answer other than 200 to a user-readable error: by its status first (RFC 6749 §5.2), then its OAuth error. */
export function httpFailure(
  status: number,
  oauthError: string | undefined,
  purpose: TokenPurpose,
  url: string,
  retryAfter?: string | null,
): TokenEndpointError {
  const host = hostOf(url);
  if (status === 400 || status === 401) {
    const { code, message } = refusal(host, oauthError, purpose, status);
    return new TokenEndpointError(code, message, {
      transient: false,
      fate: 'refused',
      ...(oauthError ? { oauthError } : {}),
    });
  }
  if (oauthError === 'access_denied') {
    return new TokenEndpointError('access-denied', 'Access was denied by the sign-in server.', {
      oauthError,
      transient: false,
      fate: 'failed',
    });
  }
  if (status === 429) {
    const seconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    return new TokenEndpointError(
      'rate-limited',
      `${host} is busy. Try again ${seconds ? `in ${seconds} seconds` : 'in a moment'}.`,
      {
        transient: true,
        fate: 'failed',
        ...(seconds !== undefined ? { extra: { retryAfterSeconds: seconds } } : {}),
      },
    );
  }
  if (status >= 500) {
    return new TokenEndpointError(
      'server',
      `${host} had a problem (HTTP ${status}). Try again in a moment.`,
      { transient: true, fate: 'failed' },
    );
  }
  // A redirect, 403, 404…: the server issued nothing, and trying again will not change that.
  return new TokenEndpointError(
    'malformed-response',
    `${host} sent an unexpected answer (HTTP ${status}). Check the authorization server in Settings.`,
    { transient: false, fate: 'failed', ...(oauthError ? { oauthError } : {}) },
  );
}

/**
 * A 200 whose body is not the token response the protocol promises (an HTML page from a captive portal, a
 * truncated or huge body). The server may have issued tokens the app cannot read, so the fate is unknown.
 */
export function unreadableAnswer(status: number, url: string): TokenEndpointError {
  return new TokenEndpointError(
    'malformed-response',
    `${hostOf(url)} sent an answer the app cannot read (HTTP ${status}). Try again later.`,
    { transient: true, fate: 'unknown' },
  );
}
