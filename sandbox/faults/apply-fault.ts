import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/respond';
import type { FaultRule } from '../types';
import type { RequestTarget } from './fault-engine';
import { streamLongBody } from './streamed-body';

const API_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

const OAUTH_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_client',
  403: 'access_denied',
  429: 'temporarily_unavailable',
  503: 'temporarily_unavailable',
};

function defaultBody(target: RequestTarget, status: number): unknown {
  if (target === 'api' || target === 'other') {
    return { errorCode: API_CODES[status] ?? 'Error', message: `Injected fault: HTTP ${status}.` };
  }
  return {
    error: OAUTH_CODES[status] ?? 'server_error',
    error_description: `Injected fault: HTTP ${status}.`,
  };
}

/** The default size of a huge-body answer: far beyond any limit a client should accept, yet quick to stream. */
const HUGE_BODY_BYTES = 300 * 1024 * 1024;

/**
 * Answers a request with a terminal fault: a status, a malformed JSON body, a dropped connection, or a huge or
 * endless body (resolves when that body is done or the client has gone).
 */
export async function answerWithFault(
  res: ServerResponse,
  target: RequestTarget,
  rule: FaultRule,
): Promise<void> {
  if (rule.kind === 'huge-body' || rule.kind === 'endless-body') {
    await streamLongBody(
      res,
      target,
      rule.kind === 'endless-body' ? null : (rule.sizeBytes ?? HUGE_BODY_BYTES),
    );
    return;
  }
  if (rule.kind === 'drop') {
    // No response at all: the client sees a reset / "socket hang up".
    res.socket?.destroy();
    return;
  }
  if (rule.kind === 'malformed-json') {
    const text = '{"id": "0b6f, "title": [tru';
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }
  const status = rule.status ?? 500;
  const headers: Record<string, string> = {};
  if (rule.emptyBody) {
    res.writeHead(status, { 'Content-Length': '0', 'Cache-Control': 'no-store', ...headers });
    res.end();
    return;
  }
  if (rule.retryAfterSeconds !== undefined) headers['Retry-After'] = String(rule.retryAfterSeconds);
  if (status === 401 && target === 'api')
    headers['WWW-Authenticate'] =
      'Bearer error="invalid_token", error_description="Injected fault"';
  sendJson(res, status, rule.body !== undefined ? rule.body : defaultBody(target, status), headers);
}

/**
 * Makes the response body arrive slowly: headers and the first half go out at once, the rest after
 * `delayMs`. Works for any handler (ours or oidc-provider's) because it wraps write/end.
 */
export function slowDownBody(
  res: ServerResponse,
  delayMs: number,
  schedule: (fn: () => void, ms: number) => void,
  finish: 'end' | 'drop' = 'end',
): void {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  const end = res.end.bind(res) as (chunk?: Buffer) => ServerResponse;
  const toBuffer = (chunk: unknown): Buffer | undefined =>
    typeof chunk === 'string'
      ? Buffer.from(chunk)
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : undefined;
  const slowWrite = (chunk: unknown): boolean => {
    const buf = toBuffer(chunk);
    if (buf) chunks.push(buf);
    return true;
  };
  const slowEnd = (chunk?: unknown): ServerResponse => {
    const buf = toBuffer(chunk);
    if (buf) chunks.push(buf);
    const body = Buffer.concat(chunks);
    const half = Math.ceil(body.length / 2);
    if (half > 0) write(body.subarray(0, half));
    else res.flushHeaders();
    schedule(() => {
      if (res.destroyed) return;
      if (finish === 'drop') res.socket?.destroy();
      else end(body.subarray(half));
    }, delayMs);
    return res;
  };
  res.write = slowWrite as ServerResponse['write'];
  res.end = slowEnd as ServerResponse['end'];
}

/**
 * Lets the handler do all its work (oidc-provider rotates a refresh token, the API serves the list), then holds its
 * answer back: sends it whole after `delayMs`, or destroys the connection instead ('drop') so the client never learns
 * what the server did. Headers are held too: Node sends them only with the first write.
 */
export function holdAnswer(
  res: ServerResponse,
  finish: 'drop' | 'delay',
  delayMs: number,
  schedule: (fn: () => void, ms: number) => void,
): void {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  const end = res.end.bind(res) as (chunk?: Buffer) => ServerResponse;
  const keep = (chunk: unknown) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  res.write = ((chunk: unknown) => {
    keep(chunk);
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown) => {
    keep(chunk);
    schedule(() => {
      if (res.destroyed) return;
      if (finish === 'drop') {
        res.socket?.destroy();
        return;
      }
      const body = Buffer.concat(chunks);
      if (body.length > 0) write(body);
      end();
    }, delayMs);
    return res;
  }) as ServerResponse['end'];
}
