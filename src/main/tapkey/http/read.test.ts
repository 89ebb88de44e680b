// The read half of the request layer against a local HTTP server it cannot trust: a hung API is reported within
// the request's total deadline, transient failures are retried and the rest are not, every final answer becomes
// its own short failure, and a body reaches the log only as its length and Tapkey's error code (the memory bound
// of a huge body: body-limit.integration.test.ts, which measures a child process).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isFailure } from '../../errors';
import { appFailureOf } from '../../failure-of.fixture';
import { createLogger, silentLogger } from '../../log';
import { freeLoopbackPort } from '../../../../test/support/free-port';
import { createGetJson } from './read';
import { sendPastBodyLimit, startLocalServer, type LocalServer } from './local-server.fixture';
import { defaultHttpOptions, statusCauseOf, type HttpOptions } from './options';

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Starts a server answering with `handler` (`n`: the request's number, from 1); records what it received. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  const seen = { requests: 0, received: [] as IncomingMessage[] };
  server = await startLocalServer((req, res) => {
    seen.requests++;
    seen.received.push(req);
    handler(req, res, seen.requests);
  });
  return { url: new URL(`${server.origin}/api/v1/Owners`), seen };
}

const json = (res: ServerResponse, status: number, body: string, headers = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);

const tokens = {
  getAccessToken: async () => 'test-token',
  refreshAfterUnauthorized: async () => 'test-token',
};
const purpose = { what: 'your owner accounts', scope: 'read:owneraccounts' };
const getJson = (o: Partial<HttpOptions>) =>
  createGetJson(tokens, silentLogger, { ...defaultHttpOptions, retryBaseDelayMs: 10, ...o });
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe('one total deadline per request', () => {
  it('a hung API is reported as a timeout within the deadline: the attempts stop there, not after all four', async () => {
    const { url, seen } = await serve(() => {
      // Never answers.
    });
    const e = await failureOf(
      getJson({ timeoutMs: 300, totalTimeoutMs: 500, maxAttempts: 4 })(url, purpose),
    );
    expect(isFailure(e, 'timeout')).toBe(true);
    expect((e as Error).message).toBe(
      'Tapkey did not answer in time while loading your owner accounts. Try again.',
    );
    // Each attempt may use at most what is left of the 500 ms: two of 300 ms cannot both run whole.
    expect(seen.requests).toBeGreaterThanOrEqual(1);
    expect(seen.requests).toBeLessThanOrEqual(2);
  });

  it('does not wait for a retry that would end past the deadline: it reports what it has', async () => {
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(503, { 'retry-after': '5' }).end();
    });
    const e = await failureOf(
      getJson({ totalTimeoutMs: 1_000, maxRetryAfterSeconds: 30 })(url, purpose),
    );
    expect(isFailure(e, 'server')).toBe(true);
    expect((e as Error).message).toBe(
      'Tapkey is temporarily unavailable (HTTP 503) while loading your owner accounts. Try again.',
    );
    expect(seen.requests).toBe(1);
  });

  it('within the deadline, retries as before', async () => {
    let n = 0;
    const { url, seen } = await serve((_req, res) => {
      if (++n < 3) res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('[1]');
    });
    expect(await getJson({ totalTimeoutMs: 10_000 })(url, purpose)).toEqual([1]);
    expect(seen.requests).toBe(3);
  });
});

/** A token source that hands out token-1, then token-2 after a 401, and records what it was asked. */
function renewingTokens() {
  const t = {
    current: 'token-1',
    rejected: [] as string[],
    signals: [] as Array<AbortSignal | undefined>,
    getAccessToken: async (signal?: AbortSignal) => {
      t.signals.push(signal);
      return t.current;
    },
    refreshAfterUnauthorized: async (rejected: string, signal?: AbortSignal) => {
      t.rejected.push(rejected);
      t.signals.push(signal);
      t.current = `token-${t.rejected.length + 1}`;
      return t.current;
    },
  };
  return t;
}

