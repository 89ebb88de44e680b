import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { AppFailure } from '../errors';
import type { Logger } from '../log';
import { isRedirectTarget } from './callback';
import { loopbackPage } from './loopback-page';

/** A one-shot HTTP listener for the authorization response in system-browser mode (RFC 8252 §7.3). */
export interface LoopbackListener {
  /** Resolves with the full callback URL of the first request to the redirect path. */
  callback: Promise<string>;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 only (never all interfaces: RFC 8252 §8.3), on the port of the redirect URI (it must
 * match the registration exactly). Answers the browser with a page telling the user to return to the app.
 */
export async function startLoopbackListener(redirectUri: string, log: Logger): Promise<LoopbackListener> {
  const target = new URL(redirectUri);
  const port = Number(target.port);
  if (target.protocol !== 'http:' || !port) {
    throw new AppFailure('invalid-settings', 'The redirect URI must be an http://127.0.0.1:PORT/… address for browser sign-in.');
  }
  let resolveCallback: (url: string) => void = () => {};
  const callback = new Promise<string>((resolve) => (resolveCallback = resolve));
  let received = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = `http://${target.host}${req.url ?? '/'}`;
    const headers = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      connection: 'close',
    };
    if (req.method !== 'GET' || !isRedirectTarget(url, redirectUri)) {
      res.writeHead(404, headers).end();
      return;
    }
    if (received) {
      res.writeHead(409, headers).end(loopbackPage('problem'));
      return;
    }
    received = true;
    const params = new URL(url).searchParams;
    res.writeHead(200, headers).end(loopbackPage(params.has('code') && !params.has('error') ? 'done' : 'problem'));
    resolveCallback(url);
  });
  await new Promise<void>((resolve, reject) => {
    // listen errors arrive as events, not exceptions.
    server.once('error', (e: NodeJS.ErrnoException) => {
      log.warn('loopback listener could not start', { port, error: e });
      reject(
        e.code === 'EADDRINUSE'
          ? new AppFailure('sign-in-failed', `Port ${port} on this computer is in use by another program, so the browser cannot return to the app. Close that program or change the redirect URI.`)
          : new AppFailure('sign-in-failed', `The app could not listen on 127.0.0.1:${port} for the browser's answer (${e.code ?? 'error'}).`),
      );
    });
    server.listen(port, '127.0.0.1', () => resolve());
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
