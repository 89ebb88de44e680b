// The system-browser listener on its own (RFC 8252 §7.3, §8.3), with real HTTP requests: which address it binds,
// what it answers to requests that are not our callback, how it takes the real one, and how it says why it
// could not listen.
import { request } from 'node:http';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { freeLoopbackPort } from '../../../test/support/free-port';
import { afterEach, describe, expect, it } from 'vitest';
import { isFailure } from '../errors';
import { silentLogger } from '../log';
import {
  listenFailure,
  loopbackBindAddress,
  startLoopbackListener,
  type LoopbackListener,
} from './loopback-listener';
import { listening } from './tcp-probe.fixture';
import { captureLogForTest } from './test-log.fixture';

const STATE = 'S'.repeat(43);
const open: LoopbackListener[] = [];
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request on a fresh connection, as a browser tab or a stray local process would send it. A request
 * the listener never answers fails after 5 s instead of hanging the test: that is a failure, not a slow pass.
 */
function send(url: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers, agent: false, signal: AbortSignal.timeout(5_000) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function listen(state = STATE, log = silentLogger, host = '127.0.0.1') {
  const port = await freeLoopbackPort();
  const base = `http://${host}:${port}`;
  const listener = await startLoopbackListener(`${base}/callback`, state, log);
  open.push(listener);
  let settled: string | undefined;
  void listener.callback.then((url) => (settled = url));
  return { port, base, listener, settled: () => settled };
}

const h1 = (body: string) => /<h1>([^<]*)<\/h1>/.exec(body)?.[1];

describe('loopbackBindAddress', () => {
  it('names 127.0.0.1 or ::1 only for http IP-literal loopback URIs with a port', () => {
    expect(loopbackBindAddress('http://127.0.0.1:8111/callback')).toBe('127.0.0.1');
    expect(loopbackBindAddress('http://[::1]:8111/callback')).toBe('::1');
    for (const uri of [
      'http://localhost:8111/callback',
      'http://127.0.0.2:8111/callback',
      'https://127.0.0.1:8111/callback',
      'https://[::1]:8111/',
      'http://127.0.0.1/callback',
      'http://[::1]/callback',
      'not a url',
      '',
    ]) {
      expect(loopbackBindAddress(uri), uri).toBeNull();
    }
  });
});

describe('listenFailure', () => {
  it('says which port is busy', () => {
    const f = listenFailure('EADDRINUSE', 'http://127.0.0.1:8111/callback');
    expect(f.code).toBe('sign-in-failed');
    expect(f.message).toBe(
      'Port 8111 on this computer is in use by another program, so the browser cannot return to the app. Close that program or change the redirect URI.',
    );
  });

  it('says when there is no IPv6 loopback, for [::1] only', () => {
    const noV6 =
      'This computer has no IPv6 loopback address (::1). Use a redirect URI on http://127.0.0.1:PORT/… instead.';
    for (const code of ['EADDRNOTAVAIL', 'EAFNOSUPPORT']) {
      expect(listenFailure(code, 'http://[::1]:8111/callback'), code).toMatchObject({
        code: 'sign-in-failed',
        message: noV6,
      });
      expect(listenFailure(code, 'http://127.0.0.1:8111/callback').message, code).toBe(
        `The app could not listen on 127.0.0.1:8111 for the browser's answer (${code}).`,
      );
    }
  });

  it('names any other cause by its code', () => {
    expect(listenFailure('EACCES', 'http://[::1]:81/cb')).toMatchObject({
      code: 'sign-in-failed',
      message: "The app could not listen on [::1]:81 for the browser's answer (EACCES).",
    });
    expect(listenFailure(undefined, 'http://127.0.0.1:81/cb').message).toBe(
      "The app could not listen on 127.0.0.1:81 for the browser's answer (error).",
    );
  });
});

describe('loopback listener', () => {
  it('refuses a redirect URI that is not an IP-literal loopback address, before listening', async () => {
    for (const uri of [
      'http://localhost:8111/callback',
      'http://127.0.0.2:8111/callback',
      'https://127.0.0.1:8111/callback',
      'http://127.0.0.1/callback',
    ]) {
      const e = await startLoopbackListener(uri, STATE, silentLogger).catch((err: unknown) => err);
      expect(isFailure(e, 'invalid-settings'), uri).toBe(true);
      expect((e as Error).message, uri).toBe(
        'For browser sign-in the redirect URI must be http://127.0.0.1:PORT/… or http://[::1]:PORT/… ("localhost" can resolve to another address).',
      );
    }
  });

  it('takes the real callback once, with a self-contained page that caches and refers nothing', async () => {
    const { port, base, listener } = await listen();
    const res = await send(`${base}/callback?code=c&state=${STATE}`);
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      connection: 'close',
    });
    expect(h1(res.body)).toBe('Sign-in received');
    expect(await listener.callback).toBe(`${base}/callback?code=c&state=${STATE}`);
    // One-shot: a second answer is refused and does not replace the first.
    const again = await send(`${base}/callback?code=x&state=${STATE}`);
    expect(again.status).toBe(409);
    expect(h1(again.body)).toBe('Sign-in did not complete');
    expect(await listener.callback).toBe(`${base}/callback?code=c&state=${STATE}`);
    expect(await listening(port)).toBe(true);
  });

  it('answers and ignores requests that are not our callback, logs why, and keeps waiting', async () => {
    const log = captureLogForTest();
    const { port, base, listener, settled } = await listen(STATE, log.logger);
    const strays: Array<[string, string, number, string]> = [
      ['GET', '/', 404, 'not the callback path'],
      ['GET', '/favicon.ico', 404, 'not the callback path'],
      ['GET', `/callback/?code=c&state=${STATE}`, 404, 'not the callback path'],
      ['POST', `/callback?code=c&state=${STATE}`, 404, 'not the callback path'],
      ['GET', '/callback', 400, 'no state'],
      ['GET', '/callback?code=c', 400, 'no state'],
      ['GET', `/callback?code=c&state=${'T'.repeat(43)}`, 400, 'foreign state'],
      ['GET', '/callback?error=access_denied&state=x', 400, 'foreign state'],
      ['GET', `/callback?code=c&state=${STATE}&state=${STATE}`, 400, 'foreign state'],
    ];
    for (const [method, path, status, reason] of strays) {
      const before = log.text().length;
      const res = await send(`${base}${path}`, method);
      expect(res.status, path).toBe(status);
      expect(h1(res.body), path).toBe('Not a sign-in response');
      const entry = JSON.parse(log.text().slice(before).trim()) as Record<string, unknown>;
      expect(entry, path).toMatchObject({
        level: 'info',
        message: 'loopback listener ignored a request',
        status,
        reason,
      });
    }
    expect(settled()).toBeUndefined();
    expect(await listening(port)).toBe(true);
    expect((await send(`${base}/callback?code=real&state=${STATE}`)).status).toBe(200);
    expect(await listener.callback).toBe(`${base}/callback?code=real&state=${STATE}`);
  });

  it('ignores a request for another Host (DNS rebinding), even with our path and state, and keeps waiting', async () => {
    const log = captureLogForTest();
    const { port, base, listener, settled } = await listen(STATE, log.logger);
    for (const host of [
      `localhost:${port}`,
      `attacker.example:${port}`,
      '127.0.0.1',
      `127.0.0.1:${port + 1}`,
      `[::1]:${port}`,
    ]) {
      const before = log.text().length;
      const res = await send(`${base}/callback?code=c&state=${STATE}`, 'GET', { host });
      expect(res.status, host).toBe(400);
      expect(h1(res.body), host).toBe('Not a sign-in response');
      expect(JSON.parse(log.text().slice(before).trim()), host).toMatchObject({
        message: 'loopback listener ignored a request',
        reason: 'foreign host',
      });
    }
    expect(settled()).toBeUndefined();
    // The redirect URI's own host and port is the real answer.
    expect((await send(`${base}/callback?code=real&state=${STATE}`)).status).toBe(200);
    expect(await listener.callback).toBe(`${base}/callback?code=real&state=${STATE}`);
  });

  it('tells the browser the sign-in did not complete when the answer is an error or has no code', async () => {
    for (const query of ['error=access_denied', 'code=c&error=server_error', '']) {
      const { base, listener } = await listen();
      const url = `${base}/callback?${query}${query ? '&' : ''}state=${STATE}`;
      const res = await send(url);
      expect(res.status, query).toBe(200);
      expect(h1(res.body), query).toBe('Sign-in did not complete');
      // The app, not the listener, reads the answer: it is handed over whatever it says.
      expect(await listener.callback, query).toBe(url);
    }
  });

  it('stops listening when closed, and closing twice is harmless', async () => {
    const { port, listener } = await listen();
    await listener.close();
    expect(await listening(port)).toBe(false);
    await listener.close();
  });

  it('says clearly when the port is taken, and logs where', async () => {
    const { port } = await listen();
    const log = captureLogForTest();
    const e = await startLoopbackListener(
      `http://127.0.0.1:${port}/callback`,
      STATE,
      log.logger,
    ).catch((err: unknown) => err);
    expect(isFailure(e, 'sign-in-failed')).toBe(true);
    expect((e as Error).message).toContain(`Port ${port} on this computer is in use`);
    expect(JSON.parse(log.text())).toMatchObject({
      level: 'warn',
      message: 'loopback listener could not start',
      address: '127.0.0.1',
      port,
    });
  });

  it('binds the address the redirect URI names: 127.0.0.1 only, or ::1 only', async () => {
    const v4 = await listen();
    expect(await listening(v4.port, '127.0.0.1')).toBe(true);
    // Not reachable on the machine's other addresses (RFC 8252 §8.3: loopback only).
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) expect(await listening(v4.port, external.address)).toBe(false);
    if (await ipv6LoopbackAvailable()) expect(await listening(v4.port, '::1')).toBe(false);
    if (!(await ipv6LoopbackAvailable())) return;
    const v6 = await listen(STATE, silentLogger, '[::1]');
    expect(await listening(v6.port, '::1')).toBe(true);
    expect(await listening(v6.port, '127.0.0.1')).toBe(false);
    expect((await send(`${v6.base}/`)).status).toBe(404);
    expect((await send(`${v6.base}/callback?code=c&state=${STATE}`)).status).toBe(200);
    expect(await v6.listener.callback).toBe(`${v6.base}/callback?code=c&state=${STATE}`);
  });
});

/** True when this machine can listen on the IPv6 loopback address (some containers have IPv6 disabled). */
async function ipv6LoopbackAvailable(): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}
