import { BODY_LIMITS, BodyTooLarge, readBoundedText } from '../../net/bounded-body';
import type { Deadline, HttpOptions } from './options';

/** One HTTP exchange with the API: what to send. */
export interface AttemptRequest {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  url: URL;
  token: string;
  /** A JSON text, for writes. */
  body?: string;
}

/** How one attempt ended. */
export type AttemptOutcome =
  /** The server answered; a body past the limit was not read (`tooLarge`, body ''). */
  | {
      kind: 'answer';
      status: number;
      body: string;
      retryAfter: string | undefined;
      /** The `WWW-Authenticate` header: on a 403 it tells a missing scope from a role (RFC 6750 §3.1). */
      wwwAuthenticate: string | undefined;
      tooLarge: boolean;
    }
  /**
   * No complete answer. `unsent`: the failure proves the request never left (refused connection, unknown host);
   * `status`: the answer's status when it arrived and its body was lost.
   */
  | { kind: 'failed'; code: string; timedOut: boolean; unsent: boolean; status: number | null }
  /** The caller's signal stopped it; whether the request reached the server is not known. */
  | { kind: 'cancelled' };

/** Failures that happen before a single byte of the request is written: nothing can have reached the server. */
const UNSENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** The system error code behind a failed fetch (ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET …), for the log. */
function networkCodeOf(e: unknown): string {
  const cause =
    e instanceof Error ? (e.cause as { code?: unknown; errors?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  // Several addresses tried in turn (happy eyeballs): the first one's code stands for all of them.
  const first = Array.isArray(cause?.errors) ? (cause.errors[0] as { code?: unknown }) : undefined;
  if (typeof first?.code === 'string') return first.code;
  return e instanceof Error ? e.name : 'unknown';
}

/** True when every address tried failed in a way that proves nothing was sent. */
function provesUnsent(e: unknown, code: string): boolean {
  const cause = e instanceof Error ? (e.cause as { errors?: unknown } | undefined) : undefined;
  if (Array.isArray(cause?.errors))
    return cause.errors.every((x) => UNSENT.has(String((x as { code?: unknown }).code)));
  return UNSENT.has(code);
}

/**
 * Makes one request and reads its answer with a byte limit (an endless or huge body must not take the
 * process's memory), within `timeoutMs` for the whole exchange: a body that stalls aborts with the same signal.
 * Node's own fetch (undici) rather than got: reading and decoding a 1 MB list costs about a third less CPU, which
 * is most of what separates us from an unvalidated client at 2,000 locks.
 */
export async function attempt(
  request: AttemptRequest,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  const timeout = AbortSignal.timeout(Math.max(1, Math.floor(timeoutMs)));
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const failed = (e: unknown, status: number | null): AttemptOutcome => {
    if (signal?.aborted) return { kind: 'cancelled' };
    const timedOut = timeout.aborted;
    const code = timedOut ? 'ETIMEDOUT' : networkCodeOf(e);
    return {
      kind: 'failed',
      code,
      timedOut,
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a timeout's code is ETIMEDOUT and a lost body's a socket error, neither in UNSENT; the guards only say so
      unsent: status === null && !timedOut && provesUnsent(e, code),
      status,
    };
  };
  let res: Response;
  try {
    res = await fetch(request.url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${request.token}`,
        accept: 'application/json',
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      // Stryker disable next-line ConditionalExpression: fetch treats body: undefined as no body; the spread is for the types
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
      signal: both,
    });
  } catch (e) {
    return failed(e, null);
  }
  const retryAfter = res.headers.get('retry-after') ?? undefined;
  const wwwAuthenticate = res.headers.get('www-authenticate') ?? undefined;
  try {
    const body = await readBoundedText(res.body, BODY_LIMITS.api);
    return {
      kind: 'answer',
      status: res.status,
      body,
      retryAfter,
      wwwAuthenticate,
      tooLarge: false,
    };
  } catch (e) {
    if (e instanceof BodyTooLarge)
      return {
        kind: 'answer',
        status: res.status,
        body: '',
        retryAfter,
        wwwAuthenticate,
        tooLarge: true,
      };
    return failed(e, res.status);
  }
}

/** One attempt in what is left of the request's deadline (never past it); null when nothing is left. */
export async function attemptInTime(
  request: AttemptRequest,
  options: HttpOptions,
  deadline: Deadline,
  signal?: AbortSignal,
): Promise<AttemptOutcome | null> {
  const left = deadline.remaining();
  if (left <= 0) return null;
  return attempt(request, Math.min(options.timeoutMs, left), signal);
}

/** Tapkey's `errorCode` from an error body (`{"errorCode":"NotFound","message":"…"}`), if there is one. */
export function tapkeyErrorCode(body: string): unknown {
  try {
    const parsed = JSON.parse(body) as unknown;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: null.errorCode would throw into the catch below, which also answers undefined
    return parsed && typeof parsed === 'object'
      ? (parsed as Record<string, unknown>).errorCode
      : undefined;
  } catch {
    return undefined;
  }
}

/** The body limit, in megabytes, as messages name it. */
export const BODY_LIMIT_MB = BODY_LIMITS.api / (1024 * 1024);
