// A loopback port for a test's redirect URI or a server that must not be there: Node alone, so unit tests may use
// it without loading the sandbox or a browser.
import { createServer } from 'node:net';

/** A loopback port nobody listens on right now, so parallel tests never share a redirect URI. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
