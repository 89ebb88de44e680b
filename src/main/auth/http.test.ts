// The authorization-server HTTP client against a real local server: what it sends, that it never follows a
// redirect or retries an answered POST (a code is single-use, a refresh token may rotate), that it retries only
// when nothing reached the server, its deadlines, and that it reads at most 1 MB of any body.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../test/support/free-port';
import { createAuthHttp, NoAnswer, noAnswer, type AuthAnswer } from './http';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

async function serve(
  answer: (seen: Seen, res: import('node:http').ServerResponse) => void,
  port = 0,
): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const s = { method: req.method!, url: req.url!, headers: req.headers };
    seen.push(s);
    req.resume();
    answer(s, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const text = (a: AuthAnswer) => ('text' in a.body ? a.body.text : `(${a.body.unreadable})`);

describe('authorization-server HTTP client', () => {
  it('names the app, asks for JSON, sends a form, and returns error answers instead of throwing', async () => {
    const { base, seen } = await serve((_, res) =>
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"server_error"}'),
    );
    const res = await createAuthHttp().post(`${base}/connect/token`, { a: '1', b: 'x y' });
    expect(res.status).toBe(500);
    expect(text(res)).toBe('{"error":"server_error"}');
    expect(seen[0]!.headers['user-agent']).toBe('TapkeyLocks');
    expect(seen[0]!.headers.accept).toBe('application/json');
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    await createAuthHttp({ userAgent: 'TapkeyLocks/1.2 (test)' }).get(`${base}/x`);
    expect(seen[1]!.headers['user-agent']).toBe('TapkeyLocks/1.2 (test)');
  });

  it('never follows a redirect and never retries an answered request, whatever its status', async () => {
    const { base, seen } = await serve((s, res) => {
      if (s.url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.writeHead(503).end();
    });
    const http = createAuthHttp();
    const moved = await http.post(`${base}/moved`, { code: 'c' }, { token: true });
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe('/elsewhere');
    expect((await http.post(`${base}/busy`, { code: 'c' }, { token: true })).status).toBe(503);
    expect((await http.get(`${base}/busy`)).status).toBe(503);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /moved',
      'POST /busy',
      'GET /busy',
    ]);
  });

  it('retries a refused connection (nothing was sent), for GET and POST alike', async () => {
    const port = await freeLoopbackPort();
    const http = createAuthHttp({ timeoutMs: 5_000, retryDelayMs: 200 });
    const post = http.post(
      `http://127.0.0.1:${port}/connect/token`,
      { grant_type: 'refresh_token' },
      { token: true },
    );
    const get = http.get(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
    // The first attempts are refused; the server comes up before the retry.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { seen } = await serve((_, res) => res.writeHead(200).end('ok'), port);
    expect(text(await post)).toBe('ok');
    expect(text(await get)).toBe('ok');
    expect(seen.map((s) => s.method).sort()).toEqual(['GET', 'POST']);
  });

  it('gives up on a refused connection after two retries, saying nothing was sent', async () => {
    const port = await freeLoopbackPort();
    // Every connection fetch opens, as undici reports it: the attempts themselves, not a count kept by the client.
    let connects = 0;
    const onConnect = (m: unknown) => {
      if ((m as { connectParams: { port: string } }).connectParams.port === String(port))
        connects++;
    };
    subscribe('undici:client:beforeConnect', onConnect);
    try {
      const e = await createAuthHttp({ retryDelayMs: 1 })
        .post(`http://127.0.0.1:${port}/t`, {}, { token: true })
        .catch((err: unknown) => err);
      expect(e).toBeInstanceOf(NoAnswer);
      expect(e).toMatchObject({ reason: 'refused', maybeSent: false });
      expect(connects).toBe(3);
    } finally {
      unsubscribe('undici:client:beforeConnect', onConnect);
    }
  });

  it('gives up on a server that does not answer within the limit, and says the request may have arrived', async () => {
    const { base } = await serve(() => {});
    const e = await createAuthHttp({ timeoutMs: 200 })
      .post(`${base}/connect/revocation`, {})
      .catch((err: unknown) => err);
    expect(e).toMatchObject({ name: 'NoAnswer', reason: 'timeout', maybeSent: true });
  });

  it('gives a token request its own, longer limit than discovery and revocation', async () => {
    const { base, seen } = await serve((_, res) => {
      setTimeout(() => res.writeHead(200).end('late'), 400);
    });
    const http = createAuthHttp({ timeoutMs: 150, tokenTimeoutMs: 5_000 });
    expect(text(await http.post(`${base}/t`, {}, { token: true }))).toBe('late');
    await expect(http.post(`${base}/r`, {})).rejects.toMatchObject({ reason: 'timeout' });
    await expect(http.get(`${base}/d`)).rejects.toMatchObject({ reason: 'timeout' });
    // Answered or timed out after it arrived: never sent twice.
    expect(seen.map((s) => s.url)).toEqual(['/t', '/r', '/d']);
  });

  it('says a cancelled request was cancelled, and sends nothing again', async () => {
    const { base, seen } = await serve(() => {});
    const controller = new AbortController();
    const pending = createAuthHttp()
      .post(`${base}/t`, {}, { signal: controller.signal, token: true })
      .catch((err: unknown) => err);
    // Cancelled once the server has the request: it may have acted on it, and it is not sent again.
    await expect.poll(() => seen.length).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ reason: 'cancelled', maybeSent: true });
    expect(seen).toHaveLength(1);
  });

  it('reads at most 1 MB of a body: a larger or endless one is "too-large", a dropped one "cut-off"', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const { base } = await serve((s, res) => {
      if (s.url === '/exact') return void res.writeHead(200).end(Buffer.alloc(1024 * 1024, 0x61));
      if (s.url === '/cut') {
        res.writeHead(200, { 'content-length': '100' }).write('{"partial');
        return void setTimeout(() => res.destroy(), 20);
      }
      res.writeHead(200);
      // Endless: writes until the client goes away.
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const http = createAuthHttp();
    expect(text(await http.get(`${base}/exact`))).toHaveLength(1024 * 1024);
    expect((await http.post(`${base}/endless`, {}, { token: true })).body).toEqual({
      unreadable: 'too-large',
    });
    expect((await http.get(`${base}/cut`)).body).toEqual({ unreadable: 'cut-off' });
  });
});

