import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { INVOKE_PATH } from './invoke-path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves the built renderer (dist/renderer) on loopback with the app's CSP, as app:// does in Electron; with
 * `api`, also answers the page's calls to main: a POST to INVOKE_PATH with `{ channel, args }` as JSON.
 */
export async function serveRenderer(
  root: string,
  csp: string,
  api?: { invoke(body: string): Promise<string> },
): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`No built renderer at ${root}: run \`npm run build\` first.`);
  }
  const server: Server = createServer((req, res) => {
    if (api && req.method === 'POST' && req.url === INVOKE_PATH) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        api.invoke(Buffer.concat(chunks).toString('utf8')).then(
          (text) => res.writeHead(200, { 'content-type': 'application/json' }).end(text),
          (e: unknown) => res.writeHead(500).end(String(e)),
        );
      });
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.resolve(root, '.' + (pathname === '/' ? '/index.html' : pathname));
    if (
      !file.startsWith(path.resolve(root) + path.sep) ||
      !existsSync(file) ||
      !statSync(file).isFile()
    ) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Chromium keeps idle keep-alive sockets open per context; without this, close waits for their timeout.
        server.closeAllConnections();
      }),
  };
}

/** `entry` bundled into one script a page can run (an IIFE for the Chromium the tests and benchmarks use). */
export function pageScript(entry: string): string {
  return buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
  }).outputFiles[0]!.text;
}
