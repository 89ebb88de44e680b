import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { AppFailure } from '../errors';
import type { Logger } from '../log';
import { isRedirectTarget } from './callback';
import { loopbackPage } from './loopback-page';
import { constantTimeEqual } from './pkce';

/** A listener for the authorization response in system-browser mode (RFC 8252 §7.3). */
export interface LoopbackListener {
  /** Resolves with the full callback URL of the first request to the redirect path that carries our `state`. */
  callback: Promise<string>;
  close(): Promise<void>;
}

/**
 * The address to bind for a redirect URI: only the IP literals 127.0.0.1 and [::1] (RFC 8252 §8.3: `localhost`
 * may resolve to another interface, or to the other address family than the browser uses). Null otherwise.
 */
export function loopbackBindAddress(redirectUri: string): '127.0.0.1' | '::1' | null {
  let u: URL;
  try {
    u = new URL(redirectUri);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' || !u.port) return null;
  if (u.hostname === '127.0.0.1') return '127.0.0.1';
  if (u.hostname === '[::1]') return '::1';
  return null;
}

/**
 * What to tell the user when the listener for `redirectUri` cannot bind, by the error code of the bind: a busy
 * port, a computer without IPv6 loopback (for [::1]), or anything else named by its code. Always 'sign-in-failed'.
 */
export function listenFailure(code: string | undefined, redirectUri: string): AppFailure {
  const target = new URL(redirectUri);
  if (code === 'EADDRINUSE') {
    return new AppFailure(
      'sign-in-failed',
      `Port ${target.port} on this computer is in use by another program, so the browser cannot return to the app. Close that program or change the redirect URI.`,
    );
  }
  if (target.hostname === '[::1]' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) {
    return new AppFailure(
      'sign-in-failed',
      'This computer has no IPv6 loopback address (::1). Use a redirect URI on http://127.0.0.1:PORT/… instead.',
    );
  }
  return new AppFailure(
    'sign-in-failed',
    `The app could not listen on ${target.host} for the browser's answer (${code ?? 'error'}).`,
  );
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  connection: 'close',
} as const;

/**
 * Listens on the loopback address the redirect URI names (never all interfaces: RFC 8252 §8.3), on its port (it
 * must match the registration exactly). Requests that are not our callback — another Host than the redirect URI's,
 * another path or method, no `state`, or another attempt's `state` — are answered with a short page and ignored,
 * so no local process or rebinding web page can end the sign-in by knocking on the port; the listener keeps
 * waiting for the real answer.
 */
export async function startLoopbackListener(
  redirectUri: string,
  state: string,
  log: Logger,
): Promise<LoopbackListener> {
  const address = loopbackBindAddress(redirectUri);
  if (!address) {
    throw new AppFailure(
      'invalid-settings',
      'For browser sign-in the redirect URI must be http://127.0.0.1:PORT/… or http://[::1]:PORT/… ("localhost" can resolve to another address).',
    );
  }
  const target = new URL(redirectUri);
  const port = Number(target.port);
  let resolveCallback: (url: string) => void = () => {};
  const callback = new Promise<string>((resolve) => (resolveCallback = resolve));
  let received = false;
  const ignore = (res: ServerResponse, status: 400 | 404, reason: string) => {
    log.info('loopback listener ignored a request', { status, reason });
    res.writeHead(status, HEADERS).end(loopbackPage('ignored'));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // DNS rebinding: a web page on a name that resolves to 127.0.0.1 reaches this port with its own Host. The
    // browser that follows our redirect sends exactly the redirect URI's host and port.
    if (req.headers.host?.toLowerCase() !== target.host) return ignore(res, 400, 'foreign host');
    // Stryker disable next-line StringLiteral: req.url is always set on a server request; and `http://host` + '' parses to path '/' anyway.
    const path = req.url ?? '/';
    const url = `http://${target.host}${path}`;
    if (req.method !== 'GET' || !isRedirectTarget(url, redirectUri))
      return ignore(res, 404, 'not the callback path');
    const states = new URL(url).searchParams.getAll('state');
    if (states.length !== 1 || !constantTimeEqual(states[0]!, state))
      return ignore(res, 400, states.length ? 'foreign state' : 'no state');
    if (received) {
      res.writeHead(409, HEADERS).end(loopbackPage('problem'));
      return;
    }
    received = true;
    const params = new URL(url).searchParams;
    res
      .writeHead(200, HEADERS)
      .end(loopbackPage(params.has('code') && !params.has('error') ? 'done' : 'problem'));
    resolveCallback(url);
  });
  await new Promise<void>((resolve, reject) => {
    // listen errors arrive as events, not exceptions.
    server.once('error', (e: NodeJS.ErrnoException) => {
      log.warn('loopback listener could not start', { address, port, error: e });
      reject(listenFailure(e.code, redirectUri));
    });
    server.listen(port, address, () => resolve());
  });
  let closed: Promise<void> | null = null;
  return {
    callback,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
