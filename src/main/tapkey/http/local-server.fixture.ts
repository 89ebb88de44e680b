// A real HTTP server on a loopback port, for tests of the request layer against a peer that misbehaves on
// purpose (never answers, drops the connection, sends too much). Closed with everything it still holds open.
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A started server: its base URL and how to stop it. */
export interface LocalServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 (`port` 0: any free one). */
export async function startLocalServer(handler: RequestListener, port = 0): Promise<LocalServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const at = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${at}`,
    port: at,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Answers `status` with a JSON body just past the 64 MB limit (65 blocks of 1 MB of spaces), written as fast as
 * the reader takes it, so a test sees the reader stop at the limit rather than buffer the whole answer.
 */
export function sendPastBodyLimit(res: ServerResponse, status: number): void {
  const block = Buffer.alloc(1024 * 1024, 0x20);
  res.writeHead(status, { 'content-type': 'application/json' });
  let left = 65;
  const pump = () => {
    while (left-- > 0) if (!res.write(block)) return void res.once('drain', pump);
    res.end();
  };
  pump();
}
