// A real HTTP server on a loopback port, for tests of the request layer against a peer that misbehaves on
// purpose (never answers, drops the connection, sends too much). Closed with everything it still holds open.
import { createServer, type RequestListener, type Server } from 'node:http';
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
