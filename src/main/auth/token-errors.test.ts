// How token-endpoint failures become what the user reads, whether a later try may succeed (`transient`), and what
// the server may have done with the token (`fate`): real failures of the auth HTTP client from a closed port, a
// stalled server and an aborted request, plus each HTTP status and OAuth error the mapping tells apart.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHttp, NoAnswer } from './http';
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
    fate: t.fate,
    oauthError: t.oauthError,
    extra: t.extra,
  };
}

/** The whole of a refusal: the server refused the token (never worth a retry), with `code` and `message`. */
const refusal = (code: string, message: string, oauthError: string | undefined) => ({
  code,
  message,
  transient: false,
  fate: 'refused',
  oauthError,
  extra: {},
});

describe('HTTP answers from the token endpoint', () => {
  it('ends the session on any 400 or 401 at refresh, with any body or none (RFC 6749 §5.2)', () => {
    for (const [status, oauthError] of [
      [400, 'invalid_grant'],
      [400, undefined],
      [401, undefined],
      [400, 'invalid_request'],
      [401, 'something_else'],
    ] as const)
      expect(
        shape(httpFailure(status, oauthError, 'refresh', URL_)),
        `${status} ${oauthError}`,
      ).toEqual(
        refusal(
          'session-expired',
          'Your sign-in has expired or was revoked. Please sign in again.',
          oauthError,
        ),
      );
  });

  it('fails the sign-in on invalid_grant at exchange, and names a bare 400 or 401 by its status', () => {
    expect(shape(httpFailure(400, 'invalid_grant', 'exchange', URL_))).toEqual(
      refusal(
        'sign-in-failed',
        'The sign-in code was rejected (it may have expired). Please try signing in again.',
        'invalid_grant',
      ),
    );
    expect(shape(httpFailure(401, undefined, 'exchange', URL_))).toMatchObject({
      code: 'sign-in-failed',
      message: `${HOST} refused the request (HTTP 401). Try signing in again.`,
      fate: 'refused',
    });
  });

  it('points at the client ID for invalid_client and unauthorized_client, naming the server, for both purposes', () => {
    for (const oauthError of ['invalid_client', 'unauthorized_client'])
      for (const purpose of ['refresh', 'exchange'] as const)
        expect(shape(httpFailure(401, oauthError, purpose, URL_)), oauthError).toEqual(
          refusal(
            'sign-in-failed',
            `${HOST} does not accept this app's client ID. Check the client ID in Settings.`,
            oauthError,
          ),
        );
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
      fate: 'failed',
      oauthError: 'access_denied',
    });
  });

  it('reads a Retry-After in seconds on 429, and says "in a moment" for anything else', () => {
    expect(shape(httpFailure(429, 'slow_down', 'refresh', URL_, '12'))).toEqual({
      code: 'rate-limited',
      message: `${HOST} is busy. Try again in 12 seconds.`,
      transient: true,
      fate: 'failed',
      oauthError: undefined,
      extra: { retryAfterSeconds: 12 },
    });
    for (const retryAfter of [
      undefined,
      null,
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
        fate: 'failed',
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

  it('treats 5xx as a transient server problem, and any other status as an answer that issued nothing', () => {
    for (const status of [500, 503]) {
      expect(shape(httpFailure(status, undefined, 'refresh', URL_)), String(status)).toEqual({
        code: 'server',
        message: `${HOST} had a problem (HTTP ${status}). Try again in a moment.`,
        transient: true,
        fate: 'failed',
        oauthError: undefined,
        extra: {},
      });
    }
    for (const status of [302, 403, 404, 499])
      expect(shape(httpFailure(status, undefined, 'refresh', URL_)), String(status)).toEqual({
        code: 'malformed-response',
        message: `${HOST} sent an unexpected answer (HTTP ${status}). Check the authorization server in Settings.`,
        transient: false,
        fate: 'failed',
        oauthError: undefined,
        extra: {},
      });
    expect(httpFailure(404, 'not_found', 'refresh', URL_).oauthError).toBe('not_found');
  });

  it('passes an unknown OAuth error through, shortened, as a permanent refusal of a sign-in', () => {
    const oauthError = `invalid_request_${'x'.repeat(100)}`;
    expect(shape(httpFailure(400, oauthError, 'exchange', URL_))).toEqual({
      code: 'sign-in-failed',
      message: `${HOST} refused the request (${oauthError.slice(0, 60)}). Try signing in again.`,
      transient: false,
      fate: 'refused',
      oauthError,
      extra: {},
    });
  });

  it('says "the sign-in server" when the endpoint address cannot be read; an unreadable 200 has an unknown fate', () => {
    expect(httpFailure(500, undefined, 'refresh', 'not a url').message).toBe(
      'the sign-in server had a problem (HTTP 500). Try again in a moment.',
    );
    expect(shape(unreadableAnswer(200, URL_))).toEqual({
      code: 'malformed-response',
      message: `${HOST} sent an answer the app cannot read (HTTP 200). Try again later.`,
      transient: true,
      fate: 'unknown',
      oauthError: undefined,
      extra: {},
    });
  });

  it('is a named AppFailure that keeps its cause', () => {
    const cause = new NoAnswer('network', true, { cause: new Error('socket hang up') });
    const e = transportFailure(cause, URL_);
    expect(e.name).toBe('TokenEndpointError');
    expect(e.cause).toBe(cause);
  });
});

describe('transport failures of the auth HTTP client', () => {
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
  const post = (url: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}) =>
    createAuthHttp({ retryDelayMs: 1, tokenTimeoutMs: options.timeoutMs ?? 5_000 })
      .post(
        url,
        { grant_type: 'refresh_token' },
        {
          token: true,
          ...(options.signal ? { signal: options.signal } : {}),
        },
      )
      .then(
        () => {
          throw new Error('expected the request to fail');
        },
        (e: unknown) => e as NoAnswer,
      );

  it('maps a refused connection to "network", naming the host; nothing was sent', async () => {
    const e = await post(closedUrl);
    expect(e).toBeInstanceOf(NoAnswer);
    const host = new URL(closedUrl).host;
    expect(shape(transportFailure(e, closedUrl))).toEqual({
      code: 'network',
      message: `Could not reach ${host}. Check your internet connection and try again.`,
      transient: true,
      fate: 'not-sent',
      oauthError: undefined,
      extra: {},
    });
  });

  it('maps the deadline to "timeout"; the request may have been processed', async () => {
    const e = await post(stalledUrl, { timeoutMs: 100 });
    expect(shape(transportFailure(e, stalledUrl))).toMatchObject({
      code: 'timeout',
      message: `${new URL(stalledUrl).host} did not answer in time. Check your connection and try again.`,
      transient: true,
      fate: 'unknown',
    });
  });

  it('maps an aborted request to "cancelled"; the request may have been processed', async () => {
    const controller = new AbortController();
    const pending = post(stalledUrl, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(shape(transportFailure(await pending, stalledUrl))).toEqual({
      code: 'cancelled',
      message: 'The request was cancelled.',
      transient: true,
      fate: 'unknown',
      oauthError: undefined,
      extra: {},
    });
  });

  it('maps a connection lost after sending to "network" with an unknown fate', () => {
    expect(
      shape(transportFailure(new NoAnswer('network', true, { cause: null }), URL_)),
    ).toMatchObject({ code: 'network', fate: 'unknown', transient: true });
    expect(
      shape(transportFailure(new NoAnswer('timeout', false, { cause: null }), URL_)),
    ).toMatchObject({ code: 'timeout', fate: 'not-sent' });
  });
});
