// The write path against a local HTTP server that records what it received: a write is sent once, sent again
// only when the connection was refused (nothing can have arrived), and a lost answer after sending is reported
// as outcome-unknown so the caller looks before retrying. Tapkey's refusals each get their own code.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { appFailureOf } from '../../failure-of.fixture';
import { createLogger } from '../../log';
import { defaultHttpOptions, type HttpOptions } from './options';
import { createSendJson } from './write';
import { freeLoopbackPort } from '../../../../test/support/free-port';
import { startLocalServer, type LocalServer } from './local-server.fixture';

interface Received {
  method: string;
  url: string;
  authorization: string;
  contentType: string;
  body: string;
}

const servers: LocalServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** Starts a server that records every request (body read whole first) and then lets `answer` respond. */
async function serve(
  answer: (res: ServerResponse, n: number, req: IncomingMessage) => void,
  port = 0,
) {
  const received: Received[] = [];
  const server = await startLocalServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        contentType: req.headers['content-type'] ?? '',
        body,
      });
      answer(res, received.length, req);
    });
  }, port);
  servers.push(server);
  return { url: new URL(`${server.origin}/api/v1/Owners/o1/Grants`), received, server };
}

function tokenSource() {
  const t = {
    refreshes: 0,
    current: 'token-1',
    getAccessToken: async () => t.current,
    refreshAfterUnauthorized: async (rejected: string) => {
      if (rejected === t.current) {
        t.refreshes++;
        t.current = `token-${t.refreshes + 1}`;
      }
      return t.current;
    },
  };
  return t;
}

const purpose = { what: 'the new grant', scope: 'write:grants' };
const grant = { contactId: 'c1', boundLockId: 'l1' };
function sender(o: Partial<HttpOptions> = {}, onLog: (line: string) => void = () => {}) {
  const tokens = tokenSource();
  const send = createSendJson(tokens, createLogger(onLog, 'debug'), {
    ...defaultHttpOptions,
    retryBaseDelayMs: 50,
    ...o,
  });
  return { send, tokens };
}

