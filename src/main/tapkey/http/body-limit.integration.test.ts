// A huge or endless answer from the API ends in a clear error, with the reading process's memory bounded. The
// peer is a local HTTP server in this process; the reader is a child process that measures its own peak memory.
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runJsonChild } from '../../secrets/json-child.fixture';
import { startLocalServer, type LocalServer } from './local-server.fixture';

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** A server that writes `total` bytes of a JSON array's opening (or forever), as fast as the client reads. */
async function serveBody(total: number) {
  const block = Buffer.alloc(1024 * 1024, 0x20);
  block[0] = 0x5b;
  const written = { bytes: 0 };
  server = await startLocalServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const pump = () => {
      while (written.bytes < total) {
        written.bytes += block.length;
        if (!res.write(block)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  return { url: new URL(`${server.origin}/api/v1/Owners`), written };
}

/**
 * The child runs bundled, under plain node as the built CLI does: a TypeScript loader would add its own 50 MB
 * to the figure and hide what the request layer holds.
 */
let bundled: string | null = null;
function childScript(): string {
  if (bundled) return bundled;
  const dir = mkdtempSync(path.join(tmpdir(), 'tapkey-body-limit-'));
  bundled = path.join(dir, 'child.mjs');
  buildSync({
    entryPoints: [path.join(import.meta.dirname, 'body-limit-child.fixture.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundled,
    logLevel: 'silent',
  });
  return bundled;
}
afterAll(() => {
  if (bundled) rmSync(path.dirname(bundled), { recursive: true, force: true });
});
const readInChild = (url: URL) =>
  runJsonChild<{ code: string; message?: string; maxRssMB: number }>(
    process.execPath,
    [childScript(), url.href],
    {},
  );

describe('bounded bodies', () => {
  it.each([
    ['a 300 MB body', 300 * 1024 * 1024],
    ['an endless body', Infinity],
  ])(
    '%s ends in malformed-response, with the reading process well under 200 MB',
    async (_name, total) => {
      const { url, written } = await serveBody(total);
      const r = await readInChild(url);
      expect(r).toMatchObject({
        code: 'malformed-response',
        message: 'Tapkey sent an answer larger than 64 MB while loading the test list.',
      });
      expect(r.maxRssMB).toBeLessThan(200);
      // The transfer stopped near the limit: the server wrote at most its buffers' worth past 64 MB.
      expect(written.bytes).toBeLessThan(128 * 1024 * 1024);
    },
  );
});
