import got, { type Got } from 'got';

/** Time limits for talking to the authorization server; tests shorten them. */
export interface AuthHttpOptions {
  /** Whole-request limit in milliseconds (default 20 s). */
  timeoutMs?: number;
  /** Sent as User-Agent, so server logs can tell the app apart. */
  userAgent?: string;
}

/**
 * The HTTP client for discovery, token and revocation requests. Token POSTs are not idempotent (a code is
 * single-use, a refresh token may rotate), so they are retried only on errors that prove nothing was sent:
 * refused connections and failed DNS look-ups.
 */
export function createAuthHttp(options: AuthHttpOptions = {}): Got {
  const total = options.timeoutMs ?? 20_000;
  return got.extend({
    timeout: { lookup: Math.min(5_000, total), connect: Math.min(5_000, total), request: total },
    retry: {
      limit: 2,
      methods: ['GET', 'POST'],
      statusCodes: [],
      errorCodes: ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'],
      backoffLimit: 1_000,
    },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    headers: { 'user-agent': options.userAgent ?? 'TapkeyLocks', accept: 'application/json' },
  });
}