describe('noAnswer', () => {
  const fetchError = (code: string) =>
    Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(code), { code }),
    });

  it('knows which connection errors prove nothing was sent', () => {
    for (const [code, reason] of [
      ['ECONNREFUSED', 'refused'],
      ['ENOTFOUND', 'not-found'],
      ['EAI_AGAIN', 'not-found'],
      ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ] as const)
      expect(noAnswer(fetchError(code), undefined), code).toMatchObject({
        reason,
        maybeSent: false,
      });
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_HEADERS_TIMEOUT'])
      expect(noAnswer(fetchError(code), undefined), code).toMatchObject({
        reason: 'network',
        maybeSent: true,
      });
    expect(noAnswer('odd', undefined)).toMatchObject({ reason: 'network', maybeSent: true });
  });

  it('names time-outs and cancellations, the caller’s abort first', () => {
    const timeout = new DOMException('timed out', 'TimeoutError');
    const abort = new DOMException('aborted', 'AbortError');
    expect(noAnswer(timeout, undefined)).toMatchObject({ reason: 'timeout', maybeSent: true });
    expect(noAnswer(abort, undefined)).toMatchObject({ reason: 'cancelled', maybeSent: true });
    const controller = new AbortController();
    controller.abort();
    expect(noAnswer(fetchError('ECONNREFUSED'), controller.signal)).toMatchObject({
      reason: 'cancelled',
    });
    expect(noAnswer(abort, undefined).cause).toBe(abort);
  });

  it('keeps the error it explains as its cause, whatever the reason, and copes with a thrown null', () => {
    const controller = new AbortController();
    controller.abort();
    const refused = fetchError('ECONNREFUSED');
    const reset = fetchError('ECONNRESET');
    const timeout = new DOMException('timed out', 'TimeoutError');
    expect(noAnswer(refused, controller.signal).cause).toBe(refused);
    expect(noAnswer(timeout, undefined).cause).toBe(timeout);
    expect(noAnswer(refused, undefined).cause).toBe(refused);
    expect(noAnswer(reset, undefined).cause).toBe(reset);
    expect(noAnswer(null, undefined)).toMatchObject({ reason: 'network', maybeSent: true });
  });
});
