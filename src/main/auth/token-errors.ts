import { RequestError } from 'got';
import { AppFailure } from '../errors';
import type { AppError, ErrorCode } from '../../shared/result';
import { REQUEST_CANCELLED, SESSION_EXPIRED } from '../messages';

/**
 * A failed token-endpoint call. `transient` failures (network, timeout, 5xx, unreadable answers) must never
 * cost the user a stored refresh token; only `invalid_grant` proves the grant is dead.
 */
export class TokenEndpointError extends AppFailure {
  readonly oauthError: string | undefined;
  readonly transient: boolean;
  constructor(
    code: ErrorCode,
    message: string,
    opts: { oauthError?: string; transient: boolean; extra?: Partial<AppError>; cause?: unknown },
  ) {
    super(code, message, opts.extra ?? {}, { cause: opts.cause });
    this.name = 'TokenEndpointError';
    this.oauthError = opts.oauthError;
    this.transient = opts.transient;
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

/** Maps a transport failure (no HTTP answer) to a user-readable error. */
export function transportFailure(e: unknown, url: string): AppFailure {
  const host = hostOf(url);
  if (e instanceof RequestError) {
    if (e.name === 'AbortError' || e.code === 'ERR_ABORTED') {
      return new TokenEndpointError('cancelled', REQUEST_CANCELLED, { transient: true, cause: e });
    }
    if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT') {
      return new TokenEndpointError(
        'timeout',
        `${host} did not answer in time. Check your connection and try again.`,
        { transient: true, cause: e },
      );
    }
    return new TokenEndpointError(
      'network',
      `Could not reach ${host}. Check your internet connection and try again.`,
      { transient: true, cause: e },
    );
  }
  if (e instanceof Error && e.name === 'AbortError') {
    return new TokenEndpointError('cancelled', REQUEST_CANCELLED, { transient: true, cause: e });
  }
  return new TokenEndpointError(
    'network',
    `Could not reach ${host}. Check your internet connection and try again.`,
    { transient: true, cause: e },
  );
}

/** Maps an OAuth error response (RFC 6749 §5.2) or an unexpected HTTP answer to a user-readable error. */
export function httpFailure(
  status: number,
  oauthError: string | undefined,
  purpose: TokenPurpose,
  url: string,
  retryAfter?: string,
): TokenEndpointError {
  const host = hostOf(url);
  if (oauthError === 'invalid_grant') {
    return purpose === 'refresh'
      ? new TokenEndpointError('session-expired', SESSION_EXPIRED, { oauthError, transient: false })
      : new TokenEndpointError(
          'sign-in-failed',
          'The sign-in code was rejected (it may have expired). Please try signing in again.',
          {
            oauthError,
            transient: false,
          },
        );
  }
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    return new TokenEndpointError(
      'sign-in-failed',
      `${host} does not accept this app's client ID. Check the client ID in Settings.`,
      {
        oauthError,
        transient: false,
      },
    );
  }
  if (oauthError === 'invalid_scope') {
    return new TokenEndpointError(
      'sign-in-failed',
      `${host} refused the permissions the app asks for. Check that your OAuth client allows them.`,
      {
        oauthError,
        transient: false,
      },
    );
  }
  if (oauthError === 'access_denied') {
    return new TokenEndpointError('access-denied', 'Access was denied by the sign-in server.', {
      oauthError,
      transient: false,
    });
  }
  if (status === 429) {
    const seconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
    return new TokenEndpointError(
      'rate-limited',
      `${host} is busy. Try again ${seconds ? `in ${seconds} seconds` : 'in a moment'}.`,
      {
        transient: true,
        ...(seconds !== undefined ? { extra: { retryAfterSeconds: seconds } } : {}),
      },
    );
  }
  if (status >= 500) {
    return new TokenEndpointError(
      'server',
      `${host} had a problem (HTTP ${status}). Try again in a moment.`,
      { transient: true },
    );
  }
  if (oauthError) {
    return new TokenEndpointError(
      'sign-in-failed',
      `${host} refused the request (${oauthError.slice(0, 60)}). Try signing in again.`,
      {
        oauthError,
        transient: false,
      },
    );
  }
  return new TokenEndpointError(
    'malformed-response',
    `${host} sent an unexpected answer (HTTP ${status}). Try again later.`,
    { transient: true },
  );
}

/** An answer that was not the JSON the protocol promises (e.g. an HTML error page from a proxy). */
export function unreadableAnswer(status: number, url: string): TokenEndpointError {
  return new TokenEndpointError(
    'malformed-response',
    `${hostOf(url)} sent an answer the app cannot read (HTTP ${status}). Try again later.`,
    {
      transient: true,
    },
  );
}