/** A reader whose log lines are kept, parsed. */
function loggedReader(o: Partial<HttpOptions> = {}, onLine: (line: string) => void = () => {}) {
  const lines: Array<Record<string, unknown>> = [];
  const tokens = renewingTokens();
  const read = createGetJson(
    tokens,
    createLogger((line) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
      onLine(line);
    }, 'debug'),
    { ...defaultHttpOptions, retryBaseDelayMs: 10, ...o },
  );
  return { read, lines, tokens };
}

describe('a successful read', () => {
  it('is one GET with the bearer token, asking for JSON, and returns the parsed body', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 200, '{"a":[1,2]}'));
    const { read, tokens } = loggedReader();
    expect(await read(url, purpose)).toEqual({ a: [1, 2] });
    expect(seen.received.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['GET', '/api/v1/Owners', 'Bearer token-1'],
    ]);
    expect(seen.received[0]!.headers.accept).toBe('application/json');
    expect(seen.received[0]!.headers['content-type']).toBeUndefined();
    expect(tokens.rejected).toEqual([]);
  });

  it('passes the caller’s signal on to the token source, so a cancel also stops a renewal', async () => {
    const { url } = await serve((_req, res, n) =>
      n === 1 ? res.writeHead(401).end() : json(res, 200, '[]'),
    );
    const { read, tokens } = loggedReader();
    const controller = new AbortController();
    await read(url, purpose, controller.signal);
    expect(tokens.signals).toEqual([controller.signal, controller.signal]);
  });

  it('does not follow a redirect: the bearer token never goes to another address', async () => {
    let elsewhere = 0;
    const other = await startLocalServer((_req, res) => {
      elsewhere++;
      json(res, 200, '[]');
    });
    try {
      const { url } = await serve((_req, res) =>
        res.writeHead(302, { location: `${other.origin}/steal` }).end(),
      );
      const e = await appFailureOf(loggedReader().read(url, purpose));
      expect(e.code).toBe('server');
      expect(e.message).toBe('Tapkey could not deliver your owner accounts (HTTP 302).');
      expect(elsewhere).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a 2xx that is not JSON is malformed-response, and only its length reaches the log', async () => {
    const { url } = await serve((_req, res) => json(res, 200, '<html>secret page</html>'));
    const { read, lines } = loggedReader();
    const e = await appFailureOf(read(url, purpose));
    expect({ code: e.code, message: e.message }).toEqual({
      code: 'malformed-response',
      message: 'Tapkey sent an unreadable answer while loading your owner accounts.',
    });
    expect(lines.map(({ time: _t, ...rest }) => rest)).toEqual([
      {
        level: 'warn',
        message: 'tapkey sent a body that is not JSON',
        url: '/api/v1/Owners',
        status: 200,
        bodyLength: 24,
      },
    ]);
  });

  it('a 2xx past the body limit is malformed-response naming the limit, and is not retried', async () => {
    const { url, seen } = await serve((_req, res) => sendPastBodyLimit(res, 200));
    const { read, lines } = loggedReader();
    const e = await appFailureOf(read(url, purpose));
    expect({ code: e.code, message: e.message }).toEqual({
      code: 'malformed-response',
      message: 'Tapkey sent an answer larger than 64 MB while loading your owner accounts.',
    });
    expect(seen.requests).toBe(1);
    expect(lines.map(({ time: _t, ...rest }) => rest)).toEqual([
      {
        level: 'warn',
        message: 'tapkey sent a body past the limit',
        url: '/api/v1/Owners',
        status: 200,
      },
    ]);
  });
});

