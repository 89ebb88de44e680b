// The write path against a local HTTP server that records what it received: a write is sent once, sent again
// only when the connection was refused (nothing can have arrived), and a lost answer after sending is reported
// as outcome-unknown so the caller looks before retrying. Tapkey's refusals each get their own code.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { appFailureOf } from '../../failure-of.fixture';
import { createLogger } from '../../log';
import { defaultHttpOptions, statusCauseOf, type HttpOptions } from './options';
import { createSendJson } from './write';
import { freeLoopbackPort } from '../../../../test/support/free-port';
import { sendPastBodyLimit, startLocalServer, type LocalServer } from './local-server.fixture';

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
    expect(received.map((r) => [r.method, r.body, r.contentType])).toEqual([['POST', '', '']]);
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
    expect((await pending).message).toBe(
      'The request was cancelled after it was sent, so it is not known whether Tapkey made the change (the new grant). Check before trying again.',
    );
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

/** A sender whose log lines are kept, parsed, without their time. */
function loggedSender(o: Partial<HttpOptions> = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const s = sender(o, (line) => {
    const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
    lines.push(rest);
  });
  return { ...s, lines };
}

/** The log lines of one PUT of the grant to a server that answers with `answer`. */
async function linesAfterPut(answer: (res: ServerResponse) => void) {
  const { url } = await serve(answer);
  const { send, lines } = loggedSender();
  await appFailureOf(send('PUT', url, grant, purpose));
  return lines;
}

/** The warning logged about the grant's PUT, with what else it carries. */
const putWarning = (message: string, more: Record<string, unknown> = {}) => ({
  level: 'warn',
  message,
  method: 'PUT',
  url: '/api/v1/Owners/o1/Grants',
  ...more,
});

