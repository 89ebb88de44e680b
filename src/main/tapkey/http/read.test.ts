// The read half of the request layer against a local HTTP server it cannot trust: a hung API is reported within
// the request's total deadline (body limits: body-limit.integration.test.ts, which measures a child process).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isFailure } from '../../errors';
import { silentLogger } from '../../log';
import { createGetJson } from './read';
import { startLocalServer, type LocalServer } from './local-server.fixture';
import { defaultHttpOptions, type HttpOptions } from './options';

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Starts a server answering with `handler`; counts the requests it received. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen = { requests: 0 };
  server = await startLocalServer((req, res) => {
    seen.requests++;
    handler(req, res);
  });
  return { url: new URL(`${server.origin}/api/v1/Owners`), seen };
}

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