describe('a 401', () => {
  it('renews the rejected token once and asks again; it does not count as an attempt', async () => {
    // 401, 503, 200 with two attempts: the 401 must not use up the first one.
    const { url, seen } = await serve((_req, res, n) => {
      if (n === 1) res.writeHead(401).end();
      else if (n === 2) res.writeHead(503).end();
      else json(res, 200, '[1]');
    });
    const { read, tokens } = loggedReader({ maxAttempts: 2 });
    expect(await read(url, purpose)).toEqual([1]);
    expect(tokens.rejected).toEqual(['token-1']);
    expect(seen.received.map((r) => r.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
      'Bearer token-2',
    ]);
  });

  it('a second 401 after the renewal means the sign-in is gone: session-expired, no third request', async () => {
    const { url, seen } = await serve((_req, res) => res.writeHead(401).end());
    const { read, tokens } = loggedReader();
    const e = await appFailureOf(read(url, purpose));
    expect({ code: e.code, message: e.message }).toEqual({
      code: 'session-expired',
      message: 'Your sign-in has expired or was revoked. Please sign in again.',
    });
    expect(tokens.rejected).toEqual(['token-1']);
    expect(seen.requests).toBe(2);
  });
});

describe('final answers', () => {
  it.each([
    [402, 'plan-limit', 'Your Tapkey plan does not allow reading your owner accounts.'],
    [
      403,
      'forbidden',
      'Tapkey does not let you read your owner accounts: your role in this owner account does not allow it, or the item does not.',
    ],
    [404, 'not-found', 'Tapkey could not find your owner accounts; it may have been removed.'],
    [300, 'server', 'Tapkey could not deliver your owner accounts (HTTP 300).'],
    [400, 'server', 'Tapkey could not deliver your owner accounts (HTTP 400).'],
    [500, 'server', 'Tapkey could not deliver your owner accounts (HTTP 500).'],
  ])('HTTP %i: "%s", asked once', async (status, code, message) => {
    const { url, seen } = await serve((_req, res) => json(res, status, '{"errorCode":"X"}'));
    const e = await appFailureOf(loggedReader().read(url, purpose));
    expect({ code: e.code, message: e.message }).toEqual({ code, message });
    expect(seen.requests).toBe(1);
  });

  it('a 403 with insufficient_scope names the scope and where to allow it', async () => {
    const { url } = await serve((_req, res) =>
      json(res, 403, '{}', {
        'www-authenticate': 'Bearer error="insufficient_scope", scope="read:owneraccounts"',
      }),
    );
    const e = await appFailureOf(loggedReader().read(url, purpose));
    expect(e.code).toBe('permission');
    expect(e.message).toContain('lacks read:owneraccounts, needed to read your owner accounts.');
  });

  it('another error carries its status and the start of its body for the caller, never to the message', async () => {
    const body = `{"errorCode":"TopTooLarge","message":"${'x'.repeat(600)}"}`;
    const { url } = await serve((_req, res) => json(res, 400, body));
    const e = await appFailureOf(loggedReader().read(url, purpose));
    expect(statusCauseOf(e)).toEqual({ status: 400, body: body.slice(0, 500) });
    expect(e.message).not.toContain('TopTooLarge');
  });

  it('logs the status, attempt, Tapkey’s error code and the body’s length, never the body', async () => {
    const body = '{"errorCode":"NotFound","message":"owner o-secret is gone"}';
    const { url } = await serve((_req, res) => json(res, 404, body));
    const { read, lines } = loggedReader();
    await appFailureOf(read(url, purpose));
    expect(lines.map(({ time: _t, ...rest }) => rest)).toEqual([
      {
        level: 'warn',
        message: 'tapkey answered with an error',
        url: '/api/v1/Owners',
        status: 404,
        attempt: 1,
        errorCode: 'NotFound',
        bodyLength: body.length,
      },
    ]);
  });
});