describe('writes: the edges', () => {
  it('with no time left, nothing is sent: a timeout that says nothing was changed', async () => {
    const { url, received } = await serve((res) => res.writeHead(204).end());
    const e = await appFailureOf(sender({ totalTimeoutMs: 0 }).send('PUT', url, grant, purpose));
    expect({ code: e.code, message: e.message }).toEqual({
      code: 'timeout',
      message:
        'Tapkey could not be reached in time for the new grant; nothing was changed. Try again.',
    });
    expect(received).toHaveLength(0);
  });

  it('a refused connection is logged as unsent on each attempt, up to maxAttempts', async () => {
    const port = await freeLoopbackPort();
    const { send, lines } = loggedSender({ retryBaseDelayMs: 1, maxAttempts: 3 });
    await appFailureOf(
      send('PUT', new URL(`http://127.0.0.1:${port}/api/v1/Owners/o1/Grants`), grant, purpose),
    );
    expect(lines).toEqual(
      [1, 2, 3].map((attempt) => ({
        level: 'warn',
        message: 'tapkey write failed',
        method: 'PUT',
        url: '/api/v1/Owners/o1/Grants',
        attempt,
        failure: 'ECONNREFUSED',
        unsent: true,
        status: null,
      })),
    );
  });

  it('a cancel during the wait before resending ends there, as a plain cancel: nothing had arrived', async () => {
    const port = await freeLoopbackPort();
    const controller = new AbortController();
    const { send } = sender({ retryBaseDelayMs: 5_000 }, (line) => {
      if (line.includes('ECONNREFUSED')) controller.abort();
    });
    const url = new URL(`http://127.0.0.1:${port}/api/v1/Owners/o1/Grants`);
    const e = await appFailureOf(send('PUT', url, grant, purpose, controller.signal));
    expect(e.code).toBe('cancelled');
  });

  it('a wait for resending that would end past the deadline is not made: "network", nothing changed', async () => {
    const port = await freeLoopbackPort();
    const { send, lines } = loggedSender({ retryBaseDelayMs: 60_000, totalTimeoutMs: 2_000 });
    const url = new URL(`http://127.0.0.1:${port}/api/v1/Owners/o1/Grants`);
    const e = await appFailureOf(send('PUT', url, grant, purpose));
    expect(e.code).toBe('network');
    expect(lines).toHaveLength(1);
  });

  it('a 401 does not use up an attempt: after the renewal, a refused connection is still tried again', async () => {
    const { url, received, server } = await serve((res) => res.writeHead(401).end());
    const lines: string[] = [];
    const { send, tokens } = sender({ retryBaseDelayMs: 1, maxAttempts: 2 }, (l) => lines.push(l));
    // The server is gone by the time the renewed token is used: each later attempt is refused.
    const renew = tokens.refreshAfterUnauthorized;
    tokens.refreshAfterUnauthorized = async (rejected) => {
      await server.close();
      return renew(rejected);
    };
    expect((await appFailureOf(send('PUT', url, grant, purpose))).code).toBe('network');
    expect(received).toHaveLength(1);
    expect(lines.filter((l) => l.includes('ECONNREFUSED'))).toHaveLength(2);
  });

  it('logs a refusal with its status, Tapkey’s error code and the body’s length, never the body', async () => {
    const body = '{"errorCode":"GrantExists","message":"contact c-secret already has one"}';
    const lines = await linesAfterPut((res) =>
      res.writeHead(409, { 'content-type': 'application/json' }).end(body),
    );
    expect(lines).toEqual([
      putWarning('tapkey refused a write', {
        status: 409,
        errorCode: 'GrantExists',
        bodyLength: body.length,
      }),
    ]);
  });

  it.each([
    ['null', undefined],
    ['[1]', undefined],
    ['not json', undefined],
    ['{"errorCode":5}', '[unreadable]'],
  ])('an error body %s gives the log no error code of its own', async (body, errorCode) => {
    const lines = await linesAfterPut((res) => res.writeHead(400).end(body));
    expect(lines[0]!.errorCode).toBe(errorCode);
  });

  it('an unexpected refusal carries its status and the start of its body for the caller', async () => {
    const body = `{"errorCode":"Invalid","message":"${'x'.repeat(600)}"}`;
    const { url } = await serve((res) => res.writeHead(422).end(body));
    const e = await appFailureOf(sender().send('PUT', url, grant, purpose));
    expect(e.code).toBe('server');
    expect(statusCauseOf(e)).toEqual({ status: 422, body: body.slice(0, 500) });
  });

  it('a 429 says how long Tapkey asked to wait, and is not sent again', async () => {
    const { url, received } = await serve((res) =>
      res.writeHead(429, { 'retry-after': '7' }).end(),
    );
    const e = await appFailureOf(sender().send('PUT', url, grant, purpose));
    expect({ code: e.code, message: e.message, extra: e.extra }).toEqual({
      code: 'rate-limited',
      message: 'Tapkey is limiting requests; try again in 7 s. Nothing was changed.',
      extra: { retryAfterSeconds: 7 },
    });
    expect(received).toHaveLength(1);
  });

  it('a redirect is not followed (the token stays with Tapkey) and is no success: outcome-unknown', async () => {
    const other = await serve((res) => res.writeHead(204).end());
    const { url, received } = await serve((res) =>
      res.writeHead(307, { location: `${other.server.origin}/steal` }).end(),
    );
    const e = await appFailureOf(sender().send('PUT', url, grant, purpose));
    expect(e.code).toBe('outcome-unknown');
    expect(e.message).toContain('Tapkey answered with an error (HTTP 307)');
    expect(received).toHaveLength(1);
    expect(other.received).toHaveLength(0);
  });

  it('a 2xx whose body is only white space is success with no value', async () => {
    const { url } = await serve((res) => res.writeHead(200).end(' \n'));
    expect(await sender().send('PUT', url, grant, purpose)).toBeNull();
  });

  it('a success past the body limit is outcome-unknown (the change was made), sent once', async () => {
    const { url, received } = await serve((res) => sendPastBodyLimit(res, 201));
    const { send, lines } = loggedSender();
    const e = await appFailureOf(send('PUT', url, grant, purpose));
    expect({ code: e.code, message: e.message }).toEqual({
      code: 'outcome-unknown',
      message:
        'Tapkey accepted the change but its answer was too large to read, so it is not known whether Tapkey made the change (the new grant). Check before trying again.',
    });
    expect(received).toHaveLength(1);
    expect(lines).toEqual([putWarning('tapkey sent a write answer past the limit')]);
  });

  it('a success that is not JSON is logged with its length only', async () => {
    const lines = await linesAfterPut((res) => res.writeHead(201).end('{"id":"g-secret"'));
    expect(lines).toEqual([
      putWarning('tapkey sent a write answer that is not JSON', { status: 201, bodyLength: 16 }),
    ]);
  });

  it('a cancel after sending is logged as such', async () => {
    const { url, received } = await serve(() => {
      // Received, never answered.
    });
    const controller = new AbortController();
    const { send, lines } = loggedSender();
    const pending = appFailureOf(send('DELETE', url, undefined, purpose, controller.signal));
    while (received.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect((await pending).code).toBe('outcome-unknown');
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'tapkey write cancelled after sending',
        method: 'DELETE',
        url: '/api/v1/Owners/o1/Grants',
      },
    ]);
  });

  /** A server that sends `status` with a body it never finishes: the status arrives, the body is lost. */
  const cutOff = (status: number) =>
    serve((res) => {
      res.writeHead(status, { 'content-length': '100' });
      res.write('{"errorCode":');
      setTimeout(() => res.socket?.destroy(), 20);
    });

  it('a lost body is logged with the status that did arrive', async () => {
    const { url } = await cutOff(500);
    const { send, lines } = loggedSender();
    const e = await appFailureOf(send('PUT', url, grant, purpose));
    expect(e.code).toBe('outcome-unknown');
    expect(e.message).toContain('The connection to Tapkey was lost before its answer arrived');
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'tapkey write failed',
        method: 'PUT',
        url: '/api/v1/Owners/o1/Grants',
        attempt: 1,
        failure: 'UND_ERR_SOCKET',
        unsent: false,
        status: 500,
      },
    ]);
  });

  it('a 400 whose body is lost is still a refusal; a 401 whose body is lost is not known to be one', async () => {
    const bad = await cutOff(400);
    const e = await appFailureOf(sender().send('PUT', bad.url, grant, purpose));
    expect({ code: e.code, cause: statusCauseOf(e) }).toEqual({
      code: 'server',
      cause: { status: 400, body: '' },
    });

    const unauthorized = await cutOff(401);
    const u = await appFailureOf(sender().send('PUT', unauthorized.url, grant, purpose));
    expect(u.code).toBe('outcome-unknown');
    expect(unauthorized.received).toHaveLength(1);
  });
});
