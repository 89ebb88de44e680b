// How token-endpoint failures become what the user reads, and whether the stored refresh token survives them
// (`transient`): real got errors from a closed port, a stalled server and an aborted request, plus each OAuth
// error and HTTP status the mapping tells apart.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import got, { Options, RequestError } from 'got';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  httpFailure,
  TokenEndpointError,
  transportFailure,
  unreadableAnswer,
} from './token-errors';

const URL_ = 'https://login.example:8443/connect/token';
const HOST = 'login.example:8443';

function shape(e: unknown) {
  expect(e).toBeInstanceOf(TokenEndpointError);
  const t = e as TokenEndpointError;
  return {
    code: t.code,
    message: t.message,
    transient: t.transient,
    oauthError: t.oauthError,
    extra: t.extra,
  };
}

describe('HTTP answers from the token endpoint', () => {
  it('ends the session on invalid_grant at refresh, and fails the sign-in on invalid_grant at exchange', () => {
    expect(shape(httpFailure(400, 'invalid_grant', 'refresh', URL_))).toEqual({
      code: 'session-expired',
      message: 'Your sign-in has expired or was revoked. Please sign in again.',
      transient: false,
      oauthError: 'invalid_grant',
      extra: {},
    });
    expect(shape(httpFailure(400, 'invalid_grant', 'exchange', URL_))).toEqual({
      code: 'sign-in-failed',
      message: 'The sign-in code was rejected (it may have expired). Please try signing in again.',
      transient: false,
      oauthError: 'invalid_grant',
      extra: {},
    });
  });

  it('points at the client ID for invalid_client and unauthorized_client, naming the server', () => {
    for (const oauthError of ['invalid_client', 'unauthorized_client']) {
      expect(shape(httpFailure(401, oauthError, 'refresh', URL_)), oauthError).toEqual({
        code: 'sign-in-failed',
        message: `${HOST} does not accept this app's client ID. Check the client ID in Settings.`,
        transient: false,
        oauthError,
        extra: {},
      });
    }
  });

  it('names refused permissions, and access denied', () => {
    expect(shape(httpFailure(400, 'invalid_scope', 'exchange', URL_))).toMatchObject({
      code: 'sign-in-failed',
      message: `${HOST} refused the permissions the app asks for. Check that your OAuth client allows them.`,
      transient: false,
      oauthError: 'invalid_scope',
    });
    expect(shape(httpFailure(403, 'access_denied', 'exchange', URL_))).toMatchObject({
      code: 'access-denied',
      message: 'Access was denied by the sign-in server.',
      transient: false,
      oauthError: 'access_denied',
    });
  });

  it('reads a Retry-After in seconds on 429, and says "in a moment" for anything else', () => {
    expect(shape(httpFailure(429, 'slow_down', 'refresh', URL_, '12'))).toEqual({
      code: 'rate-limited',
      message: `${HOST} is busy. Try again in 12 seconds.`,
      transient: true,
      oauthError: undefined,
      extra: { retryAfterSeconds: 12 },
    });
    for (const retryAfter of [
      undefined,
      '',
      '12s',
      ' 12',
      'Wed, 21 Oct 2015 07:28:00 GMT',
      '1.5',
    ]) {
      expect(
        shape(httpFailure(429, undefined, 'refresh', URL_, retryAfter)),
        String(retryAfter),
      ).toEqual({
        code: 'rate-limited',
        message: `${HOST} is busy. Try again in a moment.`,
        transient: true,
        oauthError: undefined,
        extra: {},
      });
      expect(
        httpFailure(429, undefined, 'refresh', URL_, retryAfter).extra,
        String(retryAfter),
      ).toStrictEqual({});
    }
    // "0" is a number of seconds, but not one worth telling the user.
    expect(shape(httpFailure(429, undefined, 'refresh', URL_, '0'))).toMatchObject({
      message: `${HOST} is busy. Try again in a moment.`,
      extra: { retryAfterSeconds: 0 },
    });
  });

  it('treats 5xx as a transient server problem and 4xx without an OAuth error as an unexpected answer', () => {
    for (const status of [500, 503]) {
      expect(shape(httpFailure(status, undefined, 'refresh', URL_)), String(status)).toEqual({
        code: 'server',
        message: `${HOST} had a problem (HTTP ${status}). Try again in a moment.`,
        transient: true,
        oauthError: undefined,
        extra: {},
      });
    }
    expect(shape(httpFailure(499, undefined, 'refresh', URL_))).toEqual({
      code: 'malformed-response',
      message: `${HOST} sent an unexpected answer (HTTP 499). Try again later.`,
      transient: true,
      oauthError: undefined,
      extra: {},
    });
  });

  it('passes an unknown OAuth error through, shortened, as a permanent refusal', () => {
    const oauthError = `invalid_request_${'x'.repeat(100)}`;
    expect(shape(httpFailure(400, oauthError, 'exchange', URL_))).toEqual({
      code: 'sign-in-failed',
      message: `${HOST} refused the request (${oauthError.slice(0, 60)}). Try signing in again.`,
      transient: false,
      oauthError,
      extra: {},
    });
  });

  it('says "the sign-in server" when the endpoint address cannot be read', () => {
    expect(httpFailure(500, undefined, 'refresh', 'not a url').message).toBe(
      'the sign-in server had a problem (HTTP 500). Try again in a moment.',
    );
    expect(shape(unreadableAnswer(200, URL_))).toEqual({
      code: 'malformed-response',
      message: `${HOST} sent an answer the app cannot read (HTTP 200). Try again later.`,
      transient: true,
      oauthError: undefined,
      extra: {},
    });
  });

  it('is a named AppFailure that keeps its cause', () => {
    const cause = new Error('socket hang up');
    const e = transportFailure(cause, URL_);
    expect(e.name).toBe('TokenEndpointError');
    expect(e.cause).toBe(cause);
  });
});

