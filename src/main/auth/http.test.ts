// The authorization-server HTTP client against a real local server: what it sends, that it never follows a
// redirect or retries an answered POST (a code is single-use, a refresh token may rotate), and that it retries
// only when nothing reached the server.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthHttp } from './http';

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

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('authorization-server HTTP client', () => {
  it('names the app, asks for JSON and returns error answers as text instead of throwing', async () => {
    const { base, seen } = await serve((_, res) =>
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"server_error"}'),
    );
    const res = await createAuthHttp().post(`${base}/connect/token`, { form: { a: '1' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('{"error":"server_error"}');
    expect(seen[0]!.headers['user-agent']).toBe('TapkeyLocks');
    expect(seen[0]!.headers.accept).toBe('application/json');
    await createAuthHttp({ userAgent: 'TapkeyLocks/1.2 (test)' }).get(`${base}/x`);
    expect(seen[1]!.headers['user-agent']).toBe('TapkeyLocks/1.2 (test)');
  });

  it('never follows a redirect and never retries an answered request, whatever its status', async () => {
    const { base, seen } = await serve((s, res) => {
      if (s.url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.writeHead(503).end();
    });
    const http = createAuthHttp();
    expect((await http.post(`${base}/moved`, { form: { code: 'c' } })).statusCode).toBe(302);
    expect((await http.post(`${base}/busy`, { form: { code: 'c' } })).statusCode).toBe(503);
    expect((await http.get(`${base}/busy`)).statusCode).toBe(503);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /moved',
      'POST /busy',
      'GET /busy',
    ]);
  });

  it('retries a refused connection (nothing was sent), for GET and POST alike', async () => {
    const port = await freePort();
    const http = createAuthHttp({ timeoutMs: 5_000 });
    const post = http.post(`http://127.0.0.1:${port}/connect/token`, {
      form: { grant_type: 'refresh_token' },
    });
    const get = http.get(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
    // The first attempts are refused; the server comes up before the retry (got waits about a second).
    await new Promise((resolve) => setTimeout(resolve, 150));
    const { seen } = await serve((_, res) => res.writeHead(200).end('ok'), port);
    expect((await post).body).toBe('ok');
    expect((await get).body).toBe('ok');
    expect(seen.map((s) => s.method).sort()).toEqual(['GET', 'POST']);
  });

  it('gives up on a server that does not answer within the limit', async () => {
    const { base } = await serve(() => {});
    const err = await createAuthHttp({ timeoutMs: 200 })
      .post(`${base}/connect/token`, { form: {} })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
  });

  it('retries exactly the errors that prove nothing was sent, and caps look-up and connect at 5 s', () => {
    const options = createAuthHttp().defaults.options;
    expect(options.retry).toMatchObject({
      limit: 2,
      methods: ['GET', 'POST'],
      statusCodes: [],
      errorCodes: ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'],
    });
    expect(options.timeout).toMatchObject({ lookup: 5_000, connect: 5_000, request: 20_000 });
    expect(createAuthHttp({ timeoutMs: 300 }).defaults.options.timeout).toMatchObject({
      lookup: 300,
      connect: 300,
      request: 300,
    });
  });
});
