// One exchange with the API as the read and write paths see it, against a local HTTP server: what an answer, a
// failure and a body past the limit look like, that a failure of ours is not taken for proof that nothing was sent,
// and that no attempt starts once the request's deadline has passed.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { attempt, attemptInTime, tapkeyErrorCode } from './attempt';
import { startLocalServer, type LocalServer } from './local-server.fixture';
import { defaultHttpOptions } from './options';

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(handler: (res: ServerResponse) => void) {
  const seen = { requests: 0 };
  server = await startLocalServer((_req, res) => {
    seen.requests++;
    handler(res);
  });
  return { url: new URL(`${server.origin}/api/v1/Owners`), seen };
}

const get = (url: URL) => ({ method: 'GET' as const, url, token: 't' });

describe('attempt', () => {
  it('an answer carries its status, body and the headers the callers act on', async () => {
    const { url } = await serve((res) =>
      res
        .writeHead(429, {
          'retry-after': '3',
          'www-authenticate': 'Bearer error="insufficient_scope"',
        })
        .end('{"errorCode":"TooMany"}'),
    );
    expect(await attempt(get(url), 5_000)).toEqual({
      kind: 'answer',
      status: 429,
      body: '{"errorCode":"TooMany"}',
      retryAfter: '3',
      wwwAuthenticate: 'Bearer error="insufficient_scope"',
      tooLarge: false,
    });
  });

  it('a body past the limit is not kept: the answer says so, with an empty body', async () => {
    const block = Buffer.alloc(1024 * 1024, 0x20);
    const { url } = await serve((res) => {
      res.writeHead(200);
      let left = 65;
      const pump = () => {
        while (left-- > 0) if (!res.write(block)) return void res.once('drain', pump);
        res.end();
      };
      pump();
    });
    expect(await attempt(get(url), 10_000)).toEqual({
      kind: 'answer',
      status: 200,
      body: '',
      retryAfter: undefined,
      wwwAuthenticate: undefined,
      tooLarge: true,
    });
  });

  it('a connection reset names its code; it may have been received, so it is not "unsent"', async () => {
    const { url } = await serve((res) => res.socket!.resetAndDestroy());
    expect(await attempt(get(url), 5_000)).toEqual({
      kind: 'failed',
      code: 'ECONNRESET',
      timedOut: false,
      unsent: false,
      status: null,
    });
  });

  it('a request fetch will not make is a failure named by its error, not a crash, and not proven unsent', async () => {
    // A port fetch blocks (its cause carries no code) and a URL with credentials (no cause at all).
    for (const url of ['http://127.0.0.1:1/api', 'http://user:pw@127.0.0.1:9/api']) {
      expect(await attempt(get(new URL(url)), 5_000), url).toEqual({
        kind: 'failed',
        code: 'TypeError',
        timedOut: false,
        unsent: false,
        status: null,
      });
    }
  });
});

describe('attemptInTime', () => {
  it('with nothing left of the deadline, no connection is even opened', async () => {
    const { url, seen } = await serve((res) => res.writeHead(204).end());
    let connects = 0;
    const onConnect = (m: unknown) => {
      if ((m as { connectParams: { port: string } }).connectParams.port === url.port) connects++;
    };
    subscribe('undici:client:beforeConnect', onConnect);
    try {
      const spent = { remaining: () => 0, wait: () => Promise.resolve() };
      expect(await attemptInTime(get(url), defaultHttpOptions, spent)).toBeNull();
      const left = { remaining: () => 1_000, wait: () => Promise.resolve() };
      expect(await attemptInTime(get(url), defaultHttpOptions, left)).toMatchObject({
        kind: 'answer',
        status: 204,
      });
      expect({ connects, requests: seen.requests }).toEqual({ connects: 1, requests: 1 });
    } finally {
      unsubscribe('undici:client:beforeConnect', onConnect);
    }
  });
});

describe('tapkeyErrorCode', () => {
  it('reads errorCode from an error object only', () => {
    expect(tapkeyErrorCode('{"errorCode":"NotFound","message":"m"}')).toBe('NotFound');
    for (const body of ['', 'null', '5', '"NotFound"', '{"message":"m"}', '<html>'])
      expect(tapkeyErrorCode(body), body).toBeUndefined();
  });
});