describe('transport failures from got', () => {
  let stalled: Server;
  let stalledUrl: string;
  let closedUrl: string;
  beforeAll(async () => {
    stalled = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', () => resolve()));
    stalledUrl = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/connect/token`;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/connect/token`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });
  afterAll(async () => {
    stalled.closeAllConnections();
    await new Promise<void>((resolve) => stalled.close(() => resolve()));
  });
  const post = (
    url: string,
    options: { timeout?: { request: number }; signal?: AbortSignal } = {},
  ) =>
    got.post(url, { retry: { limit: 0 }, form: { grant_type: 'refresh_token' }, ...options }).then(
      () => {
        throw new Error('expected the request to fail');
      },
      (e: unknown) => e,
    );

  it('maps a refused connection to "network", naming the host', async () => {
    const e = await post(closedUrl);
    expect(e).toBeInstanceOf(RequestError);
    const host = new URL(closedUrl).host;
    expect(shape(transportFailure(e, closedUrl))).toEqual({
      code: 'network',
      message: `Could not reach ${host}. Check your internet connection and try again.`,
      transient: true,
      oauthError: undefined,
      extra: {},
    });
  });

  it('maps got\'s timeout to "timeout"', async () => {
    const e = await post(stalledUrl, { timeout: { request: 100 } });
    expect(shape(transportFailure(e, stalledUrl))).toMatchObject({
      code: 'timeout',
      message: `${new URL(stalledUrl).host} did not answer in time. Check your connection and try again.`,
      transient: true,
    });
  });

  it('maps an aborted request to "cancelled"', async () => {
    const controller = new AbortController();
    const pending = post(stalledUrl, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(shape(transportFailure(await pending, stalledUrl))).toEqual({
      code: 'cancelled',
      message: 'The request was cancelled.',
      transient: true,
      oauthError: undefined,
      extra: {},
    });
  });

  it('recognises each marker on its own: the error name or the error code', () => {
    const options = new Options(URL_);
    // An operating-system connect timeout reaches got as a plain RequestError with code ETIMEDOUT.
    const osTimeout = new RequestError(
      'connect ETIMEDOUT 10.0.0.1:443',
      Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }),
      options,
    );
    expect(osTimeout.name).toBe('RequestError');
    expect(transportFailure(osTimeout, URL_).code).toBe('timeout');
    const abortedByCode = new RequestError(
      'aborted',
      Object.assign(new Error('aborted'), { code: 'ERR_ABORTED' }),
      options,
    );
    expect(transportFailure(abortedByCode, URL_).code).toBe('cancelled');
    const named = (name: string) =>
      Object.assign(new RequestError('x', new Error('x'), options), { name });
    expect(transportFailure(named('AbortError'), URL_).code).toBe('cancelled');
    expect(transportFailure(named('TimeoutError'), URL_).code).toBe('timeout');
    // An abort that did not come through got (a DOMException from AbortSignal) is still a cancellation.
    expect(
      shape(transportFailure(new DOMException('This operation was aborted', 'AbortError'), URL_)),
    ).toEqual({
      code: 'cancelled',
      message: 'The request was cancelled.',
      transient: true,
      oauthError: undefined,
      extra: {},
    });
    expect(
      transportFailure(Object.assign(new Error('x'), { name: 'TimeoutError' }), URL_).code,
    ).toBe('network');
    expect(transportFailure('not an error', URL_)).toMatchObject({
      code: 'network',
      message: `Could not reach ${HOST}. Check your internet connection and try again.`,
      transient: true,
    });
  });
});