describe('retries', () => {
  it.each([429, 502, 503, 504])('HTTP %i is retried, and the read succeeds', async (status) => {
    const { url, seen } = await serve((_req, res, n) =>
      n === 1 ? res.writeHead(status).end() : json(res, 200, '[2]'),
    );
    expect(await loggedReader().read(url, purpose)).toEqual([2]);
    expect(seen.requests).toBe(2);
  });

  it('a 503 on every attempt ends after maxAttempts with "temporarily unavailable"', async () => {
    const { url, seen } = await serve((_req, res) => res.writeHead(503).end());
    const e = await appFailureOf(loggedReader({ maxAttempts: 3 }).read(url, purpose));
    expect({ code: e.code, message: e.message }).toEqual({
      code: 'server',
      message:
        'Tapkey is temporarily unavailable (HTTP 503) while loading your owner accounts. Try again.',
    });
    expect(seen.requests).toBe(3);
  });

  it('a 429 on every attempt ends in rate-limited, with the delay Tapkey asked for', async () => {
    const { url, seen } = await serve((_req, res) =>
      res.writeHead(429, { 'retry-after': '0' }).end(),
    );
    const e = await appFailureOf(loggedReader({ maxAttempts: 2 }).read(url, purpose));
    expect({ code: e.code, message: e.message, extra: e.extra }).toEqual({
      code: 'rate-limited',
      message: 'Tapkey is limiting requests; try again in 0 s.',
      extra: { retryAfterSeconds: 0 },
    });
    expect(seen.requests).toBe(2);
  });

  it.each([
    // The backoff (at least 2.5 s) would not fit in the deadline; Retry-After: 0 does.
    [
      'as long as Retry-After says, not the backoff',
      503,
      { retryBaseDelayMs: 60_000, totalTimeoutMs: 2_000 },
    ],
    ['a Retry-After of exactly the allowed maximum', 429, { maxRetryAfterSeconds: 0 }],
  ] as const)('waits %s', async (_what, status, options) => {
    const { url, seen } = await serve((_req, res, n) =>
      n === 1 ? res.writeHead(status, { 'retry-after': '0' }).end() : json(res, 200, '[3]'),
    );
    expect(await loggedReader(options).read(url, purpose)).toEqual([3]);
    expect(seen.requests).toBe(2);
  });

  it('a Retry-After longer than allowed is not waited for: rate-limited at once, with the delay', async () => {
    const { url, seen } = await serve((_req, res) =>
      res.writeHead(429, { 'retry-after': '31' }).end(),
    );
    const read = loggedReader({ maxRetryAfterSeconds: 30, totalTimeoutMs: 120_000 }).read;
    const e = await appFailureOf(read(url, purpose));
    expect({ code: e.code, extra: e.extra }).toEqual({
      code: 'rate-limited',
      extra: { retryAfterSeconds: 31 },
    });
    expect(seen.requests).toBe(1);
  });

  it('a connection refused on every attempt ends in "network" after maxAttempts, each attempt logged', async () => {
    const port = await freeLoopbackPort();
    const { read, lines } = loggedReader({ maxAttempts: 3 });
    const e = await appFailureOf(read(new URL(`http://127.0.0.1:${port}/api/v1/Owners`), purpose));
    expect({ code: e.code, message: e.message }).toEqual({
      code: 'network',
      message:
        'Could not reach Tapkey while loading your owner accounts. Check your connection and try again.',
    });
    expect(lines.map(({ time: _t, ...rest }) => rest)).toEqual(
      [1, 2, 3].map((attempt) => ({
        level: 'warn',
        message: 'tapkey request failed',
        url: '/api/v1/Owners',
        attempt,
        failure: 'ECONNREFUSED',
      })),
    );
  });

  it('an attempt that times out is tried again; when every one does, the failure is a timeout', async () => {
    const { url, seen } = await serve(() => {
      // Never answers.
    });
    const { read, lines } = loggedReader({
      timeoutMs: 150,
      totalTimeoutMs: 20_000,
      maxAttempts: 2,
    });
    const e = await appFailureOf(read(url, purpose));
    expect(e.code).toBe('timeout');
    expect(seen.requests).toBe(2);
    expect(lines.map((l) => l.failure)).toEqual(['ETIMEDOUT', 'ETIMEDOUT']);
  });

  it.each([
    ['closed (UND_ERR_SOCKET)', (res: ServerResponse) => res.socket?.destroy()],
    ['reset (ECONNRESET)', (res: ServerResponse) => res.socket?.resetAndDestroy()],
  ])(
    'a connection %s on the first attempt is asked again at once, on a fresh connection',
    async (_name, drop) => {
      // The backoff (at least 2.5 s) would not fit in the deadline: only an immediate retry can succeed.
      const { url, seen } = await serve((_req, res, n) =>
        n === 1 ? drop(res) : json(res, 200, '[5]'),
      );
      const read = loggedReader({ retryBaseDelayMs: 60_000, totalTimeoutMs: 2_000 }).read;
      expect(await read(url, purpose)).toEqual([5]);
      expect(seen.requests).toBe(2);
    },
  );

  it('without Retry-After, a 503 waits the backoff: one that does not fit in the deadline is not waited', async () => {
    const { url, seen } = await serve((_req, res, n) =>
      n === 1 ? res.writeHead(503).end() : json(res, 200, '[8]'),
    );
    const read = loggedReader({ retryBaseDelayMs: 60_000, totalTimeoutMs: 2_000 }).read;
    expect((await appFailureOf(read(url, purpose))).code).toBe('server');
    expect(seen.requests).toBe(1);
  });

  it('with no time left, nothing is sent: a timeout', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 200, '[]'));
    const e = await appFailureOf(loggedReader({ totalTimeoutMs: 0 }).read(url, purpose));
    expect({ code: e.code, message: e.message }).toEqual({
      code: 'timeout',
      message: 'Tapkey did not answer in time while loading your owner accounts. Try again.',
    });
    expect(seen.requests).toBe(0);
  });

  it('a reset on a later attempt, or another failure on the first, backs off', async () => {
    const options = { retryBaseDelayMs: 60_000, totalTimeoutMs: 2_000 };
    const resets = await serve((_req, res, n) =>
      n <= 2 ? res.socket?.destroy() : json(res, 200, '[6]'),
    );
    const e = await appFailureOf(loggedReader(options).read(resets.url, purpose));
    expect(e.code).toBe('network');
    expect(resets.seen.requests).toBe(2);
    await server?.close();

    const silent = await serve((_req, res, n) => (n === 1 ? undefined : json(res, 200, '[7]')));
    const t = await appFailureOf(
      loggedReader({ ...options, timeoutMs: 150 }).read(silent.url, purpose),
    );
    expect(t.code).toBe('timeout');
    expect(silent.seen.requests).toBe(1);
  });
});