describe('writes', () => {
  it('sends the JSON body once, with the token, and returns Tapkey’s answer', async () => {
    const { url, received } = await serve((res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"g1"}'),
    );
    const { send } = sender();
    expect(await send('PUT', url, grant, purpose)).toEqual({ id: 'g1' });
    expect(received).toEqual([
      {
        method: 'PUT',
        url: '/api/v1/Owners/o1/Grants',
        authorization: 'Bearer token-1',
        contentType: 'application/json',
        body: JSON.stringify(grant),
      },
    ]);
  });

  it('an empty answer (204) is success with no value', async () => {
    const { url, received } = await serve((res) => res.writeHead(204).end());
    expect(await sender().send('POST', url, undefined, purpose)).toBeNull();
    expect(received.map((r) => [r.method, r.body])).toEqual([['POST', '']]);
  });

  it('a refused connection proves nothing was sent: it is tried again, and the write arrives once', async () => {
    const port = await freeLoopbackPort();
    const url = new URL(`http://127.0.0.1:${port}/api/v1/Owners/o1/Grants`);
    let started: ReturnType<typeof serve> | null = null;
    // The server comes up as soon as the first attempt has been refused (the log says so), before the backoff ends.
    const { send } = sender({ retryBaseDelayMs: 200 }, (line) => {
      if (!started && line.includes('ECONNREFUSED'))
        started = serve(
          (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"g1"}'),
          port,
        );
    });
    expect(await send('PUT', url, grant, purpose)).toEqual({ id: 'g1' });
    expect(started).not.toBeNull();
    const { received } = await started!;
    expect(received.map((r) => r.body)).toEqual([JSON.stringify(grant)]);
  });

  it('a connection refused every time ends in "network", saying nothing was changed', async () => {
    const port = await freeLoopbackPort();
    const e = await appFailureOf(
      sender({ retryBaseDelayMs: 1, maxAttempts: 3 }).send(
        'PUT',
        new URL(`http://127.0.0.1:${port}/api/v1/Owners/o1/Grants`),
        grant,
        purpose,
      ),
    );
    expect(e.code).toBe('network');
    expect(e.message).toBe(
      'Could not reach Tapkey for the new grant; nothing was changed. Check your connection and try again.',
    );
  });

  it('the connection dropped after the server received the write: outcome-unknown, never sent again', async () => {
    const { url, received } = await serve((res) => res.socket?.destroy());
    const e = await appFailureOf(sender().send('PUT', url, grant, purpose));
    expect(e.code).toBe('outcome-unknown');
    expect(e.message).toBe(
      'The connection to Tapkey was lost before its answer arrived, so it is not known whether Tapkey made the change (the new grant). Check before trying again.',
    );
    expect(received).toHaveLength(1);
  });

  it('no answer in time after sending: outcome-unknown, never sent again', async () => {
    const { url, received } = await serve(() => {
      // Received, never answered.
    });
    const e = await appFailureOf(sender({ timeoutMs: 200 }).send('PUT', url, grant, purpose));
    expect(e.code).toBe('outcome-unknown');
    expect(e.message).toContain('Tapkey did not answer in time');
    expect(received).toHaveLength(1);
  });

  it('cancelled after sending: outcome-unknown (it may have been applied); cancelled before: nothing sent', async () => {
    const { url, received } = await serve(() => {
      // Received, never answered.
    });
    const controller = new AbortController();
    const { send } = sender();
    const pending = appFailureOf(send('PUT', url, grant, purpose, controller.signal));
    while (received.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect((await pending).code).toBe('outcome-unknown');

    const e = await appFailureOf(send('PUT', url, grant, purpose, AbortSignal.abort()));
    expect(e.code).toBe('cancelled');
    expect(received).toHaveLength(1);
  });

  it.each([
    [
      409,
      'conflict',
      'Tapkey refused the new grant: it already exists or was changed meanwhile. Refresh and check.',
    ],
    [
      402,
      'plan-limit',
      'Your Tapkey plan does not allow this change (the new grant); nothing was changed.',
    ],
    [
      403,
      'forbidden',
      'Tapkey does not let you make this change (the new grant): your role in this owner account does not allow it, or the item does not. Nothing was changed.',
    ],
    [
      404,
      'not-found',
      'Tapkey could not find what the new grant refers to; it may have been removed. Nothing was changed.',
    ],
    [400, 'server', 'Tapkey refused the new grant (HTTP 400); nothing was changed.'],
    [429, 'rate-limited', 'Tapkey is limiting requests; try again shortly. Nothing was changed.'],
    [
      500,
      'outcome-unknown',
      'Tapkey answered with an error (HTTP 500), so it is not known whether Tapkey made the change (the new grant). Check before trying again.',
    ],
    [502, 'outcome-unknown', expect.stringContaining('HTTP 502')],
    [503, 'outcome-unknown', expect.stringContaining('HTTP 503')],
  ])('HTTP %i: "%s", sent once', async (status, code, message) => {
    const { url, received } = await serve((res) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"errorCode":"X"}'),
    );
    const e = await appFailureOf(sender().send('PUT', url, grant, purpose));
    expect({ code: e.code, message: e.message }).toEqual({ code, message });
    expect(received).toHaveLength(1);
  });

  it('a 403 with insufficient_scope names the missing permission and where to allow it', async () => {
    const { url, received } = await serve((res) =>
      res
        .writeHead(403, {
          'content-type': 'application/json',
          'www-authenticate': 'Bearer error="insufficient_scope", scope="write:grants"',
        })
        .end('{"errorCode":"Forbidden"}'),
    );
    const e = await appFailureOf(sender().send('PUT', url, grant, purpose));
    expect({ code: e.code, message: e.message, scope: e.extra.scope }).toEqual({
      code: 'permission',
      message:
        "This app's OAuth client lacks write:grants, needed for the new grant; nothing was changed. In the Tapkey portal, allow Grants (read and write) in the client's permissions, then sign in again.",
      scope: 'write:grants',
    });
    expect(received).toHaveLength(1);
  });

  it('a refusal whose body is lost is still that refusal', async () => {
    const { url, received } = await serve((res) => {
      res.writeHead(409, { 'content-length': '100' });
      res.write('{"errorCode":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect((await appFailureOf(sender().send('PUT', url, grant, purpose))).code).toBe('conflict');
    expect(received).toHaveLength(1);
  });

  it('a success whose answer cannot be read is outcome-unknown, not a failure to retry', async () => {
    const { url, received } = await serve((res) =>
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":'),
    );
    const e = await appFailureOf(sender().send('PUT', url, grant, purpose));
    expect(e.code).toBe('outcome-unknown');
    expect(e.message).toContain('Tapkey accepted the change but its answer could not be read');
    expect(received).toHaveLength(1);
  });

  it('a 401 is a refusal before acting: renewed once and sent again; a second 401 means signed out', async () => {
    const first = await serve((res, n) =>
      n === 1
        ? res.writeHead(401).end()
        : res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"g1"}'),
    );
    const a = sender();
    expect(await a.send('PUT', first.url, grant, purpose)).toEqual({ id: 'g1' });
    expect(first.received.map((r) => r.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(a.tokens.refreshes).toBe(1);
    await first.server.close();

    const always = await serve((res) => res.writeHead(401).end());
    const e = await appFailureOf(sender().send('PUT', always.url, grant, purpose));
    expect(e.code).toBe('session-expired');
    expect(always.received).toHaveLength(2);
  });
});
