import { BODY_LIMITS, BodyTooLarge, readBoundedText } from '../net/bounded-body';

/** Time limits for talking to the authorization server; tests shorten them. */
export interface AuthHttpOptions {
  /** Limit for discovery and revocation, body included, in milliseconds (default 20 s). */
  timeoutMs?: number;
  /**
   * Limit for a token request (code exchange, refresh), body included (default 60 s). Generous on purpose: once a
   * refresh is sent the server may already have rotated the refresh token, so giving up early loses the sign-in.
   */
  tokenTimeoutMs?: number;
  /** Sent as User-Agent, so server logs can tell the app apart. */
  userAgent?: string;
  /** Pause before retrying a request that provably never left (default 300 ms, doubled per retry). */
  retryDelayMs?: number;
}

/** An answer of the authorization server: its status and headers, and its body read within 1 MB. */
export interface AuthAnswer {
  status: number;
  headers: Headers;
  /** The body, or why it could not be read whole: larger than the limit, or cut off (connection lost, time up). */
  body: { text: string } | { unreadable: 'too-large' | 'cut-off' };
}

/** Why no answer arrived. */
export type NoAnswerReason = 'refused' | 'not-found' | 'timeout' | 'cancelled' | 'network';

/**
 * A request that got no HTTP answer. `maybeSent` is false only when the request provably never reached the server
 * (connection refused, name not found, connect timeout): only then may a token request be sent again.
 */
export class NoAnswer extends Error {
  constructor(
    readonly reason: NoAnswerReason,
    readonly maybeSent: boolean,
    options: { cause: unknown },
  ) {
    super(`no answer (${reason})`, options);
    this.name = 'NoAnswer';
  }
}

/** The HTTP client for discovery, token and revocation requests. */
export interface AuthHttp {
  get(url: string, signal?: AbortSignal): Promise<AuthAnswer>;
  /** POSTs a form; `token` requests (code exchange, refresh) get the generous token deadline. */
  post(
    url: string,
    form: Record<string, string>,
    options?: { signal?: AbortSignal; token?: boolean },
  ): Promise<AuthAnswer>;
}

/** Connection errors that prove the request never reached the server (undici's codes under fetch's TypeError). */
const NEVER_SENT: Readonly<Record<string, NoAnswerReason>> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'not-found',
  EAI_AGAIN: 'not-found',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
};

const RETRIES = 2;

/** What a failed fetch says about the request: cancelled by the caller, out of time, or which network error. */
export function noAnswer(e: unknown, callerSignal: AbortSignal | undefined): NoAnswer {
  if (callerSignal?.aborted) return new NoAnswer('cancelled', true, { cause: e });
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return new NoAnswer('timeout', true, { cause: e });
  if (name === 'AbortError') return new NoAnswer('cancelled', true, { cause: e });
  const code = (e as { cause?: { code?: unknown } } | null)?.cause?.code;
  const never = typeof code === 'string' ? NEVER_SENT[code] : undefined;
  return never
    ? new NoAnswer(never, false, { cause: e })
    : new NoAnswer('network', true, { cause: e });
}

async function readBody(res: Response): Promise<AuthAnswer['body']> {
  try {
    return { text: await readBoundedText(res.body, BODY_LIMITS.authServer) };
  } catch (e) {
    return { unreadable: e instanceof BodyTooLarge ? 'too-large' : 'cut-off' };
  }
}

/**
 * The HTTP client for the authorization server, over fetch. Every body is read as a stream within 1 MB (a huge or
 * endless answer costs 1 MB, not the process's memory), every request has one deadline for headers and body, and
 * redirects are never followed. Token POSTs are not idempotent (a code is single-use, a refresh token may rotate),
 * so a request is retried only when it provably never left: a refused connection, a failed DNS look-up, a connect
 * timeout.
 */
export function createAuthHttp(options: AuthHttpOptions = {}): AuthHttp {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const tokenTimeoutMs = options.tokenTimeoutMs ?? 60_000;
  const retryDelayMs = options.retryDelayMs ?? 300;
  const headers = { 'user-agent': options.userAgent ?? 'TapkeyLocks', accept: 'application/json' };

  const send = async (
    url: string,
    init: RequestInit,
    limitMs: number,
    signal: AbortSignal | undefined,
  ): Promise<AuthAnswer> => {
    for (let attempt = 0; ; attempt++) {
      const deadline = AbortSignal.timeout(limitMs);
      const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
      let res: Response;
      try {
        res = await fetch(url, { ...init, redirect: 'manual', signal: combined });
      } catch (e) {
        const failure = noAnswer(e, signal);
        if (failure.maybeSent || attempt >= RETRIES || signal?.aborted) throw failure;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** attempt));
        continue;
      }
      return { status: res.status, headers: res.headers, body: await readBody(res) };
    }
  };

  return {
    get: (url, signal) => send(url, { method: 'GET', headers }, timeoutMs, signal),
    post: (url, form, { signal, token = false } = {}) =>
      send(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        },
        token ? tokenTimeoutMs : timeoutMs,
        signal,
      ),
  };
}