describe('cancelling', () => {
  it('an aborted signal sends nothing', async () => {
    const { url, seen } = await serve((_req, res) => json(res, 200, '[]'));
    const e = await appFailureOf(loggedReader().read(url, purpose, AbortSignal.abort()));
    expect({ code: e.code, message: e.message }).toEqual({
      code: 'cancelled',
      message: 'The request was cancelled.',
    });
    expect(seen.requests).toBe(0);
  });

  it('a cancel while waiting for an answer ends the read as cancelled, not as a network failure', async () => {
    const { url, seen } = await serve(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = appFailureOf(loggedReader().read(url, purpose, controller.signal));
    while (seen.requests === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect((await pending).code).toBe('cancelled');
    expect(seen.requests).toBe(1);
  });

  it('a cancel during the wait before a retry ends it there: nothing more is sent', async () => {
    const { url, seen } = await serve((_req, res) => res.writeHead(503).end());
    const controller = new AbortController();
    const { read } = loggedReader({ retryBaseDelayMs: 5_000 }, (line) => {
      if (line.includes('tapkey answered with an error')) controller.abort();
    });
    const e = await appFailureOf(read(url, purpose, controller.signal));
    expect(e.code).toBe('cancelled');
    expect(seen.requests).toBe(1);
  });
});
